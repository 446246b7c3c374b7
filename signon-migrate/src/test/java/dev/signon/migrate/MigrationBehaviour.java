package dev.signon.migrate;

import static dev.signon.migrate.SignonFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.Origin;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.testing.Authenticator;
import dev.signon.testing.MutableClock;
import dev.signon.testing.Postgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a migration from GOV.UK Signon does, against a Signon database of one kind; each subclass
 * starts that database once, with {@link SignonFixture} loaded. The class migrates it once into a
 * PostgreSQL store its tests share; the dry run and the second run each get a store of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MigrationBehaviour {
  static final String ISSUER = "https://signon.example.gov.uk";
  static final SecureRandom RANDOM = new SecureRandom();
  static final KeyEncryptionKey KEK = KeyEncryptionKey.generate(RANDOM);

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
  private DataSource signon;

  /** The store the class's tests read, migrated once; a test that writes gets its own. */
  SignonStore store;

  private MigrationReport migrated;

  /** Starts Signon's database and loads {@link SignonFixture} into it, once per class. */
  abstract DataSource startSignon();

  @BeforeAll
  void migrateOnce() {
    signon = startSignon();
    store = freshStore();
    migrated = migrate(store);
  }

  @AfterAll
  void closeStore() {
    store.close();
  }

  static SignonStore freshStore() {
    return JdbcSignonStore.builder().dataSource(Postgres.shared().freshDatabase()).build();
  }

  DataSource signon() {
    return signon;
  }

  SignonMigration.Builder migration(SignonStore to) {
    return SignonMigration.builder()
        .from(signon())
        .to(to)
        .keyEncryptionKey(KEK)
        .activeRecordEncryption(AR_PRIMARY_KEY, AR_SALT)
        .stretches(STRETCHES)
        .clock(clock)
        .random(RANDOM);
  }

  MigrationReport migrate(SignonStore to) {
    MigrationReport report = migration(to).build().run();
    assertThat(report.problems()).isEmpty();
    assertThat(report.written()).isTrue();
    return report;
  }

  /** The report of the class's migration; the migration already ran. */
  MigrationReport migrate() {
    return migrated;
  }

  SignonServer host() {
    return SignonServer.builder()
        .issuer(URI.create(ISSUER))
        .store(store)
        .clock(clock)
        .random(RANDOM)
        .keyEncryptionKey(KEK)
        .passwordHasher(PasswordHasher.argon2id(RANDOM, 64, 1, 1))
        .legacyPasswordPepper(PEPPER)
        .build();
  }

  static ProtocolRequest bearer(String path, String token) {
    return ProtocolRequest.builder("GET", URI.create(ISSUER + path))
        .header("Authorization", "Bearer " + token)
        .build();
  }

  static ProtocolRequest clientCredentials(String clientId, String secret) {
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return ProtocolRequest.builder("POST", URI.create(ISSUER + "/oauth/token"))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .formParameter("grant_type", "client_credentials")
        .build();
  }

  @Test
  void dryRunCountsEverythingAndWritesNothing() {
    try (SignonStore empty = freshStore()) {
      dryRunWritesNothing(empty);
    }
  }

  private void dryRunWritesNothing(SignonStore empty) {
    MigrationReport report = migration(empty).dryRun(true).build().run();

    assertThat(report.dryRun()).isTrue();
    assertThat(report.written()).isFalse();
    assertThat(report.problems()).isEmpty();
    assertThat(report.count("organisations").created()).isEqualTo(3);
    assertThat(report.count("users").created()).isEqualTo(6);
    assertThat(report.count("api_users").created()).isEqualTo(1);
    assertThat(report.count("applications").created()).isEqualTo(3);
    assertThat(report.count("grants").created()).isEqualTo(5);
    assertThat(report.count("application_tokens").created()).isEqualTo(3);
    assertThat(report.count("events").created()).isEqualTo(4);
    empty.transaction(
        tx -> {
          assertThat(tx.users().list()).isEmpty();
          assertThat(tx.organisations().list()).isEmpty();
          assertThat(tx.applications().list()).isEmpty();
          assertThat(tx.audit().listRecent(10)).isEmpty();
          return null;
        });
  }

  @Test
  void aRealRunWritesEverythingAndASecondRunChangesNothing() {
    try (SignonStore fresh = freshStore()) {
      secondRunChangesNothing(fresh);
    }
  }

  private void secondRunChangesNothing(SignonStore fresh) {
    MigrationReport first = migrate(fresh);
    assertThat(first.changed()).isTrue();
    List<AuditEvent> events = fresh.transaction(tx -> tx.audit().listRecent(100));

    MigrationReport second = migrate(fresh);

    assertThat(second.changed()).as(second.text()).isFalse();
    assertThat(second.count("users").unchanged()).isEqualTo(6);
    assertThat(second.count("credentials").unchanged()).isEqualTo(6);
    assertThat(second.count("events").unchanged()).isEqualTo(4);
    List<AuditEvent> after = fresh.transaction(tx -> tx.audit().listRecent(100));
    assertThat(after).isEqualTo(events);
  }

  @Test
  void peopleKeepTheirUidNumberOrganisationRoleAndStatus() {
    store.transaction(
        tx -> {
          User alice = tx.users().find(UserId.of(ALICE_UID)).orElseThrow();
          assertThat(alice.email()).isEqualTo(Email.of(ALICE_EMAIL));
          assertThat(alice.number()).isEqualTo(1L);
          assertThat(alice.status()).isEqualTo(UserStatus.ACTIVE);
          assertThat(
                  tx.organisations()
                      .find(java.util.Objects.requireNonNull(alice.organisation()))
                      .orElseThrow()
                      .slug())
              .isEqualTo("government-digital-service");
          User carol = tx.users().findByEmail(Email.of(CAROL_EMAIL)).orElseThrow();
          assertThat(carol.status()).isEqualTo(UserStatus.SUSPENDED);
          assertThat(carol.suspensionReason()).isEqualTo("left the department");
          assertThat(
                  tx.users()
                      .findByEmail(Email.of("dan@digital.cabinet-office.gov.uk"))
                      .orElseThrow()
                      .status())
              .isEqualTo(UserStatus.INVITED);
          assertThat(
                  tx.users()
                      .findByEmail(Email.of("frank@digital.cabinet-office.gov.uk"))
                      .orElseThrow()
                      .status())
              .isEqualTo(UserStatus.LOCKED);
          assertThat(tx.users().find(UserId.of(API_USER_UID)).orElseThrow().apiUser()).isTrue();
          assertThat(tx.credentials().find(UserId.of(BOB_UID)).orElseThrow().twoStepExemption())
              .isEqualTo("no smartphone");
          assertThat(tx.organisations().findBySlug("gov-uk-verify").orElseThrow().closed())
              .isTrue();
          return null;
        });
  }

  @Test
  void aPersonSignsInWithTheirSignonPasswordAndIsRehashed() {
    SignonServer host = host();

    SignInResult r =
        host.passwordSignIn().signIn(Email.of(BOB_EMAIL), BOB_PASSWORD, null, Origin.unknown());

    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    UserCredentials c =
        store.transaction(tx -> tx.credentials().find(UserId.of(BOB_UID))).orElseThrow();
    assertThat(c.passwordHash()).startsWith("$argon2id$");
    assertThat(
            host.passwordSignIn().signIn(Email.of(BOB_EMAIL), BOB_PASSWORD, null, Origin.unknown()))
        .as("the new hash works too")
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void aWrongPasswordIsRefused() {
    assertThat(
            host()
                .passwordSignIn()
                .signIn(Email.of(BOB_EMAIL), BOB_PASSWORD + "x", null, Origin.unknown()))
        .isInstanceOf(SignInResult.Refused.class);
  }

  @Test
  void aPersonPassesTwoStepWithACodeFromTheirOldSecret() {
    SignonServer host = host();

    SignInResult first =
        host.passwordSignIn().signIn(Email.of(ALICE_EMAIL), ALICE_PASSWORD, null, Origin.unknown());
    assertThat(first).isInstanceOf(SignInResult.TwoStepRequired.class);
    SignInResult second =
        host.twoStep()
            .verifyTwoStep(
                ((SignInResult.TwoStepRequired) first).session(),
                Authenticator.code(ALICE_TOTP, clock),
                false,
                Origin.unknown())
            .result();

    assertThat(second).isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void anUnencryptedLowerCaseSecretAlsoWorks() {
    SignonServer host = host();
    SignInResult first =
        host.passwordSignIn()
            .signIn(
                Email.of("erin@digital.cabinet-office.gov.uk"),
                "erins long password",
                null,
                Origin.unknown());
    assertThat(first).isInstanceOf(SignInResult.TwoStepRequired.class);
    SignInResult second =
        host.twoStep()
            .verifyTwoStep(
                ((SignInResult.TwoStepRequired) first).session(),
                Authenticator.code(ERIN_TOTP_PLAIN.toUpperCase(java.util.Locale.ROOT), clock),
                false,
                Origin.unknown())
            .result();
    assertThat(second).isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void theOldPasswordCannotBeReused() {
    List<String> problems =
        host().passwordSignIn().passwordProblems(UserId.of(ALICE_UID), ALICE_OLD_PASSWORD);
    assertThat(problems).isNotEmpty();
  }

  @Test
  void aSuspendedPersonIsRefused() {
    assertThat(
            host()
                .passwordSignIn()
                .signIn(Email.of(CAROL_EMAIL), CAROL_PASSWORD, null, Origin.unknown()))
        .isInstanceOf(SignInResult.Refused.class);
  }

  @Test
  void anOldApiTokenWorksAtUserDetailsAndUserJson() {
    SignonServer host = host();

    ProtocolResponse details =
        host.authorizationServer().userDetails(bearer("/api/user_details", LIVE_TOKEN));
    ProtocolResponse json = host.authorizationServer().userJson(bearer("/user.json", LIVE_TOKEN));

    assertThat(details.status()).as(details.body()).isEqualTo(200);
    assertThat(details.body()).contains("publishing-api@digital.cabinet-office.gov.uk");
    assertThat(json.status()).as(json.body()).isEqualTo(200);
    assertThat(json.body()).contains(API_USER_UID);
  }

  @Test
  void aRevokedOldTokenStaysRevoked() {
    ProtocolResponse r =
        host().authorizationServer().userDetails(bearer("/api/user_details", REVOKED_TOKEN));
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void aTokenThatNeverExpiredInSignonWorksAndNowExpires() {
    MigrationReport report = migrate();
    assertThat(
            host()
                .authorizationServer()
                .userDetails(bearer("/api/user_details", UNEXPIRING_TOKEN))
                .status())
        .isEqualTo(200);
    assertThat(report.notes()).anyMatch(n -> n.startsWith("API tokens that never expired"));
  }

  @Test
  void theTokensAreStoredOnlyAsHashes() {
    store.transaction(
        tx -> {
          tx.applicationTokens()
              .listByApiUser(UserId.of(API_USER_UID))
              .forEach(t -> assertThat(t.hash().hex()).doesNotContain(LIVE_TOKEN));
          return null;
        });
  }

  @Test
  void anOldClientSecretWorksAtTheTokenEndpoint() {
    SignonServer host = host();

    ProtocolResponse ok =
        host.authorizationServer().token(clientCredentials(CONTENT_API, CONTENT_API_SECRET));
    ProtocolResponse wrong =
        host.authorizationServer().token(clientCredentials(CONTENT_API, "not-the-secret"));

    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("access_token");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).contains("invalid_client");
  }

  @Test
  void applicationsKeepClientIdRedirectUrisAndRoles() {
    store.transaction(
        tx -> {
          var app = tx.applications().findByClientId(PUBLISHER).orElseThrow();
          assertThat(app.redirectUris()).hasSize(2);
          assertThat(app.supportsPushUpdates()).as("pushed updates, as in Signon").isTrue();
          assertThat(
                  tx.applications().findByClientId(CONTENT_API).orElseThrow().supportsPushUpdates())
              .isFalse();
          assertThat(app.roles()).extracting(r -> r.name()).containsExactly("signin", "editor");
          assertThat(app.roles().iterator().next().delegated()).isTrue();
          assertThat(tx.applications().findByClientId("old-app-client-id").orElseThrow().retired())
              .isTrue();
          return null;
        });
  }

  @Test
  void theEventLogComesAcrossMappedOrKeptAsImported() {
    List<AuditEvent> alice =
        store.transaction(tx -> tx.audit().listBySubject(UserId.of(ALICE_UID), 10));
    assertThat(alice)
        .extracting(AuditEvent::type)
        .contains(AuditEventType.SIGNED_IN, AuditEventType.EVENT_IMPORTED);
    AuditEvent login =
        alice.stream().filter(e -> e.type() == AuditEventType.SIGNED_IN).findFirst().orElseThrow();
    assertThat(login.ipAddress()).isEqualTo("127.0.0.1");
    assertThat(login.userAgent()).isEqualTo("Mozilla/5.0 (X11)");
    assertThat(login.detail()).contains("event_logs id 1");
  }
}
