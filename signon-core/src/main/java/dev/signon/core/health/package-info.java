/**
 * Whether a host can serve: {@link dev.signon.core.health.HostHealth} answers the liveness and
 * readiness checks a load balancer or an orchestrator asks ({@code /healthcheck/live} and {@code
 * /healthcheck/ready}, as GOV.UK Signon has them).
 */
@NullMarked
package dev.signon.core.health;

import org.jspecify.annotations.NullMarked;
