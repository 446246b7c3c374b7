package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.testing.Postgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Teaching Vacancies' relying side on several pods (seed 003): accounts created when nobody
 * matches, and the fallback's one-time links in the shared database ({@link AccountLinkerContract}
 * holds the matching rules, run on the JDBC linker too). Each test is named after the sentence of
 * the seed it makes true; "pods" are {@link SignonFilter} objects over one embedded PostgreSQL.
 */
class TeachingVacanciesPodsTest extends FilterTestSupport {
  private static final String VARIABLE = "AUTHENTICATION_FALLBACK_FOR_JOBSEEKERS";

  @SuppressWarnings("NullAway.Init") // set before each test
  private DataSource database;

  private final InMemoryEmailSender mail = new InMemoryEmailSender();
  private final List<TestApp> pods = new ArrayList<>();

  @BeforeEach
  void freshDatabase() {
    database = Postgres.shared().freshDatabase();
  }

  @AfterEach
  void stopPods() {
    pods.forEach(TestApp::close);
  }

  private JdbcAccountLinker.Builder linker() {
    return JdbcAccountLinker.builder(database);
  }

  private static SignonPrincipal oneLoginUser(String subject, String email) {
    return SignonPrincipal.builder(subject)
        .email(email)
        .name("Jo Seeker")
        .roles(Set.of("signin"))
        .build();
  }

  /** A pod: its own filter, linker and link store, sharing only the database. */
  private Browser pod(Map<String, String> environment, Duration linkLifetime) {
    JdbcAccountLinker accounts = linker().build();
    SignonFilter filter =
        filter()
            .accountLinker(accounts)
            .fallback(accounts, mail)
            .fallbackLinks(JdbcFallbackLinks.create(database))
            .fallbackLinkLifetime(linkLifetime)
            .fallbackVariable(VARIABLE)
            .environment(environment::get)
            .publicUrl("https://reports.example")
            .build();
    TestApp app = TestApp.start(filter);
    pods.add(app);
    return new Browser(app.baseUrl());
  }

  // "Email changed in One Login" -> "Updates Jobseeker email"

  @Test
  void emailChangedInOneLoginUpdatesJobseekerEmail() {
    List<String> told = new CopyOnWriteArrayList<>();
    JdbcAccountLinker jobseekers =
        linker().emailChanged((id, email) -> told.add(id + "=" + email)).build();
    jobseekers.addAccount("17", "jo@example.com");
    jobseekers.addAccount("18", "taken@example.com");
    jobseekers.link(oneLoginUser("urn:fdc:1", "jo@example.com"));

    assertThat(jobseekers.link(oneLoginUser("urn:fdc:1", "jo.new@example.com"))).contains("17");
    assertThat(jobseekers.emailOf("17")).contains("jo.new@example.com");
    assertThat(told).containsExactly("17=jo.new@example.com");

    jobseekers.link(oneLoginUser("urn:fdc:1", "taken@example.com"));
    assertThat(jobseekers.emailOf("17")).contains("jo.new@example.com");
    assertThat(told).hasSize(1);
  }

  // "Create Jobseeker using One Login email and id"

