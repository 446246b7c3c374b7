package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.testing.Postgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token endpoint's throttling of client authentication for {@code client_credentials} and the
 * code exchange, on each store: on the JDBC stores the check rides on the token's insert or the
 * code's redemption (PostgreSQL) or is read when the request's transaction ends, and must refuse
 * exactly as a check read first does (429 {@code temporarily_unavailable}, right secret or wrong,
 * whatever the request would have answered), with no token stored and no code spent.
 */
class ThrottledClientCredentialsTest {
  private static final String ADDRESS = "198.51.100.7";
  private static final String OTHER_ADDRESS = "198.51.100.8";

  private final List<EngineFixture> hosts = new ArrayList<>();

  /**
   * A host on {@code store} ("memory", "h2" or "postgres") with an API-only client "reports", and
   * the fixture's web client "visits" that Joe signs in to.
   */
  private final class Host {
    final @Nullable DataSource db;
    final EngineFixture f;
    final String secret;
    final Application reports;

    Host(String store) {
      SignonStore s =
          switch (store) {
            case "memory" -> {
              db = null;
              yield new InMemorySignonStore();
            }
            case "h2" -> {
              db =
                  MigrationsTest.h2InMemory(
                      "throttled_cc_" + UUID.randomUUID().toString().replace("-", ""));
              yield JdbcSignonStore.builder().dataSource(db).build();
            }
            default -> {
              db = Postgres.shared().freshDatabase();
              yield JdbcSignonStore.builder().dataSource(db).build();
            }
          };
      f =
          new EngineFixture(
              URI.create(EngineFixture.ISSUER),
              s,
              true,
              b ->
                  b.throttleSettings(
                      ThrottleSettings.builder()
                          .perAddress(
                              ThrottledAction.CLIENT_AUTHENTICATION, 3, Duration.ofMinutes(5))
                          .perAccount(
                              ThrottledAction.CLIENT_AUTHENTICATION, 10, Duration.ofMinutes(5))
                          .build()));
      EngineFixture.ApiClient client = f.registerApiClient("reports");
      secret = client.secret();
      reports = client.application();
      hosts.add(f);
    }

    private ProtocolResponse clientCredentials(String client, String secret, String... form) {
      List<String> all = new ArrayList<>(List.of("grant_type", "client_credentials"));
      all.addAll(List.of(form));
      return token(ADDRESS, client, secret, all.toArray(String[]::new));
    }

    /** The code exchange of the fixture's web client "visits", from {@code address}. */
    private ProtocolResponse exchange(String address, String code) {
      return token(address, "visits", f.visitsSecret, EngineFixture.exchangeForm(code));
    }

    private ProtocolResponse token(String address, String client, String secret, String... form) {
      ProtocolRequest.Builder b =
          ProtocolRequest.builder("POST", URI.create("/oauth/token"))
              .remoteAddress(address)
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(
                              (client + ":" + secret).getBytes(StandardCharsets.UTF_8)));
      for (int i = 0; i < form.length; i += 2) {
        b.formParameter(form[i], form[i + 1]);
      }
      return f.oauth.token(b.build());
    }

    /** Three failed authentications from the address: its limit is reached. */
    private void throttle() {
      for (int i = 0; i < 3; i++) {
        ProtocolResponse r = clientCredentials("reports", "wrong");
        assertThat(r.status()).as(r.body()).isEqualTo(401);
      }
    }

    static void assertThrottled(ProtocolResponse r) {
      assertThat(r.status()).as(r.body()).isEqualTo(429);
      assertThat(EngineFixture.json(r).get("error").asString())
          .isEqualTo("temporarily_unavailable");
      assertThat(r.header("Retry-After")).contains("300");
      assertThat(r.header("Cache-Control")).contains("no-store");
      assertThat(r.body()).doesNotContain("access_token");
    }

