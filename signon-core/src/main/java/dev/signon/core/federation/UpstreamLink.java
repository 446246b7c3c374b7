package dev.signon.core.federation;

import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * That an upstream identity (issuer and subject) is an account here.
 *
 * @param issuer the upstream's issuer identifier
 * @param subject the person's {@code sub} there
 * @param user the account
 * @param upstream the name of the upstream it was linked through
 * @param createdAt when it was linked
 */
public record UpstreamLink(
    String issuer, String subject, UserId user, String upstream, Instant createdAt) {
  /** Checks the parts. */
  public UpstreamLink {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
