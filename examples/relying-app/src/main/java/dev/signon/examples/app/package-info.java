/** An example relying app: a tiny servlet behind {@code SignonFilter} in embedded Jetty. */
@NullMarked
package dev.signon.examples.app;

import org.jspecify.annotations.NullMarked;
