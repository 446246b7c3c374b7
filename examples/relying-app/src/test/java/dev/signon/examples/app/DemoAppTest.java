package dev.signon.examples.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.examples.host.SsoHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo app against the example host, both in this JVM on free ports. */
class DemoAppTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dataDir;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  SsoHost host;

  @SuppressWarnings("NullAway.Init") // set in @BeforeEach
  DemoApp app;

  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    host = SsoHost.start(0, dataDir, null, null, quiet);
    Map<String, String> env =
        Map.of(
            "DEMO_PORT", "0",
            "SIGNON_ISSUER", host.issuer().toString(),
            "SIGNON_CLIENT_SECRET_FILE", dataDir.resolve(SsoHost.DEMO_SECRET_FILE).toString());
    app = DemoApp.start(env::get, quiet);
  }

  @AfterEach
  void stop() {
    app.close();
    host.close();
  }

  @Test
  void anonymousVisitorIsSentToTheHostsAuthorizeEndpoint() throws Exception {
    HttpResponse<String> res = get("/", Map.of());
    assertThat(res.statusCode()).isEqualTo(302);
    String location = res.headers().firstValue("Location").orElseThrow();
    assertThat(location)
        .startsWith(host.issuer() + "/oauth/authorize?")
        .contains("client_id=" + SsoHost.DEMO_CLIENT_ID)
        .contains("code_challenge_method=S256");
  }

  @Test
  void apiWithoutBearerTokenThenUnauthorized() throws Exception {
    HttpResponse<String> res = get("/api/whoami", Map.of());
    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(res.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
  }

  @Test
  void escapesWhatItShows() {
    assertThat(DemoApp.Pages.html("<b a=\"x\">'&"))
        .isEqualTo("&lt;b a=&quot;x&quot;&gt;&#39;&amp;");
    assertThat(DemoApp.Pages.jsonString("a\"</script>\n"))
        .isEqualTo("\"a\\\"\\u003c/script>\\u000a\"");
  }

  @Test
  void readsAPkcs8PemPrivateKeyForPrivateKeyJwt() throws Exception {
    for (String algorithm : new String[] {"RSA", "EC"}) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
      PrivateKey key = generator.generateKeyPair().getPrivate();
      Path pem = dataDir.resolve(algorithm + ".pem");
      Files.writeString(
          pem,
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder().encodeToString(key.getEncoded())
              + "\n-----END PRIVATE KEY-----\n");
      assertThat(DemoApp.privateKey(pem).getEncoded()).as(algorithm).isEqualTo(key.getEncoded());
    }
  }

  private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + path));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
