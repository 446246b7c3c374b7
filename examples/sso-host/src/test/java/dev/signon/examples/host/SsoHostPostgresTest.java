package dev.signon.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SsoHostPostgresTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dataDir;

  @Test
  void givenADatabaseUrlTheHostKeepsItsDirectoryInPostgres() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      SsoHost.Database database =
          new SsoHost.Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      try (SsoHost host =
          SsoHost.start(
              0,
              dataDir,
              null,
              null,
              database,
              new PrintStream(first, true, StandardCharsets.UTF_8))) {
        String password = host.seededPassword().orElseThrow();
        assertThat(first.toString(StandardCharsets.UTF_8)).contains("  password     " + password);
        HttpResponse<String> discovery =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(host.issuer() + "/.well-known/openid-configuration"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("\"issuer\":\"" + host.issuer() + "\"");
      }
      // The directory is in PostgreSQL, not in an H2 file in the data directory.
      assertThat(Files.exists(dataDir.resolve("signon.mv.db"))).isFalse();
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM users")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getInt(1)).isEqualTo(1);
      }
      // A second start over the same database seeds nothing.
      try (SsoHost host =
          SsoHost.start(
              0,
              dataDir,
              null,
              null,
              database,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
        assertThat(host.seededPassword()).isEmpty();
      }
    }
  }
}
