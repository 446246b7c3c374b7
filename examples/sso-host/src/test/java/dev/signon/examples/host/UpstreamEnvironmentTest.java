package dev.signon.examples.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example host's upstream from its environment, as starter properties. */
class UpstreamEnvironmentTest {
  @Test
  void upstreamVariablesBecomeTheStarterProperties() {
    Map<String, Object> p =
        UpstreamEnvironment.settings(
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
  void activationRulesAndDefaultsBecomeTheStarterProperties() {
    Map<String, Object> p =
        UpstreamEnvironment.settings(
            Map.of(
                "SIGNON_UPSTREAM_NAME", "dept-a",
                "SIGNON_UPSTREAM_AUTO_ACTIVATE", "true",
                "SIGNON_UPSTREAM_EMAIL_DOMAINS", "digital.example other.example",
                "SIGNON_UPSTREAM_REQUIRE_ACTIVE", "true",
                "SIGNON_UPSTREAM_DEFAULT_ORGANISATION", "digital.example",
                "SIGNON_UPSTREAM_DEFAULT_GRANTS", "demo-app:reporting editor, spring-app,a.b:x"));

    String prefix = "signon.server.upstreams.dept-a.";
    assertThat(p)
        .containsEntry(prefix + "email-domains", "digital.example,other.example")
        .containsEntry(prefix + "require-active-at-upstream", "true")
        .containsEntry(prefix + "default-organisation", "digital.example")
        .containsEntry(prefix + "default-grants[demo-app]", "reporting,editor")
        .containsEntry(prefix + "default-grants[spring-app]", "")
        .containsEntry(prefix + "default-grants[a.b]", "x");
  }

  @Test
  void grantWithoutClientIdIsRefusedNamingTheVariable() {
    assertThatThrownBy(
            () ->
                UpstreamEnvironment.settings(
                    Map.of(
                        "SIGNON_UPSTREAM_NAME", "dept-a",
                        "SIGNON_UPSTREAM_DEFAULT_GRANTS", "demo-app:reporting,:editor")))
        .isInstanceOf(SsoHost.StartupException.class)
        .hasMessageContaining("SIGNON_UPSTREAM_DEFAULT_GRANTS");
  }

  @Test
  void withoutAnUpstreamNameNothingIsSet() {
    assertThat(UpstreamEnvironment.settings(Map.of("SIGNON_UPSTREAM_ISSUER", "https://x.example")))
        .isEmpty();
  }
}
