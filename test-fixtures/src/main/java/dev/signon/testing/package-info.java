/**
 * Fixtures the modules' tests share: {@link dev.signon.testing.MutableClock}, {@link
 * dev.signon.testing.TestProvider}, a fake OpenID Provider and Signon host on WireMock, and {@link
 * dev.signon.testing.Authenticator}, an authenticator app for two-step verification.
 */
@NullMarked
package dev.signon.testing;

import org.jspecify.annotations.NullMarked;
