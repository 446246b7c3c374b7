package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ClientSecret;
import dev.signon.testing.MutableClock;
import dev.signon.testing.Postgres;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each endpoint sends to PostgreSQL, counted by a data source that sees every statement,
 * commit and savepoint (see {@link RoundTripCounter}), once the application cache is warm: the
 * counts in docs/BENCHMARKS.md come from here, and a change that adds a round trip fails here. Also
 * the application cache's refusals: a change through this host takes effect at once, one through
 * another host on the same database within the cache's time to live.
 */
class RoundTripsTest {
  private static final Duration TTL = Duration.ofSeconds(5);

  private DataSource db;
  private RoundTripCounter counter;
  private final MutableClock cacheClock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
  private EngineFixture f;
  private String reportsSecret;
  private Application reports;

  @BeforeEach
  void setUp() {
    db = Postgres.shared().freshDatabase();
    counter = new RoundTripCounter(db);
    f = new EngineFixture(store(counter));
    EngineFixture.ApiClient client = f.registerApiClient("reports");
    reportsSecret = client.secret();
    reports = client.application();
  }

  private JdbcSignonStore store(DataSource dataSource) {
    return JdbcSignonStore.builder()
        .dataSource(dataSource)
        .clock(cacheClock)
        .applicationCacheTtl(TTL)
        .build();
  }

  private ProtocolResponse clientCredentials(String secret) {
    return f.token("reports", secret, "grant_type", "client_credentials");
  }

  private String accessToken(ProtocolResponse r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return EngineFixture.json(r).get("access_token").asString();
  }

  /** Runs {@code request} once to warm the cache, then counts a second run. */
  private <T> T counted(java.util.function.Supplier<T> request) {
    var unused = request.get();
    counter.reset();
    T r = request.get();
    return r;
  }

  @Test
  void clientCredentialsTokenIsOneStatementCarryingTheThrottleCheck() {
    ProtocolResponse r = counted(() -> clientCredentials(reportsSecret));

    accessToken(r);
    assertThat(counter.sent()).hasSize(1);
    assertThat(counter.sent().get(0))
        .startsWith("INSERT INTO issued_tokens")
        .contains("NOT EXISTS (SELECT 1 FROM throttle_counters");
    // In auto-commit: a transaction of one statement, no BEGIN or COMMIT.
    assertThat(counter.autoCommitted()).isEqualTo(1);
    assertThat(counter.commits()).isZero();
  }

  @Test
  void introspectionOfAClientTokenIsOneRead() {
    String token = accessToken(clientCredentials(reportsSecret));

    ProtocolResponse r = counted(() -> f.introspect("reports", reportsSecret, token));

    assertThat(EngineFixture.json(r).get("active").asBoolean()).isTrue();
    assertThat(counter.roundTrips()).isEqualTo(1);
    assertThat(counter.commits()).isZero();
  }

