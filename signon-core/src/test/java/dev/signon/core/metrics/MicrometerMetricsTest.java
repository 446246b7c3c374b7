package dev.signon.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.rotation.ClientSecretRoute;
import dev.signon.core.rotation.RecordingSink;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.signin.Origin;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The meters a host with a registry shows, and their values after known work. */
class MicrometerMetricsTest {
  static final String PASSWORD = "ledge-otter-quietly-42";
  static final Origin ORIGIN = new Origin("203.0.113.5", "Mozilla/5.0 (test)");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final RecordingSink sink = new RecordingSink();
  final EngineFixture f =
      new EngineFixture(
          URI.create(EngineFixture.ISSUER),
          new InMemorySignonStore(),
          true,
          b ->
              b.meterRegistry(registry)
                  .tokenRotation(
                      TokenRotationSettings.builder()
                          .sink("recording", sink)
                          .route(SecretRoute.of("visits@example.gov.uk", "visits", "recording"))
                          .clientSecretRoute(ClientSecretRoute.of("visits", "recording"))
                          .build()));
  final Actor me = Actor.user(f.superadmin.uid());

  double count(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  @Test
  void tokenRequestsAreCountedByGrantTypeAndResult() {
    f.server.admin().updateApplication(Actor.host(), f.visits.toBuilder().apiOnly(true).build());
    for (int i = 0; i < 3; i++) {
      assertThat(f.token("visits", f.visitsSecret, "grant_type", "client_credentials").status())
          .isEqualTo(200);
    }
    assertThat(f.token("visits", "not-the-secret", "grant_type", "client_credentials").status())
        .isEqualTo(401);
    f.token("visits", f.visitsSecret, "grant_type", "password");
    f.token("visits", f.visitsSecret);

    String grant = "grant_type";
    assertThat(count(MicrometerMetrics.TOKEN_REQUESTS, grant, "client_credentials"))
        .as("every client_credentials request")
        .isEqualTo(4);
    assertThat(
            count(
                MicrometerMetrics.TOKEN_REQUESTS, grant, "client_credentials", "result", "issued"))
        .isEqualTo(3);
    assertThat(
            count(
                MicrometerMetrics.TOKEN_REQUESTS,
                grant,
                "client_credentials",
                "result",
                "invalid_client"))
        .isEqualTo(1);
    assertThat(
            count(
                MicrometerMetrics.TOKEN_REQUESTS,
                grant,
                "other",
                "result",
                "unsupported_grant_type"))
        .as("a grant type the host does not know is not a tag value of its own")
        .isEqualTo(1);
    assertThat(count(MicrometerMetrics.TOKEN_REQUESTS, grant, "none", "result", "invalid_request"))
        .isEqualTo(1);
    assertThat(count(MicrometerMetrics.REFUSALS, "endpoint", "token", "error", "invalid_client"))
        .isEqualTo(1);
    assertThat(registry.find(MicrometerMetrics.REFUSALS).counters())
        .as("issued tokens are no refusals")
        .allSatisfy(c -> assertThat(c.getId().getTag("error")).isNotEqualTo("issued"));
  }

  @Test
  void refusalsOfTheResourceEndpointsAreCountedByEndpointAndErrorCode() {
    for (int i = 0; i < 2; i++) {
      assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", "sgn_a_unknown")).status())
          .isEqualTo(401);
    }
    f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", "sgn_a_unknown"));
    assertThat(f.introspect("visits", "not-the-secret", "sgn_a_unknown").status()).isEqualTo(401);

    assertThat(count(MicrometerMetrics.REFUSALS, "endpoint", "userinfo", "error", "invalid_token"))
        .isEqualTo(2);
    assertThat(
            count(MicrometerMetrics.REFUSALS, "endpoint", "user_details", "error", "invalid_token"))
        .isEqualTo(1);
    assertThat(
            count(
                MicrometerMetrics.REFUSALS, "endpoint", "introspection", "error", "invalid_client"))
        .isEqualTo(1);
    assertThat(count(MicrometerMetrics.TOKEN_REQUESTS)).as("no token request was made").isZero();
  }

  @Test
  void signInsAreCountedByResult() {
    User ann =
        f.server
            .admin()
            .createUser(
                Actor.host(),
                NewUser.of("Ann Example", Email.of("ann@example.gov.uk"))
                    .inOrganisation(f.moj.id()));
    f.server.admin().invite(Actor.host(), ann.uid());
    f.server.emailedLinks().acceptInvitation(invitationLink(ann.email()), PASSWORD, ORIGIN);

    f.server.passwordSignIn().signIn(ann.email(), PASSWORD, null, ORIGIN);
    f.server.passwordSignIn().signIn(ann.email(), "wrong-password-1", null, ORIGIN);
    f.server.passwordSignIn().signIn(Email.of("nobody@example.gov.uk"), PASSWORD, null, ORIGIN);

    assertThat(count(MicrometerMetrics.SIGN_INS, "result", "signed_in")).isEqualTo(2);
    assertThat(count(MicrometerMetrics.SIGN_INS, "result", "refused")).isEqualTo(2);
    assertThat(count(MicrometerMetrics.SIGN_INS, "method", "password", "result", "signed_in"))
        .isEqualTo(1);
    assertThat(count(MicrometerMetrics.SIGN_INS, "method", "invitation", "result", "signed_in"))
        .isEqualTo(1);
    assertThat(count(MicrometerMetrics.SIGN_INS, "method", "password", "reason", "wrong_password"))
        .isEqualTo(1);
    assertThat(count(MicrometerMetrics.SIGN_INS, "method", "password", "reason", "unknown_account"))
        .isEqualTo(1);
  }

  @Test
  void everySignInMethodCountsItsRefusalsByReason() {
    User ann =
        f.server
            .admin()
            .createUser(
                Actor.host(),
                NewUser.of("Ann Example", Email.of("ann@example.gov.uk"))
                    .inOrganisation(f.moj.id()));
    f.server.admin().invite(Actor.host(), ann.uid());
    TokenValue invitation = invitationLink(ann.email());
    f.server.emailedLinks().acceptInvitation(invitation, PASSWORD, ORIGIN);
    f.server.admin().suspend(Actor.host(), ann.uid(), "left");
    for (int i = 0; i < 3; i++) {
      assertThat(f.server.passwordSignIn().signIn(ann.email(), PASSWORD, null, ORIGIN))
          .isInstanceOf(SignInResult.Refused.class);
    }
    assertThatThrownBy(() -> f.server.emailedLinks().acceptInvitation(invitation, PASSWORD, ORIGIN))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> f.server.emailedLinks().signInWithMagicLink(invitation, ORIGIN))
        .isInstanceOf(InvalidInputException.class);
    TokenValue noSession = TokenValue.mint(f.random, TokenKind.SESSION);
    assertThat(f.server.twoStep().verifyTwoStep(noSession, "123456", false, ORIGIN).result())
        .isInstanceOf(SignInResult.Refused.class);

    assertThat(count(MicrometerMetrics.SIGN_INS, "method", "password", "reason", "suspended"))
        .isEqualTo(3);
    assertThat(count(MicrometerMetrics.SIGN_INS, "method", "invitation", "reason", "invalid_link"))
        .isEqualTo(1);
    assertThat(count(MicrometerMetrics.SIGN_INS, "method", "magic_link", "reason", "invalid_link"))
        .isEqualTo(1);
    assertThat(count(MicrometerMetrics.SIGN_INS, "method", "two_step", "reason", "no_session"))
        .isEqualTo(1);
    assertThat(count(MicrometerMetrics.SIGN_INS, "result", "refused")).isEqualTo(6);
  }

