package dev.signon.core.federation;

import dev.signon.core.internal.Checks;
import java.util.Objects;
import java.util.Set;

/**
 * A grant given to each person a trusted upstream activates: an application, by client id, and some
 * of its roles ({@code signin} is always added).
 *
 * @param clientId the application's client id
 * @param roles the roles besides {@code signin}
 */
public record UpstreamGrant(String clientId, Set<String> roles) {
  /** Checks the parts and copies the roles. */
  public UpstreamGrant {
    clientId = Checks.text("clientId", clientId, 255);
    roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
  }

  /** A grant of {@code signin} and the given roles on the application {@code clientId}. */
  public static UpstreamGrant of(String clientId, String... roles) {
    return new UpstreamGrant(clientId, Set.of(roles));
  }
}