  @Test
  void createJobseekerUsingOneLoginEmailAndId() {
    List<SignonPrincipal> created = new CopyOnWriteArrayList<>();
    JdbcAccountLinker jobseekers =
        linker()
            .createAccounts(
                person -> {
                  created.add(person);
                  return Optional.of("js-" + created.size());
                })
            .build();

    assertThat(jobseekers.link(oneLoginUser("urn:fdc:1", "jo@example.com"))).contains("js-1");
    assertThat(jobseekers.link(oneLoginUser("urn:fdc:1", "jo@example.com"))).contains("js-1");

    assertThat(created)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.subject()).isEqualTo("urn:fdc:1");
              assertThat(p.email()).contains("jo@example.com");
            });
    assertThat(jobseekers.subjectOf("js-1")).contains("urn:fdc:1");
    assertThat(jobseekers.findByEmail("JO@example.com").orElseThrow().accountId()).contains("js-1");
  }

  @Test
  void createJobseekerUsingOneLoginEmailAndIdAtSignInThroughTheFilter() {
    JdbcAccountLinker jobseekers =
        linker().createAccounts(person -> Optional.of("js-" + person.subject())).build();
    start(filter().accountLinker(jobseekers));

    signIn("/reports");

    assertThat(browser.get("/reports").body()).contains("account=js-user-1\n");
  }

  @Test
  void createJobseekerWhenTheAppDeclinesOrFailsThenNoAccountAndNothingLeftBehind() {
    JdbcAccountLinker declining = linker().createAccounts(person -> Optional.empty()).build();
    assertThat(declining.link(oneLoginUser("urn:fdc:1", "jo@example.com"))).isEmpty();

    JdbcAccountLinker failing =
        linker()
            .createAccounts(
                person -> {
                  throw new IllegalStateException("jobseekers table down");
                })
            .build();
    assertThatThrownBy(() -> failing.link(oneLoginUser("urn:fdc:1", "jo@example.com")))
        .hasMessageContaining("jobseekers table down");

    JdbcAccountLinker working = linker().createAccounts(person -> Optional.of("js-1")).build();
    assertThat(working.link(oneLoginUser("urn:fdc:1", "jo@example.com"))).contains("js-1");
  }

  @Test
  void createJobseekerWhenTwoPodsSignTheSamePersonInAtOnceThenCreatedOnce() throws Exception {
    AtomicInteger creations = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<Optional<String>>> pods = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      JdbcAccountLinker pod =
          linker().createAccounts(p -> Optional.of("js-" + creations.incrementAndGet())).build();
      pods.add(
          () -> {
            go.await();
            return pod.link(oneLoginUser("urn:fdc:1", "jo@example.com"));
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(pods.size());
    try {
      List<Future<Optional<String>>> results = new ArrayList<>();
      for (Callable<Optional<String>> pod : pods) {
        results.add(pool.submit(pod));
      }
      go.countDown();
      for (Future<Optional<String>> result : results) {
        Optional<String> id = result.get(30, TimeUnit.SECONDS);
        id.ifPresent(value -> assertThat(value).isEqualTo("js-1"));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(creations).hasValue(1);
    assertThat(linker().build().link(oneLoginUser("urn:fdc:1", "jo@example.com"))).contains("js-1");
  }

  // "This login link works only once and expires after a configurable time."

  @Test
  void thisLoginLinkWorksOnlyOnceEvenWhenSentByOnePodAndUsedOnAnother() {
    linker().build().addAccount("17", "jo@example.com");
    Map<String, String> env = Map.of(VARIABLE, "true");
    Browser podA = pod(env, Duration.ofMinutes(10));
    Browser podB = pod(env, Duration.ofMinutes(10));

    assertThat(podA.get("/reports").location()).isEqualTo(FallbackPages.FORM);
    FallbackPages.askForLink(podA, "jo@example.com");
    String link = FallbackPages.linkFromEmail(mail);

    Browser.Answer used = FallbackPages.useLink(podB, link);
    assertThat(used.status()).isEqualTo(303);
    assertThat(podB.get("/reports").body()).contains("account=17\n");

    assertPlainPage(FallbackPages.useLink(podA, link), 400);
    assertPlainPage(FallbackPages.useLink(podB, link), 400);
  }

  @Test
  void thisLoginLinkExpiresAfterAConfigurableTime() {
    linker().build().addAccount("17", "jo@example.com");
    Map<String, String> env = Map.of(VARIABLE, "true");
    Browser podA = pod(env, Duration.ofMinutes(30));
    Browser podB = pod(env, Duration.ofMinutes(30));
    FallbackPages.askForLink(podA, "jo@example.com");
    String first = FallbackPages.linkFromEmail(mail);
    assertThat(mail.sent().get(0).body()).contains("within 30 minutes");

    provider.clock.advance(Duration.ofMinutes(30).minusSeconds(1));
    assertThat(FallbackPages.useLink(podB, first).status()).isEqualTo(303);

    FallbackPages.askForLink(podA, "jo@example.com");
    String second = FallbackPages.linkFromEmail(mail);
    provider.clock.advance(Duration.ofMinutes(30));
    assertPlainPage(FallbackPages.useLink(podB, second), 400);
  }

  // "Switch on the fallback authentication by setting the environment variable
  // AUTHENTICATION_FALLBACK_FOR_JOBSEEKERS to true."

  @Test
  void switchOnTheFallbackAuthenticationBySettingTheEnvironmentVariableToTrue() {
    Browser on = pod(Map.of(VARIABLE, "true"), Duration.ofMinutes(10));
    Browser off = pod(Map.of(VARIABLE, "false"), Duration.ofMinutes(10));

    assertThat(on.get("/reports").location()).isEqualTo(FallbackPages.FORM);
    assertThat(off.get("/reports").location()).startsWith(provider.url("/authorize?"));
  }
}
