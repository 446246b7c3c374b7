package dev.signon.client.admin;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person's acceptance of one version of the host's user agreement.
 *
 * @param version the version accepted
 * @param acceptedAt when
 * @param ipAddress the address it was accepted from, if known
 */
public record AgreementAcceptance(int version, Instant acceptedAt, @Nullable String ipAddress) {
  /** Checks the parts. */
  public AgreementAcceptance {
    Objects.requireNonNull(acceptedAt, "acceptedAt");
  }
}
