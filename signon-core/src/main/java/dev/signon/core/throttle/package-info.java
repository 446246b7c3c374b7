/**
 * Throttling: how many sign-in attempts, two-step codes, emailed-link requests and failed client
 * authentications one client address and one account may make in a window ({@link
 * dev.signon.core.throttle.ThrottleSettings}), the counters kept in the store so that every host
 * instance shares them, and which client address to believe behind proxies ({@link
 * dev.signon.core.throttle.TrustedProxies}).
 */
@NullMarked
package dev.signon.core.throttle;

import org.jspecify.annotations.NullMarked;
