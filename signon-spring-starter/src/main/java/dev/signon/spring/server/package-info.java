/**
 * Spring Boot auto-configuration of a Signon host: the engine ({@link
 * dev.signon.core.SignonServer}) from {@code signon.server.*} properties over the application's
 * {@code DataSource}, its endpoints and sign-in pages in the application's servlet container,
 * email, and the scheduled housekeeping. Every bean gives way to one the application defines.
 */
@NullMarked
package dev.signon.spring.server;

import org.jspecify.annotations.NullMarked;
