package dev.signon.core.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.Grantee;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The user agreement at sign-in: a session does not count until the required version is accepted,
 * so the authorize endpoint gives no code and sends the person to the agreement page, which goes on
 * to the authorize request once they accept; a new version stops them again once its date comes.
 */
class AgreementPagesTest {
  private static final String PASSWORD = "correct horse battery staple 42";
  private static final String CSRF = "c".repeat(43);

  private final HostPagesTest.FakeRenderer renderer = new HostPagesTest.FakeRenderer();
  private final EngineFixture f =
      new EngineFixture(
          URI.create(EngineFixture.ISSUER), new InMemorySignonStore(), false, b -> {});
  private final HostPages pages = f.server.pages(renderer);
  private final Actor host = Actor.host();
  private final User joe = person("joe@example.gov.uk", UserRole.NORMAL);

  private User person(String email, UserRole role) {
    User u =
        f.server.admin().createUser(host, NewUser.of("Joe Bloggs", Email.of(email)).withRole(role));
    User active = u.toBuilder().status(UserStatus.ACTIVE).build();
    String hash = PasswordHasher.argon2id(f.random, 64, 1, 1).hash(PASSWORD);
    f.store.transaction(
        tx -> {
          tx.users().update(active);
          tx.credentials().save(UserCredentials.none(u.uid()).copy().passwordHash(hash).build());
          return null;
        });
    f.server.admin().grant(host, f.visits.id(), Grantee.user(u.uid()), Set.of("signin"));
    return active;
  }

  private UserAgreement agreement(Duration fromNow) {
    return f.server
        .agreements()
        .add(
            host,
            "Terms of use",
            "Be kind.\n\nKeep secrets secret.",
            f.clock.instant().plus(fromNow));
  }

