package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.SignonServer;
import dev.signon.core.admin.Housekeeping;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.Origin;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.testing.SignInTesting;
import dev.signon.core.token.TokenValue;
import dev.signon.testing.Postgres;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two host instances, each with its own store over one PostgreSQL database, both busy at once as a
 * pair behind a load balancer is: code flows run on both from several threads while the test does
 * the thing under scrutiny on both. Sessions started on one are seen and ended on the other; every
 * code is redeemed exactly once even when both are asked for it; the scheduled jobs that claim
 * their hour do their work once; a key rotation run by both makes one key that both publish. Load
 * runs for a count of flows, never for a time, and the checked work starts only once load is under
 * way.
 */
class TwoHostsUnderLoadTest extends SignInTesting {
  private static final int LOAD_THREADS = 4;
  private static Postgres postgres;

  /** The database of the test being made: the first instance migrates it, the second joins. */
  private static @Nullable DataSource db;

  private final SignonServer b;
  private final List<AuthorizationServer> hosts;
  private final ExecutorService threads = Executors.newFixedThreadPool(LOAD_THREADS + 4);

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  private static JdbcSignonStore freshStore() {
    DataSource fresh = postgres.freshDatabase();
    db = fresh;
    return JdbcSignonStore.builder().dataSource(fresh).build();
  }