  @Test
  void clientSecretRotationsAndTheirFailedDeliveriesAreCounted() {
    sink.failNext(1);
    f.server.tokenRotations().rotateClientSecret(me, f.visits.id());
    assertThat(count(MicrometerMetrics.CLIENT_SECRETS, "outcome", "rotated")).isEqualTo(1);
    assertThat(count(MicrometerMetrics.CLIENT_SECRETS, "outcome", "delivered")).isZero();
    assertThat(count(MicrometerMetrics.SINK_FAILURES, "credential", "client_secret")).isEqualTo(1);

    f.clock.advance(Duration.ofMinutes(1));
    f.server.housekeeping().run();
    assertThat(count(MicrometerMetrics.CLIENT_SECRETS, "outcome", "delivered")).isEqualTo(1);
    assertThat(count(MicrometerMetrics.SINK_FAILURES, "credential", "api_token")).isZero();
  }

  private TokenValue invitationLink(Email to) {
    EmailMessage m = f.mail.lastTo(to).orElseThrow();
    Matcher matcher = Pattern.compile("/sign-in/links/invitation\\?token=(\\S+)").matcher(m.text());
    assertThat(matcher.find()).isTrue();
    return TokenValue.presented(matcher.group(1)).orElseThrow();
  }

  @Test
  void storeTransactionsAreTimedByIsolationAndOutcome() {
    Timer committed = timer("serializable", "committed");
    Timer rolledBack = timer("read_committed", "rolled_back");
    long before = committed.count();

    f.server.store().transaction(tx -> tx.users().find(f.joe.uid()));
    assertThatThrownBy(
            () ->
                f.server
                    .store()
                    .transaction(
                        Isolation.READ_COMMITTED,
                        tx -> {
                          throw new NotFoundException("nothing here");
                        }))
        .isInstanceOf(NotFoundException.class);

    assertThat(committed.count()).isEqualTo(before + 1);
    assertThat(rolledBack.count()).isEqualTo(1);
  }