  private static String cookie(ProtocolResponse r, String name) {
    return r.headers().stream()
        .filter(h -> h.getKey().equals("Set-Cookie") && h.getValue().startsWith(name + "="))
        .map(h -> h.getValue().substring(name.length() + 1, h.getValue().indexOf(';')))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + r.headers()));
  }

  private ProtocolRequest.Builder post(String path, String session) {
    return ProtocolRequest.builder("POST", URI.create(path))
        .header("Cookie", "signon_csrf=" + CSRF + "; signon_session=" + session)
        .formParameter("csrf_token", CSRF);
  }

  /** Signs in with the password through the pages; the session cookie. */
  private String signIn(String returnTo) {
    ProtocolResponse r =
        pages.answer(
            "/sign-in",
            ProtocolRequest.builder("POST", URI.create("/sign-in"))
                .header("Cookie", "signon_csrf=" + CSRF)
                .formParameter("csrf_token", CSRF)
                .formParameter("email", joe.email().value())
                .formParameter("password", PASSWORD)
                .formParameter("return_to", returnTo)
                .build());
    assertThat(r.status()).isEqualTo(303);
    lastLocation = r.header("Location").orElseThrow();
    return cookie(r, "signon_session");
  }

  private String lastLocation = "";

  private ProtocolResponse authorize(String session) {
    ProtocolRequest.Builder b =
        ProtocolRequest.builder("GET", URI.create("/oauth/authorize"))
            .header("Cookie", "signon_session=" + session);
    f.visitsAuthorize().forEach(b::queryParameter);
    return f.oauth.authorize(b.build());
  }

  private static boolean gaveCode(ProtocolResponse r) {
    return r.status() == 302 && EngineFixture.redirectParams(r).containsKey("code");
  }

  private ProtocolResponse accept(String session, int version, String returnTo) {
    return pages.answer(
        "/sign-in/agreement",
        post("/sign-in/agreement", session)
            .formParameter("version", Integer.toString(version))
            .formParameter("return_to", returnTo)
            .build());
  }

  @Test
  void noAgreementThenSignInCompletesAsBefore() {
    String session = signIn("/oauth/authorize?x=1");

    assertThat(lastLocation).isEqualTo("/oauth/authorize?x=1");
    assertThat(gaveCode(authorize(session))).isTrue();
  }

  @Test
  void agreementNotAcceptedThenAuthorizeGivesNoCodeAndShowsTheAgreement() {
    agreement(Duration.ZERO);
    String session = signIn("/oauth/authorize?x=1");

    assertThat(lastLocation)
        .as("the sign-in goes to the agreement, then where the person was going")
        .startsWith("/sign-in/agreement?return_to=")
        .contains("%2Foauth%2Fauthorize");
    ProtocolResponse r = authorize(session);
    assertThat(gaveCode(r)).isFalse();
    assertThat(r.header("Location").orElseThrow()).startsWith("/sign-in/agreement?return_to=");
    assertThat(f.server.hostSessions().session(TokenValue.presented(session).orElseThrow()))
        .as("the session does not count as signed in")
        .isEmpty();

    ProtocolResponse page =
        pages.answer(
            "/sign-in/agreement",
            ProtocolRequest.builder("GET", URI.create("/sign-in/agreement"))
                .header("Cookie", "signon_session=" + session)
                .build());
    assertThat(page.status()).isEqualTo(200);
    assertThat(renderer.templates).contains("agreement");
    assertThat(renderer.lastModel())
        .containsEntry("agreementTitle", "Terms of use")
        .containsEntry("version", "1")
        .containsEntry("paragraphs", List.of("Be kind.", "Keep secrets secret."));
  }

  @Test
  void acceptThenRecordedAuditedAndAuthorizeCompletes() {
    agreement(Duration.ZERO);
    String session = signIn("/");
    String back = "/oauth/authorize?client_id=visits";

    ProtocolResponse r = accept(session, 1, back);

    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).contains(back);
    assertThat(gaveCode(authorize(session))).isTrue();
    List<AgreementAcceptance> accepted = f.server.agreements().acceptances(host, joe.uid());
    assertThat(accepted).hasSize(1);
    assertThat(accepted.get(0).version()).isEqualTo(1);
    assertThat(accepted.get(0).acceptedAt()).isEqualTo(f.clock.instant());
    List<AuditEvent> events = f.store.transaction(tx -> tx.audit().listBySubject(joe.uid(), 50));
    assertThat(events)
        .extracting(AuditEvent::type)
        .contains(AuditEventType.USER_AGREEMENT_ACCEPTED);
  }

  @Test
  void newVersionWithAFutureDateIsNotAskedForUntilItsDateComes() {
    agreement(Duration.ZERO);
    String session = signIn("/");
    accept(session, 1, "/");
    agreement(Duration.ofMinutes(20));

    assertThat(gaveCode(authorize(session))).as("version 2 is not required yet").isTrue();

    // Within the session's idle timeout, so only the agreement stands in the way.
    f.clock.advance(Duration.ofMinutes(20));
    ProtocolResponse r = authorize(session);
    assertThat(gaveCode(r)).as("version 2 is now required").isFalse();
    assertThat(r.header("Location").orElseThrow()).startsWith("/sign-in/agreement");
    assertThat(accept(session, 2, "/").status()).isEqualTo(303);
    assertThat(gaveCode(authorize(session))).isTrue();
  }

  @Test
  void acceptingAVersionThatIsNoLongerTheOneDueThenRefusedAndTheNewOneShown() {
    agreement(Duration.ZERO);
    String session = signIn("/");
    agreement(Duration.ZERO);

    ProtocolResponse r = accept(session, 1, "/");

    assertThat(r.status()).isEqualTo(409);
    assertThat(renderer.lastModel()).containsEntry("version", "2");
    assertThat(gaveCode(authorize(session))).isFalse();
    assertThat(f.server.agreements().acceptances(host, joe.uid())).isEmpty();
  }

  @Test
  void acceptWithoutCsrfTokenThenForbiddenAndNothingRecorded() {
    agreement(Duration.ZERO);
    String session = signIn("/");

    ProtocolResponse r =
        pages.answer(
            "/sign-in/agreement",
            ProtocolRequest.builder("POST", URI.create("/sign-in/agreement"))
                .header("Cookie", "signon_csrf=" + CSRF + "; signon_session=" + session)
                .formParameter("version", "1")
                .build());

    assertThat(r.status()).isEqualTo(403);
    assertThat(f.server.agreements().acceptances(host, joe.uid())).isEmpty();
  }

  @Test
  void agreementPageWithoutSessionThenSignIn() {
    ProtocolResponse r =
        pages.answer(
            "/sign-in/agreement",
            ProtocolRequest.builder("GET", URI.create("/sign-in/agreement")).build());

    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location").orElseThrow()).startsWith("/sign-in");
  }

  @Test
  void emailedSignInLinkAndTwoStepEndInTheSameCheck() {
    agreement(Duration.ZERO);
    f.server.emailedLinks().requestMagicLink(joe.email(), ORIGIN);
    String text = f.mail.lastTo(joe.email()).orElseThrow().text();
    String token =
        URLDecoder.decode(
            text.replaceAll("(?s).*/sign-in/links/magic-link\\?token=(\\S+).*", "$1"),
            StandardCharsets.UTF_8);
    SignInResult r =
        f.server
            .emailedLinks()
            .signInWithMagicLink(TokenValue.presented(token).orElseThrow(), ORIGIN);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    TokenValue session = ((SignInResult.SignedIn) r).session();

    assertThat(f.server.hostSessions().session(session)).isEmpty();
    assertThat(f.server.hostSessions().agreementDue(session)).isPresent();
  }

  @Test
  void apiUsersOweNoAgreement() {
    agreement(Duration.ZERO);
    User api = f.server.admin().createApiUser(host, "Robot", Email.of("robot@example.gov.uk"));

    boolean due =
        f.store
            .transaction(
                tx -> dev.signon.core.agreement.UserAgreements.due(tx, api, f.clock.instant()))
            .isPresent();
    assertThat(due).isFalse();
  }

  @Test
  void addingAVersionIsForSuperadminsAndAudited() {
    User admin = person("admin@example.gov.uk", UserRole.ADMIN);

    assertThatThrownBy(
            () ->
                f.server
                    .agreements()
                    .add(Actor.user(admin.uid()), "Terms", "Text", f.clock.instant()))
        .isInstanceOf(AccessDeniedException.class);
    UserAgreement v1 = agreement(Duration.ofDays(1));
    UserAgreement v2 = agreement(Duration.ofDays(2));
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(f.server.agreements().list(host)).containsExactly(v2, v1);
    List<AuditEvent> recent = f.store.transaction(tx -> tx.audit().listRecent(100));
    assertThat(recent).filteredOn(e -> e.type() == AuditEventType.USER_AGREEMENT_ADDED).hasSize(2);
  }

  private static final dev.signon.core.signin.Origin ORIGIN =
      new dev.signon.core.signin.Origin("203.0.113.5", "test");
}
