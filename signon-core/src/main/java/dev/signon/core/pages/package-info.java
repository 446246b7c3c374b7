/**
 * The host's own pages for people as functions from a {@link dev.signon.core.oauth.ProtocolRequest}
 * to a {@link dev.signon.core.oauth.ProtocolResponse}, like the OAuth endpoints: signing in
 * (password, two-step verification and its set-up, a forced password change, a forgotten password,
 * a sign-in link), the emailed links, the profile page and signing out. {@link
 * dev.signon.core.pages.HostPages} routes by path and method, checks the CSRF token and sets the
 * cookies and security headers; a {@link dev.signon.core.pages.PageRenderer} turns the view models
 * into HTML, so no template engine is a dependency of the engine.
 */
@NullMarked
package dev.signon.core.pages;

import org.jspecify.annotations.NullMarked;
