package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.application.Application;
import dev.signon.core.directory.UserRole;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's applications over HTTP: register, a client secret shown once, rotate it. */
class AdminConsoleApplicationsTest {
  private static final Pattern SECRET =
      Pattern.compile("id=\"client-secret\"[^>]* value=\"([^\"]+)\"");

  private PagesHost host;
  private Browser ada;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    ada = host.signedIn("ada@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private Browser.Page register(String clientId, String redirect) throws Exception {
    return ada.post(
        host.url("/admin/applications/new"),
        "name",
        "Reports",
        "description",
        "Monthly reports",
        "client_id",
        clientId,
        "redirect_uris",
        redirect,
        "service_uri",
        "https://reports.example.gov.uk/",
        "roles",
        "editor | Edits reports | delegated\nviewer | Reads reports",
        "client_auth",
        "secret",
        "id_token_alg",
        "RS256",
        "access_token_format",
        "OPAQUE");
  }

  private static String secret(Browser.Page p) {
    Matcher m = SECRET.matcher(p.body());
    assertThat(m.find()).as("a secret on the page").isTrue();
    return m.group(1);
  }

  /** The status of the introspection endpoint for the client credentials given. */
  private int introspect(String clientId, String secret) throws Exception {
    OkHttpClient http = new OkHttpClient();
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (clientId + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Request r =
        new Request.Builder()
            .url(host.url("/oauth/introspect"))
            .header("Authorization", "Basic " + basic)
            .post(new FormBody.Builder().add("token", "nothing").build())
            .build();
    try (Response res = http.newCall(r).execute()) {
      return res.code();
    }
  }

  private Application stored(String clientId) {
    return host.server
        .store()
        .transaction(tx -> tx.applications().findByClientId(clientId))
        .orElseThrow();
  }

  @Test
  void anApplicationIsRegisteredWithASecretShownOnceAndRotatedAfterAConfirmation()
      throws Exception {
    Browser.Page shown = register("reports", "https://reports.example.gov.uk/callback");
    assertThat(shown.statusCode()).isEqualTo(200);
    String first = secret(shown);
    Application app = stored("reports");
    assertThat(app.roles()).extracting(r -> r.name()).contains("signin", "editor", "viewer");
    assertThat(app.role("editor").orElseThrow().delegated()).isTrue();
    assertThat(introspect("reports", first)).isEqualTo(200);

    String page = host.url("/admin/applications/" + app.id().value());
    String detail = ada.get(page).body();
    assertThat(detail).contains("Rotate client secret").doesNotContain(first);
    assertThat(ada.get(host.url("/admin/applications")).body()).contains("reports");

    Browser.Page ask = ada.get(page + "/secret");
    assertThat(ask.body()).contains("name=\"confirmed\" value=\"yes\"");
    assertThat(introspect("reports", first)).as("not rotated before confirming").isEqualTo(200);
    Browser.Page rotated = ada.post(page + "/secret", "confirmed", "yes");
    assertThat(rotated.statusCode()).isEqualTo(200);
    String second = secret(rotated);
    assertThat(second).isNotEqualTo(first);
    assertThat(introspect("reports", first)).as("the old secret").isEqualTo(401);
    assertThat(introspect("reports", second)).as("the new secret").isEqualTo(200);
  }

  @Test
  void validationErrorsAreShownWithWhatWasTypedKept() throws Exception {
    Browser.Page bad = register("bad client id!", "not a uri");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body())
        .contains("<a href=\"#client_id\">")
        .contains("<a href=\"#redirect_uris\">")
        .contains("value=\"Reports\"")
        .contains("editor | Edits reports | delegated")
        .doesNotContain("id=\"client-secret\"");
    java.util.Optional<Application> none =
        host.server.store().transaction(tx -> tx.applications().findByClientId("bad client id!"));
    assertThat(none).isEmpty();
  }

  @Test
  void editingKeepsTheSecretAndChangesTheSettings() throws Exception {
    String first = secret(register("reports", "https://reports.example.gov.uk/callback"));
    Application app = stored("reports");
    String page = host.url("/admin/applications/" + app.id().value());
    Browser.Page saved =
        ada.post(
            page,
            "name",
            "Reports 2",
            "redirect_uris",
            "https://reports.example.gov.uk/callback\nhttps://reports.example.gov.uk/cb2",
            "roles",
            "viewer | Reads reports",
            "client_auth",
            "secret",
            "id_token_alg",
            "ES256",
            "access_token_format",
            "JWT");
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(location(saved)).endsWith("?done=saved");
    Application after = stored("reports");
    assertThat(after.name()).isEqualTo("Reports 2");
    assertThat(after.redirectUris()).hasSize(2);
    assertThat(after.hasRole("editor")).isFalse();
    assertThat(introspect("reports", first)).isEqualTo(200);
  }

  @Test
  void anAdminWhoIsNotASuperadminGetsTheForbiddenPage() throws Exception {
    host.person("Alan Admin", "alan@example.gov.uk", UserRole.ADMIN);
    Browser alan = host.signedIn("alan@example.gov.uk");
    assertThat(alan.get(host.url("/admin/applications")).statusCode()).isEqualTo(403);
    assertThat(alan.get(host.url("/admin/applications/" + host.visits.id().value())).statusCode())
        .isEqualTo(403);
    Browser.Page post =
        alan.post(host.url("/admin/applications/new"), "name", "X", "client_id", "x");
    assertThat(post.statusCode()).isEqualTo(403);
  }
}
