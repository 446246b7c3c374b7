package dev.signon.spring.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.signon.client.AuthorizationRequest;
import dev.signon.client.SignonClient;
import dev.signon.testing.TestProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** {@code signon.client.profile=one-login}: GOV.UK One Login's defaults from one property. */
class OneLoginProfilePropertiesTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dir;

  @SuppressWarnings("NullAway.Init") // set before each test
  private WebApplicationContextRunner oneLogin;

  @BeforeEach
  void setUp() throws Exception {
    TestProvider provider = new TestProvider(wm).standard();
    oneLogin =
        new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SignonClientAutoConfiguration.class))
            .withPropertyValues(
                "signon.client.profile=one-login",
                "signon.client.issuer=" + provider.issuer(),
                "signon.client.client-id=reports",
                "signon.filter.public-url=https://reports.example.gov.uk");
  }

  private Path ecKeyFile() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    PrivateKey key = generator.generateKeyPair().getPrivate();
    return Files.writeString(
        dir.resolve("one-login.pem"),
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
  }

  @Test
  void profileOneLoginWithAPrivateKeyThenClCmRequestedWithTheConfiguredUserAgent()
      throws Exception {
    oneLogin
        .withPropertyValues(
            "signon.client.private-key-file=" + ecKeyFile(), "signon.client.user-agent=reports/1.4")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              AuthorizationRequest request =
                  context.getBean(SignonClient.class).authorizationRequest();
              assertThat(HttpUrl.get(request.uri()).queryParameter("vtr")).isEqualTo("[\"Cl.Cm\"]");
              assertThat(wm.getAllServeEvents())
                  .isNotEmpty()
                  .allSatisfy(
                      e ->
                          assertThat(e.getRequest().getHeader("User-Agent"))
                              .isEqualTo("reports/1.4"));
            });
  }

  @Test
  void profileOneLoginWithVtrPropertyThenThoseVectorsRequested() throws Exception {
    oneLogin
        .withPropertyValues(
            "signon.client.private-key-file=" + ecKeyFile(), "signon.client.vtr=P2.Cl.Cm")
        .run(
            context ->
                assertThat(
                        HttpUrl.get(
                                context.getBean(SignonClient.class).authorizationRequest().uri())
                            .queryParameter("vtr"))
                    .isEqualTo("[\"P2.Cl.Cm\"]"));
  }

  @Test
  void profileOneLoginWithAClientSecretThenStartupFailsNamingTheProfile() {
    assertFailure(
        oneLogin.withPropertyValues("signon.client.client-secret=s3cret-value"),
        "signon.client.profile",
        "private_key_jwt");
  }

  @Test
  void profileOneLoginWithoutAPrivateKeyThenStartupFailsNamingTheKeyFile() {
    assertFailure(oneLogin, "signon.client.private-key-file", "no private key is set");
  }

  private static void assertFailure(
      WebApplicationContextRunner runner, String property, String description) {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          FailureAnalysis analysis =
              new SignonClientFailureAnalyzer()
                  .analyze(Objects.requireNonNull(context.getStartupFailure()));
          assertThat(analysis).isNotNull();
          assertThat(Objects.requireNonNull(analysis).getDescription()).contains(description);
          assertThat(analysis.getAction()).contains("(property " + property + ")");
        });
  }
}
