/**
 * An example SSO host: the engine and the sign-in pages in embedded Jetty, seeded on first start.
 */
@NullMarked
package dev.signon.examples.host;

import org.jspecify.annotations.NullMarked;
