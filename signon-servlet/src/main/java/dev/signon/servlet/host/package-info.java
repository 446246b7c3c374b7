/**
 * Serves a Signon host in any Jakarta Servlet 6 container: {@link
 * dev.signon.servlet.host.SignonEndpointServlet} translates each HTTP request once into the
 * engine's {@code ProtocolRequest} and copies its {@code ProtocolResponse} back, for the OAuth
 * endpoints, the admin API and the host's own pages for people, which it draws from Mustache
 * templates. Only hosts use this package; it needs {@code signon-core} on the class path, which
 * relying apps do not have.
 */
@NullMarked
package dev.signon.servlet.host;

import org.jspecify.annotations.NullMarked;