  private Timer timer(String isolation, String outcome) {
    return registry
        .get(MicrometerMetrics.TRANSACTIONS)
        .tags("isolation", isolation, "outcome", outcome)
        .timer();
  }

  @Test
  void retriesOfAJdbcStoreAreCountedAndTimedWithTheirTransaction() {
    AtomicInteger failCommits = new AtomicInteger();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SecureRandom random = new SecureRandom();
    try (SignonServer server =
        SignonServer.builder()
            .issuer(URI.create(EngineFixture.ISSUER))
            .store(
                JdbcSignonStore.builder()
                    .dataSource(failingCommits(h2("metrics-retries"), failCommits))
                    .build())
            .keyEncryptionKey(KeyEncryptionKey.generate(random))
            .random(random)
            .meterRegistry(meters)
            .build()) {
      Timer committed =
          meters
              .get(MicrometerMetrics.TRANSACTIONS)
              .tags("isolation", "serializable", "outcome", "committed")
              .timer();
      FunctionCounter retries = meters.get(MicrometerMetrics.RETRIES).functionCounter();
      long before = committed.count();
      double retriedBefore = retries.count();

      failCommits.set(2);
      server.store().transaction(tx -> tx.throttle().count(""));

      assertThat(retries.count() - retriedBefore).isEqualTo(2);
      assertThat(committed.count()).as("one transaction, however often run").isEqualTo(before + 1);
    }
  }

