/**
 * Signing people in through upstream OpenID Providers (GOV.UK One Login, another Signon host, any
 * standard provider): each {@link dev.signon.core.federation.Upstream}'s configuration, the links
 * from an upstream identity (issuer and subject) to an account, the rules that match an arriving
 * identity to an account ({@link dev.signon.core.federation.UpstreamArrivals}), and activation:
 * pending accounts, pre-activation and auto-activation from trusted upstreams.
 *
 * <p>Core holds no HTTP client: the protocol with the upstream (state, nonce, PKCE, code exchange,
 * ID-token validation) is done through {@link dev.signon.core.federation.UpstreamProtocol}, which
 * {@code signon-servlet} implements with {@code signon-client}.
 */
@NullMarked
package dev.signon.core.federation;

import org.jspecify.annotations.NullMarked;
