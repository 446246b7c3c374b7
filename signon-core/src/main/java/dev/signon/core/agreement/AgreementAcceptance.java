package dev.signon.core.agreement;

import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person's acceptance of one version of the user agreement: who, which version, when and from
 * which address.
 *
 * @param user the person who accepted
 * @param version the version they accepted
 * @param acceptedAt when
 * @param ipAddress the address of the request that accepted, if known
 */
public record AgreementAcceptance(
    UserId user, int version, Instant acceptedAt, @Nullable String ipAddress) {
  /** Checks the parts. */
  public AgreementAcceptance {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1: " + version);
    }
  }
}