  static DataSource h2(String name) {
    JdbcDataSource db = new JdbcDataSource();
    db.setURL(
        "jdbc:h2:mem:"
            + name
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    db.setUser("sa");
    return db;
  }

  /** Connections whose next {@code failures} commits fail as a serialization failure would. */
  static DataSource failingCommits(DataSource db, AtomicInteger failures) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(db, method, args);
              if (!method.getName().equals("getConnection")) {
                return result;
              }
              Connection c = (Connection) result;
              return Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("commit") && failures.getAndUpdate(n -> n - 1) > 0) {
                      c.rollback();
                      throw new SQLException("could not serialize access", "40001");
                    }
                    return invoke(c, m, a);
                  });
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void expiryGaugeShowsEachLiveTokensSecondsLeftByTheClock() {
    User api = f.server.admin().createApiUser(me, "Visits", Email.of("visits@example.gov.uk"));
    NewApplicationToken t =
        f.server.applicationTokens().create(me, api.uid(), f.visits.id(), Duration.ofDays(90));
    f.server.tokenRotations().health();

    Gauge g = Objects.requireNonNull(expiryGauge(t), "gauge");
    assertThat(g.value()).isEqualTo(Duration.ofDays(90).toSeconds());
    f.clock.advance(Duration.ofDays(10).plusSeconds(5));
    assertThat(g.value()).isEqualTo(Duration.ofDays(80).toSeconds() - 5);

    NewApplicationToken second =
        f.server.applicationTokens().create(me, api.uid(), f.visits.id(), Duration.ofDays(100));
    assertThat(expiryGauge(second)).as("until the next check").isNull();
    f.server.housekeeping().run();
    assertThat(Objects.requireNonNull(expiryGauge(second), "gauge").value())
        .isEqualTo(Duration.ofDays(100).toSeconds());

    f.server.applicationTokens().revoke(me, t.token().id());
    f.server.tokenRotations().health();
    assertThat(expiryGauge(t)).as("a revoked token is no longer shown").isNull();
    assertThat(registry.find(MicrometerMetrics.API_TOKEN_EXPIRY).gauges()).hasSize(1);
  }

  private @Nullable Gauge expiryGauge(NewApplicationToken t) {
    return registry
        .find(MicrometerMetrics.API_TOKEN_EXPIRY)
        .tags(
            "api_user", "visits@example.gov.uk",
            "application", "Prison visits",
            "token_id", t.token().id().toString())
        .gauge();
  }

  @Test
  void rotationsAndSinkFailuresAreCounted() {
    User api = f.server.admin().createApiUser(me, "Visits", Email.of("visits@example.gov.uk"));
    f.server.applicationTokens().create(me, api.uid(), f.visits.id(), Duration.ofDays(20));
    sink.failNext(2);

    f.server.housekeeping().run();
    assertThat(count(MicrometerMetrics.ROTATIONS, "outcome", "started")).isEqualTo(1);
    assertThat(count(MicrometerMetrics.SINK_FAILURES, "sink", "recording")).isEqualTo(1);
    assertThat(count(MicrometerMetrics.ROTATIONS, "outcome", "delivered")).isZero();

    f.clock.advance(Duration.ofMinutes(1));
    f.server.housekeeping().run();
    f.clock.advance(Duration.ofMinutes(2));
    f.server.housekeeping().run();
    assertThat(count(MicrometerMetrics.SINK_FAILURES, "sink", "recording")).isEqualTo(2);
    assertThat(count(MicrometerMetrics.ROTATIONS, "outcome", "delivered")).isEqualTo(1);
    assertThat(count(MicrometerMetrics.ROTATIONS, "outcome", "started")).as("once").isEqualTo(1);

    f.clock.advance(f.server.tokenRotations().settings().grace().plusHours(1));
    f.server.housekeeping().run();
    assertThat(count(MicrometerMetrics.ROTATIONS, "outcome", "stalled"))
        .as("the successor was never used")
        .isEqualTo(1);
    assertThat(openRotations("stalled")).as("the rotation did not complete").isEqualTo(1);
    assertThat(openRotations("delivering")).isZero();
    assertThat(count(MicrometerMetrics.SINK_FAILURES, "credential", "api_token")).isEqualTo(2);
  }

  @Test
  void openRotationsAreShownByStateUntilTheyComplete() {
    User api = f.server.admin().createApiUser(me, "Visits", Email.of("visits@example.gov.uk"));
    f.server.applicationTokens().create(me, api.uid(), f.visits.id(), Duration.ofDays(20));
    sink.failNext(1);

    f.server.housekeeping().run();
    assertThat(openRotations("delivering")).isEqualTo(1);
    assertThat(openRotations("awaiting_use")).isZero();

    f.clock.advance(Duration.ofMinutes(1));
    f.server.housekeeping().run();
    assertThat(openRotations("delivering")).isZero();
    assertThat(openRotations("awaiting_use")).isEqualTo(1);

    String successor = sink.written.get(sink.written.size() - 1).value().reveal();
    assertThat(f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", successor)).status())
        .isEqualTo(200);
    f.server.housekeeping().run();
    assertThat(openRotations("awaiting_use")).as("completed by its first use").isZero();
    assertThat(openRotations("stalled")).isZero();
  }

  private double openRotations(String state) {
    return registry.get(MicrometerMetrics.OPEN_ROTATIONS).tags("state", state).gauge().value();
  }
}
