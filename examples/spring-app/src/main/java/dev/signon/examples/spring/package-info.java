/** The example Spring Boot relying app: Signon comes from the starter and a few properties. */
@NullMarked
package dev.signon.examples.spring;

import org.jspecify.annotations.NullMarked;
