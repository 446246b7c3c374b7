package dev.signon.spring.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.federation.Upstream;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code signon.server.upstreams.*} and {@code signon.server.sign-in.password-enabled}. */
class UpstreamPropertiesTest {
  static final String KEK = KeyEncryptionKey.generate(new SecureRandom()).revealBase64();

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path dir;

  /** A host over an in-memory store, without its jobs: the runner of the upstream tests. */
  static final ApplicationContextRunner RUNNER =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SignonServerAutoConfiguration.class))
          .withPropertyValues(
              "signon.server.issuer=https://signon.example.gov.uk",
              "signon.server.key-encryption-key=" + KEK,
              "signon.server.jobs.enabled=false")
          .withBean(SignonStore.class, InMemorySignonStore::new);

  private final ApplicationContextRunner runner = RUNNER;

  @Test
  void upstreamWithPrivateKeyFileAndPasswordsOffReachTheEngine() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    Path key = dir.resolve("one-login.pem");
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    runner
        .withPropertyValues(
            "signon.server.sign-in.password-enabled=false",
            "signon.server.upstreams.one-login.display-name=GOV.UK One Login",
            "signon.server.upstreams.one-login.issuer=https://oidc.integration.account.gov.uk/",
            "signon.server.upstreams.one-login.client-id=abc",
            "signon.server.upstreams.one-login.private-key-file=" + key,
            "signon.server.upstreams.one-login.key-id=k1",
            "signon.server.upstreams.one-login.scopes=openid,email",
            "signon.server.upstreams.one-login.vtr=Cl.Cm")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              FederationSettings s =
                  context.getBean(SignonServer.class).upstreamArrivals().settings();
              assertThat(s.passwordSignIn()).isFalse();
              Upstream u = s.upstream("one-login").orElseThrow();
              assertThat(u.displayName()).isEqualTo("GOV.UK One Login");
              assertThat(u.privateKey()).isNotNull();
              assertThat(u.keyId()).isEqualTo("k1");
              assertThat(u.scopes()).containsExactly("openid", "email");
              assertThat(u.vtr()).isEqualTo("Cl.Cm");
            });
  }

  @Test
  void passwordsOffWithoutUpstreamStopsStartUp() {
    runner
        .withPropertyValues("signon.server.sign-in.password-enabled=false")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void upstreamWithoutIssuerStopsStartUp() {
    runner
        .withPropertyValues("signon.server.upstreams.x.client-id=abc")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void upstreamStartAndCallbackAreMappedAtTheRoot() {
    assertThat(
            SignonServerAutoConfiguration.mappings(
                java.net.URI.create("https://signon.example.gov.uk"),
                "",
                dev.signon.core.oauth.EndpointPaths.defaults(),
                "/api/admin/v1",
                true))
        .contains("/sign-in/upstream/*");
  }
}