    /** The tokens in the database; -1 for the in-memory store, which refuses before writing. */
    private long storedTokens() throws SQLException {
      if (db == null) {
        return -1;
      }
      try (Connection c = db.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM issued_tokens")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @AfterEach
  void close() {
    hosts.forEach(h -> h.server.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void throttledClientWithTheRightSecretThen429AndNoTokenStored(String store) throws Exception {
    Host h = new Host(store);
    h.throttle();
    long before = h.storedTokens();

    Host.assertThrottled(h.clientCredentials("reports", h.secret));

    assertThat(h.storedTokens()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void throttledClientExchangingAValidCodeThen429AndTheCodeIsNotSpent(String store) {
    Host h = new Host(store);
    String code = h.f.code();
    h.throttle();

    Host.assertThrottled(h.exchange(ADDRESS, code));

    ProtocolResponse elsewhere = h.exchange(OTHER_ADDRESS, code);
    assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void throttledClientPresentingASpentCodeThen429NotInvalidGrantAndItsTokensStand(String store) {
    Host h = new Host(store);
    String code = h.f.code();
    ProtocolResponse first = h.exchange(OTHER_ADDRESS, code);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    String access = EngineFixture.json(first).get("access_token").asString();
    h.throttle();

    // A code used twice revokes its tokens; a throttled client learns nothing and revokes nothing.
    Host.assertThrottled(h.exchange(ADDRESS, code));

    ProtocolResponse info = h.f.oauth.userinfo(h.f.bearerRequest("GET", "/userinfo", access));
    assertThat(info.status()).as(info.body()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void throttledClientWithAWrongSecretThen429NotInvalidClient(String store) throws Exception {
    Host h = new Host(store);
    h.throttle();

    Host.assertThrottled(h.clientCredentials("reports", "wrong"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void throttledClientAskingAnUnknownScopeThen429NotInvalidScope(String store) throws Exception {
    Host h = new Host(store);
    h.throttle();
    assertThat(h.clientCredentials("reports", h.secret).status()).isEqualTo(429);
    h.f.clock.advance(Duration.ofMinutes(5));
    ProtocolResponse unthrottled =
        h.clientCredentials("reports", h.secret, "scope", "no-such-scope");
    assertThat(EngineFixture.json(unthrottled).get("error").asString()).isEqualTo("invalid_scope");
    h.throttle();

    Host.assertThrottled(h.clientCredentials("reports", h.secret, "scope", "no-such-scope"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void throttledClientNotAllowedClientCredentialsThen429NotUnauthorizedClient(String store)
      throws Exception {
    Host h = new Host(store);
    for (int i = 0; i < 3; i++) {
      assertThat(h.clientCredentials("visits", "wrong").status()).isEqualTo(401);
    }

    Host.assertThrottled(h.clientCredentials("visits", h.f.visitsSecret));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void throttledRetiredApplicationThen429NotUnauthorizedClient(String store) throws Exception {
    Host h = new Host(store);
    h.f.server.admin().updateApplication(Actor.host(), h.reports.toBuilder().retired(true).build());
    assertThat(EngineFixture.json(h.clientCredentials("reports", h.secret)).get("error").asString())
        .isEqualTo("unauthorized_client");
    h.throttle();

    Host.assertThrottled(h.clientCredentials("reports", h.secret));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void throttledClientWithJwtAccessTokensThen429NotATokenOrUnauthorizedClient(String store)
      throws Exception {
    Host h = new Host(store);
    Application jwt = h.reports.toBuilder().accessTokenFormat(AccessTokenFormat.JWT).build();
    h.f.server.admin().updateApplication(Actor.host(), jwt);
    assertThat(h.clientCredentials("reports", h.secret).status()).isEqualTo(200);
    h.throttle();
    long before = h.storedTokens();

    Host.assertThrottled(h.clientCredentials("reports", h.secret));
    assertThat(h.storedTokens()).isEqualTo(before);
    h.f.server.admin().updateApplication(Actor.host(), jwt.toBuilder().retired(true).build());
    Host.assertThrottled(h.clientCredentials("reports", h.secret));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void wrongSecretsAreCountedAndTheLimitIsReachedOnlyAtIt(String store) throws Exception {
    Host h = new Host(store);
    for (int i = 0; i < 2; i++) {
      assertThat(h.clientCredentials("reports", "wrong").status()).isEqualTo(401);
    }
    assertThat(h.clientCredentials("reports", h.secret).status())
        .as("below the limit")
        .isEqualTo(200);
    assertThat(h.clientCredentials("reports", "wrong").status()).isEqualTo(401);

    Host.assertThrottled(h.clientCredentials("reports", h.secret));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void aCounterOfAWindowThatEndedDoesNotBlock(String store) throws Exception {
    Host h = new Host(store);
    h.throttle();
    Host.assertThrottled(h.clientCredentials("reports", h.secret));

    h.f.clock.advance(Duration.ofMinutes(5));

    ProtocolResponse r = h.clientCredentials("reports", h.secret);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(h.storedTokens()).isIn(-1L, 1L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void concurrentWrongSecretsStillReachTheLimit(String store) throws Exception {
    Host h = new Host(store);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> h.clientCredentials("reports", "wrong").status()));
      }
      for (Future<Integer> a : answers) {
        assertThat(a.get()).isIn(401, 429);
      }
    } finally {
      pool.shutdown();
    }
    long before = h.storedTokens();

    Host.assertThrottled(h.clientCredentials("reports", h.secret));
    assertThat(h.storedTokens()).isEqualTo(before);
  }
}