  TwoHostsUnderLoadTest() {
    super(freshStore());
    b =
        SignonServer.builder()
            .issuer(URI.create(EngineFixture.ISSUER))
            .store(
                JdbcSignonStore.builder()
                    .dataSource(Objects.requireNonNull(db))
                    .migrate(false)
                    .build())
            .clock(f.clock)
            .random(new SecureRandom())
            .keyEncryptionKey(f.kek)
            .emailSender(f.mail)
            .serviceName("GOV.UK Signon")
            .passwordHasher(dev.signon.core.signin.PasswordHasher.argon2id(f.random, 64, 1, 1))
            .signInGate(f.gate)
            .build();
    hosts = List.of(f.oauth, b.authorizationServer());
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  /**
   * Code flows (authorize, then the exchange) on both instances from {@link #LOAD_THREADS} threads,
   * alternating the instance, until {@link #stop} and at least {@code minimum} flows. Every flow
   * must succeed and its access token be active on the other instance.
   */
  private final class Load {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger flows = new AtomicInteger();
    final CountDownLatch underWay;
    final List<Future<Integer>> workers = new ArrayList<>();

    Load(int minimum) {
      underWay = new CountDownLatch(minimum);
      for (int t = 0; t < LOAD_THREADS; t++) {
        int thread = t;
        workers.add(
            threads.submit(
                () -> {
                  int done = 0;
                  while (!stop.get() || underWay.getCount() > 0) {
                    AuthorizationServer issuing = hosts.get((thread + done) % 2);
                    AuthorizationServer other = hosts.get((thread + done + 1) % 2);
                    JsonTokens t1 = exchange(issuing, code(other));
                    assertThat(t1.status).as("exchange under load").isEqualTo(200);
                    assertThat(active(other, t1.accessToken)).isTrue();
                    done++;
                    flows.incrementAndGet();
                    underWay.countDown();
                  }
                  return done;
                }));
      }
    }

    void awaitUnderWay() throws InterruptedException {
      assertThat(underWay.await(2, TimeUnit.MINUTES)).as("load under way").isTrue();
    }

    /** Stops the load and returns how many flows ran; fails if any flow failed. */
    int stop() throws Exception {
      stop.set(true);
      int total = 0;
      for (Future<Integer> w : workers) {
        total += w.get(2, TimeUnit.MINUTES);
      }
      assertThat(total).isEqualTo(flows.get());
      return total;
    }
  }

  private record JsonTokens(int status, String accessToken, String idToken, String error) {}

  private static String code(AuthorizationServer host) {
    ProtocolRequest.Builder r = ProtocolRequest.builder("GET", URI.create("/oauth/authorize"));
    Map<String, String> query =
        EngineFixture.params(
            "client_id", "visits",
            "redirect_uri", EngineFixture.CALLBACK,
            "response_type", "code",
            "scope", "openid profile email",
            "state", "s",
            "nonce", "n",
            "code_challenge", EngineFixture.challenge(EngineFixture.VERIFIER),
            "code_challenge_method", "S256");
    query.forEach(r::queryParameter);
    ProtocolResponse answer = host.authorize(r.build());
    assertThat(answer.status()).as("authorize: %s", answer.body()).isEqualTo(302);
    return Objects.requireNonNull(EngineFixture.redirectParams(answer).get("code"));
  }

  private JsonTokens exchange(AuthorizationServer host, String code) {
    ProtocolResponse r =
        EngineFixture.token(host, "visits", f.visitsSecret, EngineFixture.exchangeForm(code));
    var json = EngineFixture.json(r);
    return new JsonTokens(
        r.status(),
        json.path("access_token").asString(""),
        json.path("id_token").asString(""),
        json.path("error").asString(""));
  }

  private boolean active(AuthorizationServer host, String token) {
    ProtocolResponse answer = EngineFixture.introspect(host, "visits", f.visitsSecret, token);
    assertThat(answer.status()).isEqualTo(200);
    return EngineFixture.json(answer).get("active").asBoolean();
  }

  private static JWKSet jwks(AuthorizationServer host) throws Exception {
    return JWKSet.parse(host.jwks().body());
  }

  private static boolean verifies(String idToken, JWKSet keys) throws Exception {
    SignedJWT jwt = SignedJWT.parse(idToken);
    var key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
    return key != null && jwt.verify(new RSASSAVerifier(key.toRSAKey()));
  }

  @Test
  void codeAskedOfBothInstancesAtOnceUnderLoadIsRedeemedExactlyOnce() throws Exception {
    Load load = new Load(LOAD_THREADS * 3);
    load.awaitUnderWay();
    int races = 8;
    int won = 0;
    List<String> winners = new ArrayList<>();
    for (int i = 0; i < races; i++) {
      String code = code(hosts.get(i % 2));
      List<Future<JsonTokens>> answers = new ArrayList<>();
      for (AuthorizationServer host : hosts) {
        answers.add(threads.submit(() -> exchange(host, code)));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<JsonTokens> a : answers) {
        JsonTokens t = a.get(1, TimeUnit.MINUTES);
        statuses.add(t.status);
        if (t.status == 200) {
          won++;
          winners.add(t.accessToken);
        } else {
          assertThat(t.error).isEqualTo("invalid_grant");
        }
      }
      assertThat(statuses).as("race %d", i).containsExactlyInAnyOrder(200, 400);
    }
    int flows = load.stop();

    assertThat(won).isEqualTo(races);
    // A code asked for twice revokes what it gave, on both instances.
    for (String token : winners) {
      assertThat(active(hosts.get(0), token)).isFalse();
      assertThat(active(hosts.get(1), token)).isFalse();
    }
    assertThat(flows).isGreaterThanOrEqualTo(LOAD_THREADS * 3);
  }

  @Test
  void sessionStartedOnOneInstanceUnderLoadIsSeenAndEndedOnTheOther() throws Exception {
    List<User> people = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      people.add(person("person" + i + "@example.gov.uk", UserRole.NORMAL));
    }
    Load load = new Load(LOAD_THREADS * 3);
    load.awaitUnderWay();
    List<Future<Integer>> signers = new ArrayList<>();
    for (int p = 0; p < people.size(); p++) {
      User person = people.get(p);
      Origin origin = new Origin("198.51.100." + (p + 10), "Mozilla/5.0 (test)");
      int offset = p;
      signers.add(
          threads.submit(
              () -> {
                int checked = 0;
                for (int i = 0; i < 4; i++) {
                  SignonServer starting = (offset + i) % 2 == 0 ? f.server : b;
                  SignonServer ending = starting == f.server ? b : f.server;
                  SignInResult r =
                      starting.passwordSignIn().signIn(person.email(), PASSWORD, null, origin);
                  assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
                  TokenValue session = ((SignInResult.SignedIn) r).session();
                  assertThat(ending.hostSessions().session(session))
                      .as("started on one instance, seen on the other")
                      .hasValueSatisfying(s -> assertThat(s.user()).isEqualTo(person.uid()));
                  ending.hostSessions().signOut(session, origin);
                  assertThat(starting.hostSessions().session(session))
                      .as("ended on the other instance")
                      .isEmpty();
                  checked++;
                }
                return checked;
              }));
    }
    int sessions = 0;
    for (Future<Integer> s : signers) {
      sessions += s.get(2, TimeUnit.MINUTES);
    }
    load.stop();
    assertThat(sessions).isEqualTo(people.size() * 4);
  }

