package dev.signon.spring.server;

import dev.signon.core.federation.FederationSettings;
import java.io.IOException;
import java.util.Map;

/** Turns {@code signon.server.upstreams.*} and the password switch into the engine's settings. */
final class SignonUpstreams {
  private SignonUpstreams() {}

  /**
   * The upstreams and the password switch of {@code properties}.
   *
   * @throws SignonConfigurationException naming the upstream whose settings are refused
   */
  static FederationSettings federation(SignonServerProperties properties) {
    FederationSettings.Builder b =
        FederationSettings.builder().passwordSignIn(properties.getSignIn().isPasswordEnabled());
    for (Map.Entry<String, SignonUpstreamProperties> e : properties.getUpstreams().entrySet()) {
      String prefix = "signon.server.upstreams." + e.getKey();
      try {
        b.upstream(e.getValue().toUpstream(e.getKey()));
      } catch (IOException | RuntimeException ex) {
        throw new SignonConfigurationException(
            "The " + prefix + ".* settings are refused: " + ex.getMessage(),
            "Give "
                + prefix
                + " an issuer, a client-id and a readable client-secret-file or"
                + " private-key-file (PKCS#8 PEM); the name must be lower-case letters, digits"
                + " and hyphens.",
            ex);
      }
    }
    try {
      return b.build();
    } catch (IllegalStateException ex) {
      throw new SignonConfigurationException(
          "signon.server.sign-in.password-enabled=false is refused: " + ex.getMessage(),
          "Configure at least one signon.server.upstreams.<name> or leave passwords on.",
          ex);
    }
  }
}
