/**
 * Serves a Signon host's OAuth 2.0 / OpenID Connect endpoints in any Jakarta Servlet 6 container:
 * {@link dev.signon.servlet.host.SignonEndpointServlet} translates each HTTP request into the
 * engine's {@code ProtocolRequest} and copies its {@code ProtocolResponse} back; {@link
 * dev.signon.servlet.host.SignInPages} are the host's own pages for people (sign-in, two-step
 * verification, emailed links, profile), and {@link dev.signon.servlet.host.SessionCookieGate}
 * tells the engine who is signed in through their session cookie. Only hosts use this package; it
 * needs {@code signon-core} on the class path, which relying apps do not have.
 */
@NullMarked
package dev.signon.servlet.host;

import org.jspecify.annotations.NullMarked;