  @Test
  void personEndpointsKeepTheirRoundTrips() {
    var unusedCode = counted(f::code);
    int authorize = counter.roundTrips();
    String authorizeWrites = counter.sent().get(authorize - 1);
    int authorizeCommits = counter.commits();
    String[] codes = {f.code(), f.code()};
    int[] i = {0};
    ProtocolResponse tokens =
        counted(
            () ->
                f.token(
                    "visits",
                    f.visitsSecret,
                    "grant_type",
                    "authorization_code",
                    "code",
                    codes[i[0]++],
                    "redirect_uri",
                    EngineFixture.CALLBACK,
                    "code_verifier",
                    EngineFixture.VERIFIER));
    int exchange = counter.roundTrips();
    String exchangeEnd = counter.sent().get(exchange - 1);
    String access = accessToken(tokens);
    ProtocolResponse info =
        counted(() -> f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", access)));
    assertThat(info.status()).isEqualTo(200);
    int userinfo = counter.roundTrips();
    ProtocolResponse details =
        counted(() -> f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", access)));
    int userDetails = counter.roundTrips();
    ProtocolResponse introspected = counted(() -> f.introspect("visits", f.visitsSecret, access));
    assertThat(introspected.status()).isEqualTo(200);
    int introspection = counter.roundTrips();

    assertThat(details.status()).isEqualTo(200);
    // Authorize: the user with their access (grants with their teams, in one statement; the
    // organisation graph from the cache) read in auto-commit, then the code and the monthly
    // sign-in count (an upsert) in one statement, one implicit transaction. The exchange: one
    // transaction redeeming the code (BEGIN, the throttle read and UPDATE ... RETURNING),
    // reading the user with their access and the session's use, and storing both tokens in one
    // statement with the COMMIT. A token check reads the token with its holder, and with the
    // holder's access when the answer holds their roles (user_details, introspection).
    assertThat(authorizeWrites)
        .startsWith("INSERT INTO authorization_codes")
        .contains("; INSERT INTO application_sign_ins")
        .contains("ON CONFLICT");
    assertThat(authorizeCommits).isZero();
    assertThat(exchangeEnd)
        .startsWith("INSERT INTO issued_tokens")
        .contains("; INSERT INTO issued_tokens")
        .endsWith("; COMMIT");
    assertThat(
            Map.of(
                "authorize", authorize,
                "exchange", exchange,
                "userinfo", userinfo,
                "user_details", userDetails,
                "introspection", introspection))
        .isEqualTo(
            Map.of(
                "authorize", 2,
                "exchange", 4,
                "userinfo", 1,
                "user_details", 1,
                "introspection", 2));
  }

  @Test
  void retiredHereIsRefusedAtOnce() {
    accessToken(clientCredentials(reportsSecret));

    f.server.admin().updateApplication(Actor.host(), reports.toBuilder().retired(true).build());

    assertThat(clientCredentials(reportsSecret).status()).isEqualTo(400);
  }

  @Test
  void secretRotatedHereIsRefusedAtOnce() {
    accessToken(clientCredentials(reportsSecret));
    ClientSecret rotated = ClientSecret.mint(f.random);

    f.server
        .admin()
        .updateApplication(
            Actor.host(), reports.toBuilder().clientSecretHash(rotated.hash()).build());

    ProtocolResponse old = clientCredentials(reportsSecret);
    assertThat(old.status()).isEqualTo(401);
    assertThat(EngineFixture.json(old).get("error").asString()).isEqualTo("invalid_client");
    accessToken(clientCredentials(rotated.value().reveal()));
  }

  @Test
  void retiredOnAnotherHostIsRefusedHereWithinTheTimeToLive() {
    accessToken(clientCredentials(reportsSecret));
    SignonServer other = otherHost();

    other.admin().updateApplication(Actor.host(), reports.toBuilder().retired(true).build());
    cacheClock.advance(TTL);

    ProtocolResponse r = clientCredentials(reportsSecret);
    assertThat(r.status()).isEqualTo(400);
    assertThat(EngineFixture.json(r).get("error").asString()).isEqualTo("unauthorized_client");
  }

  @Test
  void secretRotatedOnAnotherHostIsRefusedHereWithinTheTimeToLive() {
    accessToken(clientCredentials(reportsSecret));
    SignonServer other = otherHost();
    ClientSecret rotated = ClientSecret.mint(f.random);

    other
        .admin()
        .updateApplication(
            Actor.host(), reports.toBuilder().clientSecretHash(rotated.hash()).build());
    // Within the time to live this host may still take the old secret; past it, never.
    cacheClock.advance(TTL);

    ProtocolResponse old = clientCredentials(reportsSecret);
    assertThat(old.status()).isEqualTo(401);
    assertThat(EngineFixture.json(old).get("error").asString()).isEqualTo("invalid_client");
    accessToken(clientCredentials(rotated.value().reveal()));
  }

  @Test
  void tokenOfARetiredApplicationIsInactiveOnAnotherHostWithinTheTimeToLive() {
    String token = accessToken(clientCredentials(reportsSecret));
    assertThat(
            EngineFixture.json(f.introspect("reports", reportsSecret, token))
                .get("active")
                .asBoolean())
        .isTrue();

    otherHost().admin().updateApplication(Actor.host(), reports.toBuilder().retired(true).build());
    cacheClock.advance(TTL);

    ProtocolResponse r = f.introspect("reports", reportsSecret, token);
    assertThat(r.status() != 200 || !EngineFixture.json(r).get("active").asBoolean()).isTrue();
  }

  /** A second host instance on the same database, with its own store and cache. */
  private SignonServer otherHost() {
    return SignonServer.builder()
        .issuer(URI.create(EngineFixture.ISSUER))
        .store(JdbcSignonStore.builder().dataSource(db).migrate(false).build())
        .clock(f.clock)
        .random(new SecureRandom())
        .keyEncryptionKey(f.kek)
        .build();
  }
}
