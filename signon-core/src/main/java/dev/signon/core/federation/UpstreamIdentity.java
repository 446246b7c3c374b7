package dev.signon.core.federation;

import dev.signon.core.directory.Email;
import dev.signon.core.internal.Checks;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person as an upstream vouched for them, after the protocol checks (state, nonce, PKCE, the ID
 * token's signature and claims) have passed.
 *
 * @param upstream the name of the upstream they came through
 * @param issuer the upstream's issuer, as in the ID token's {@code iss}
 * @param subject the ID token's {@code sub}
 * @param email the email the upstream asserted, or null
 * @param emailVerified whether the upstream asserted {@code email_verified: true}
 * @param name the person's name as the upstream gave it, or null
 * @param activeAtUpstream for a Signon upstream, whether its {@code user_details} says the person
 *     is active there; null when not known
 */
public record UpstreamIdentity(
    String upstream,
    URI issuer,
    String subject,
    @Nullable Email email,
    boolean emailVerified,
    @Nullable String name,
    @Nullable Boolean activeAtUpstream) {
  /** Checks the parts. */
  public UpstreamIdentity {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(issuer, "issuer");
    subject = Checks.text("subject", subject, 255);
  }
}
