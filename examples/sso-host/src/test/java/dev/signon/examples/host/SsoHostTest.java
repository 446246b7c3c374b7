package dev.signon.examples.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.Email;
import dev.signon.core.signin.Origin;
import dev.signon.core.signin.SignInResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SsoHostTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dataDir;

  @Test
  void firstStartSeedsOnceAndSecondStartCreatesNothingAndPrintsNoPassword() throws Exception {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    String password;
    try (SsoHost host = SsoHost.start(0, dataDir, null, null, print(first))) {
      password = host.seededPassword().orElseThrow();
      assertThat(first.toString(StandardCharsets.UTF_8))
          .contains(SsoHost.ADMIN_EMAIL)
          .contains(password)
          .contains("two-step verification");
      assertThat(counts(host)).isEqualTo(new int[] {1, 2});
      HttpResponse<String> discovery =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(host.issuer() + "/.well-known/openid-configuration"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(discovery.statusCode()).isEqualTo(200);
      assertThat(discovery.body()).contains("\"issuer\":\"" + host.issuer() + "\"");
      SignInResult r =
          host.server()
              .passwordSignIn()
              .signIn(Email.of(SsoHost.ADMIN_EMAIL), password, null, Origin.unknown());
      assertThat(r)
          .as("a superadmin must set up 2SV")
          .isInstanceOf(SignInResult.TwoStepSetupRequired.class);

      assertThat(get(host, "/healthcheck/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(host, "/healthcheck/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"status\":\"ok\"");
      HttpResponse<String> metrics = get(host, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      Matcher signIns =
          Pattern.compile(
                  "(?m)^signon_signins_total\\{method=\"password\",reason=\"none\","
                      + "result=\"two_step_setup_required\"} (\\S+)$")
              .matcher(metrics.body());
      assertThat(signIns.find()).as("the sign-in above, in:%n%s", metrics.body()).isTrue();
      assertThat(Double.parseDouble(signIns.group(1))).isEqualTo(1);
      assertThat(metrics.body()).contains("hikaricp_connections_max");
    }
    for (String file :
        new String[] {SsoHost.KEY_FILE, SsoHost.DEMO_SECRET_FILE, SsoHost.SPRING_SECRET_FILE}) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file))))
          .as(file)
          .isEqualTo("rw-------");
    }
    String secret = Files.readString(dataDir.resolve(SsoHost.DEMO_SECRET_FILE));

    ByteArrayOutputStream second = new ByteArrayOutputStream();
    try (SsoHost host = SsoHost.start(0, dataDir, null, null, print(second))) {
      assertThat(host.seededPassword()).isEmpty();
      assertThat(counts(host)).isEqualTo(new int[] {1, 2});
      assertThat(second.toString(StandardCharsets.UTF_8))
          .doesNotContain(password)
          .contains("printed when this data directory");
    }
    assertThat(Files.readString(dataDir.resolve(SsoHost.DEMO_SECRET_FILE))).isEqualTo(secret);
  }

  private static HttpResponse<String> get(SsoHost host, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(host.issuer() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void startWhenKeyFileHoldsNoKeyThenRefuseNamingTheFile() throws Exception {
    Files.writeString(dataDir.resolve(SsoHost.KEY_FILE), "not a key");
    assertThatThrownBy(
            () -> SsoHost.start(0, dataDir, null, null, print(new ByteArrayOutputStream())))
        .isInstanceOf(SsoHost.StartupException.class)
        .hasMessageContaining(SsoHost.KEY_FILE);
  }

  @Test
  void startWhenImportIsRefusedThenRefuseNamingTheFileAndServeNothing() throws Exception {
    Path refused = dataDir.resolve("directory.json");
    Files.writeString(refused, "{ not json");
    assertThatThrownBy(
            () -> SsoHost.start(0, dataDir, null, refused, print(new ByteArrayOutputStream())))
        .isInstanceOf(SsoHost.StartupException.class)
        .hasMessageContaining("SIGNON_IMPORT")
        .hasMessageContaining(refused.toString());
  }

  private static int[] counts(SsoHost host) {
    return host.server()
        .store()
        .transaction(tx -> new int[] {tx.users().list().size(), tx.applications().list().size()});
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }
}
