package dev.signon.spring.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A host with Spring Boot Actuator and the Prometheus registry, as production hosts run: the
 * engine's health in {@code /actuator/health} and its meters in {@code /actuator/prometheus}, read
 * over HTTP, on a clock the test moves.
 */
@SpringBootTest(
    classes = SignonActuatorTest.HostApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "signon.server.issuer=http://localhost",
      "signon.server.jobs.enabled=false",
      "spring.datasource.url=jdbc:h2:mem:starter-actuator;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
          + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
      "management.endpoints.web.exposure.include=health,prometheus",
      "management.endpoint.health.show-details=always"
    })
class SignonActuatorTest {
  static final Instant START = Instant.parse("2026-06-01T09:00:00Z");

  /** Spring Boot's auto-configuration, the host's key and a clock the test moves. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class HostApplication {
    @Bean
    KeyEncryptionKey testKey() {
      return KeyEncryptionKey.generate(new SecureRandom());
    }

    @Bean
    MutableClock clock() {
      return new MutableClock(START);
    }
  }

  @LocalServerPort int port;

  @Autowired
  @SuppressWarnings("NullAway.Init")
  SignonServer server;

  @Autowired
  @SuppressWarnings("NullAway.Init")
  MutableClock clock;

  @Autowired
  @SuppressWarnings("NullAway.Init")
  Clock engineClock;

  private final HttpClient http = HttpClient.newHttpClient();
  private final SecureRandom random = new SecureRandom();

  @Test
  void healthShowsTheStoreAndTheSigningKeysOfTheHost() throws Exception {
    HttpResponse<String> r = get("/actuator/health");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode signon = JsonMapper.builder().build().readTree(r.body()).path("components");
    assertThat(signon.path("signon").path("status").asString()).isEqualTo("UP");
    JsonNode parts = signon.path("signon").path("components");
    assertThat(parts.path("store").path("status").asString()).isEqualTo("UP");
    assertThat(parts.path("store").path("details").path("detail").asString())
        .isEqualTo("the store answers");
    assertThat(parts.path("signingKeys").path("status").asString()).isEqualTo("UP");
    assertThat(parts.path("signingKeys").path("details").path("published").asInt())
        .isGreaterThanOrEqualTo(1);

    assertThat(get("/healthcheck/live").statusCode()).isEqualTo(200);
    assertThat(get("/healthcheck/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void prometheusShowsEachApplicationTokensSecondsLeftByTheHostsClock() throws Exception {
    assertThat(engineClock).as("the engine reads the test's clock").isSameAs(clock);
    Actor host = Actor.host();
    String email = "publisher" + random.nextInt(1_000_000) + "@example.gov.uk";
    User api = server.admin().createApiUser(host, "Publisher", Email.of(email));
    Application app = apiOnlyApplication("Content API", ClientSecret.mint(random));
    NewApplicationToken t =
        server.applicationTokens().create(host, api.uid(), app.id(), Duration.ofDays(90));
    // The expiry check refreshes the gauges (the housekeeping runs it too).
    assertThat(get("/healthcheck/api-tokens").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofDays(10).plusSeconds(30));

    String scrape = get("/actuator/prometheus").body();

    OptionalDouble left =
        value(
            scrape,
            "signon_api_token_expiry_seconds",
            Map.of(
                "api_user",
                email,
                "application",
                "Content API",
                "token_id",
                t.token().id().toString()));
    assertThat(left).hasValue(Duration.ofDays(80).minusSeconds(30).toSeconds());
    assertThat(scrape).doesNotContain(t.value().reveal());
  }

  @Test
  void prometheusCountsEachClientCredentialsTokenIssuedAndThePool() throws Exception {
    ClientSecret secret = ClientSecret.mint(random);
    Application app = apiOnlyApplication("Reports API", secret);
    Map<String, String> issued = Map.of("grant_type", "client_credentials", "result", "issued");
    Map<String, String> refused =
        Map.of("grant_type", "client_credentials", "result", "invalid_client");
    String before = get("/actuator/prometheus").body();

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = token(app.clientId(), secret.value().reveal());
      assertThat(r.statusCode()).isEqualTo(200);
    }
    assertThat(token(app.clientId(), "wrong").statusCode()).isEqualTo(401);
    String after = get("/actuator/prometheus").body();

    String requests = "signon_token_requests_total";
    assertThat(value(after, requests, issued).orElse(0) - value(before, requests, issued).orElse(0))
        .isEqualTo(2);
    assertThat(
            value(after, requests, refused).orElse(0) - value(before, requests, refused).orElse(0))
        .isEqualTo(1);
    assertThat(
            value(
                after,
                "signon_oauth_refusals_total",
                Map.of("endpoint", "token", "error", "invalid_client")))
        .isPresent();
    assertThat(
            value(
                    after,
                    "signon_store_transactions_seconds_count",
                    Map.of("isolation", "read_committed", "outcome", "committed"))
                .orElse(0))
        .as("client authentication reads at read committed")
        .isGreaterThanOrEqualTo(3);
    // The pool under the JDBC store is Spring Boot's HikariCP, which Boot meters itself.
    assertThat(value(after, "hikaricp_connections_max", Map.of())).hasValue(10);
  }

  private Application apiOnlyApplication(String name, ClientSecret secret) {
    return server
        .admin()
        .createApplication(
            Actor.host(),
            Application.builder()
                .id(server.admin().newApplicationId())
                .clientId("app-" + random.nextInt(1_000_000))
                .name(name)
                .apiOnly(true)
                .clientSecretHash(secret.hash())
                .build());
  }

  /**
   * The value of the first sample of {@code metric} in a Prometheus text scrape whose labels
   * include {@code labels}.
   */
  static OptionalDouble value(String scrape, String metric, Map<String, String> labels) {
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
        continue;
      }
      boolean all =
          labels.entrySet().stream()
              .allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return OptionalDouble.empty();
  }

  private HttpResponse<String> token(String clientId, String secret)
      throws IOException, InterruptedException {
    Map<String, String> form =
        Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret);
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
