/**
 * What the host counts and times as it works: tokens issued and refused, sign-ins, store
 * transactions and retries, application tokens' expiry and rotations. {@link
 * dev.signon.core.metrics.SignonMetrics} is the small interface the engine reports to; without a
 * Micrometer {@code MeterRegistry} given to {@code SignonServer.Builder} it does nothing and no
 * Micrometer class is loaded. The meters are listed in {@code docs/METRICS.md}.
 */
@NullMarked
package dev.signon.core.metrics;

import org.jspecify.annotations.NullMarked;