  /** Runs housekeeping on both instances at the same moment, while load runs; their reports. */
  private List<Housekeeping.Report> housekeepingOnBothUnderLoad() throws Exception {
    Load load = new Load(LOAD_THREADS * 3);
    load.awaitUnderWay();
    CountDownLatch together = new CountDownLatch(1);
    List<Future<Housekeeping.Report>> runs = new ArrayList<>();
    for (SignonServer host : List.of(f.server, b)) {
      runs.add(
          threads.submit(
              () -> {
                together.await();
                return host.housekeeping().run();
              }));
    }
    together.countDown();
    List<Housekeeping.Report> reports = new ArrayList<>();
    for (Future<Housekeeping.Report> r : runs) {
      Housekeeping.Report report = r.get(2, TimeUnit.MINUTES);
      assertThat(report.failed()).isEmpty();
      reports.add(report);
    }
    load.stop();
    return reports;
  }

  /** Keeps Joe, whose flows make the load, clear of suspension for inactivity. */
  private void joeSignedInNow() {
    f.store.transaction(
        tx -> {
          tx.credentials()
              .save(
                  tx.credentials()
                      .find(f.joe.uid())
                      .orElse(dev.signon.core.account.UserCredentials.none(f.joe.uid()))
                      .copy()
                      .lastSignInAt(f.clock.instant())
                      .build());
          return null;
        });
  }

  @Test
  void inactivityRemindersRunByBothInstancesUnderLoadAreSentOnce() throws Exception {
    person("ann@example.gov.uk", UserRole.NORMAL);
    person("bob@example.gov.uk", UserRole.NORMAL);
    // Two weeks before the accounts made at the start are suspended for inactivity (45 days).
    f.clock.advance(Duration.ofDays(31).plusHours(1));
    joeSignedInNow();

    List<Housekeeping.Report> reports = housekeepingOnBothUnderLoad();

    Map<String, Long> perPerson =
        f.mail.sent().stream()
            .filter(m -> m.text().contains("will be suspended"))
            .collect(Collectors.groupingBy(m -> m.to().value(), Collectors.counting()));
    assertThat(perPerson).containsKeys("ann@example.gov.uk", "bob@example.gov.uk");
    assertThat(perPerson.values()).as("reminders per person: %s", perPerson).allMatch(n -> n == 1);
    assertThat(reports.stream().mapToInt(Housekeeping.Report::remindersSent).sum())
        .isEqualTo(perPerson.size());
  }

  @Test
  void keyRotationAndSuspensionRunByBothInstancesUnderLoadHappenOnce() throws Exception {
    User ann = person("ann@example.gov.uk", UserRole.NORMAL);
    String earlierIdToken = exchange(hosts.get(0), code(hosts.get(0))).idToken;
    JWKSet before = jwks(hosts.get(0));
    // Into the two days before the signing key retires (90-day keys): the next key is due; Ann,
    // silent since the start, is past the 45 days of inactivity.
    f.clock.advance(Duration.ofDays(88).plusHours(1));
    joeSignedInNow();

    List<Housekeeping.Report> reports = housekeepingOnBothUnderLoad();

    // One new key, published by both; a token signed before still verifies on either.
    JWKSet onA = jwks(hosts.get(0));
    JWKSet onB = jwks(hosts.get(1));
    assertThat(onA.getKeys()).hasSize(before.getKeys().size() + 1);
    assertThat(onB.toString()).isEqualTo(onA.toString());
    assertThat(reports.stream().mapToInt(Housekeeping.Report::keysChanged).sum()).isEqualTo(1);
    assertThat(verifies(earlierIdToken, onB)).isTrue();
    // Ann suspended once, by one instance.
    assertThat(f.store.transaction(tx -> tx.users().find(ann.uid())).orElseThrow().isActive())
        .isFalse();
    long suspensionEmails =
        f.mail.sent().stream()
            .filter(m -> m.to().equals(ann.email()) && m.subject().contains("has been suspended"))
            .count();
    assertThat(suspensionEmails).isEqualTo(1);
    assertThat(reports.stream().mapToInt(Housekeeping.Report::suspended).sum())
        .isEqualTo(
            f.store
                .transaction(
                    tx ->
                        tx.users().list().stream()
                            .filter(
                                u -> u.status() == dev.signon.core.directory.UserStatus.SUSPENDED)
                            .count())
                .intValue());
  }
}
