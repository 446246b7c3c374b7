package dev.signon.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example host's upstream from its environment, as starter properties. */
class UpstreamEnvironmentTest {
  @Test
  void upstreamVariablesBecomeTheStarterProperties() {
    Map<String, Object> p =
        SsoHost.upstreamSettings(
            Map.of(
                "SIGNON_UPSTREAM_NAME", "one-login",
                "SIGNON_UPSTREAM_ISSUER", "https://oidc.integration.account.gov.uk/",
                "SIGNON_UPSTREAM_CLIENT_ID", "abc",
                "SIGNON_UPSTREAM_PRIVATE_KEY_FILE", "/run/secrets/one-login.pem",
                "SIGNON_UPSTREAM_SCOPES", "openid email",
                "SIGNON_UPSTREAM_VTR", "Cl.Cm",
                "SIGNON_UPSTREAM_AUTO_ACTIVATE", "true",
                "SIGNON_PASSWORD_SIGN_IN", "false"));

    assertThat(p)
        .containsEntry(
            "signon.server.upstreams.one-login.issuer", "https://oidc.integration.account.gov.uk/")
        .containsEntry("signon.server.upstreams.one-login.client-id", "abc")
        .containsEntry(
            "signon.server.upstreams.one-login.private-key-file", "/run/secrets/one-login.pem")
        .containsEntry("signon.server.upstreams.one-login.scopes", "openid,email")
        .containsEntry("signon.server.upstreams.one-login.vtr", "Cl.Cm")
        .containsEntry("signon.server.upstreams.one-login.auto-activate", "true")
        .containsEntry("signon.server.sign-in.password-enabled", "false");
  }

  @Test
  void withoutAnUpstreamNameNothingIsSet() {
    assertThat(SsoHost.upstreamSettings(Map.of("SIGNON_UPSTREAM_ISSUER", "https://x.example")))
        .isEmpty();
  }
}
