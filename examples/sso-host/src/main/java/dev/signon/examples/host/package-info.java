/** An example SSO host: a Spring Boot application on the Signon starter, seeded on first start. */
@NullMarked
package dev.signon.examples.host;

import org.jspecify.annotations.NullMarked;
