/**
 * Fixtures the modules' tests share: {@link dev.signon.testing.MutableClock} and {@link
 * dev.signon.testing.TestProvider}, a fake OpenID Provider and Signon host on WireMock.
 */
@NullMarked
package dev.signon.testing;

import org.jspecify.annotations.NullMarked;
