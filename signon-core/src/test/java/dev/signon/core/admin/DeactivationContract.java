package dev.signon.core.admin;

import static dev.signon.core.testing.EngineFixture.json;
import static dev.signon.core.testing.EngineFixture.redirectParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.store.SignonStore;
import dev.signon.core.testing.SignInTesting;
import dev.signon.core.testing.TestDirectory;
import dev.signon.core.token.TokenValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Complete deactivation: one operation removes every right and credential and ends every session,
 * with one audit event; afterwards no route lets the account in; reactivation gives nothing back.
 * Each store's test extends this class.
 */
abstract class DeactivationContract extends SignInTesting {
  private final Actor admin;

  DeactivationContract(SignonStore store) {
    super(store);
    admin = Actor.user(f.superadmin.uid());
  }

  private User ann() {
    User ann = person("ann@example.gov.uk", UserRole.NORMAL);
    f.server.admin().grant(admin, f.visits.id(), Grantee.user(ann.uid()), Set.of("signin"));
    return ann;
  }

  private User deactivate(User u) {
    return f.server.admin().deactivate(admin, u.uid());
  }

  private User stored(User u) {
    return f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow();
  }

  private List<AuditEvent> eventsSince(User u, Instant since) {
    return audit(u).stream().filter(e -> !e.occurredAt().isBefore(since)).toList();
  }

  private TokenValue signedIn(User u) {
    SignInResult r = passwords.signIn(u.email(), PASSWORD, null, ORIGIN);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    return ((SignInResult.SignedIn) r).session();
  }

  @Test
  void deactivateRemovesEveryRightAndCredentialWithOneAuditEvent() {
    User ann = person("ann@example.gov.uk", UserRole.ORGANISATION_ADMIN);
    f.server.admin().grant(admin, f.visits.id(), Grantee.user(ann.uid()), Set.of("signin"));
    Team team =
        TestDirectory.team("Visits", f.moj.id())
            .members(Set.of(ann.uid(), f.joe.uid()))
            .admins(Set.of(ann.uid()))
            .build();
    f.store.transaction(
        tx -> {
          tx.teams().insert(team);
          return null;
        });
    f.gate.signIn(ann, f.clock.instant());
    JsonTokens tokens = JsonTokens.of(f.exchange(f.code()));
    f.clock.advance(Duration.ofMinutes(1));
    Instant at = f.clock.instant();

    User gone = deactivate(ann);

    assertThat(gone.status()).isEqualTo(UserStatus.DEACTIVATED);
    assertThat(stored(ann).role()).isEqualTo(UserRole.NORMAL);
    List<Grant> grants =
        f.store.transaction(tx -> tx.grants().listByGrantees(List.of(Grantee.user(ann.uid()))));
    assertThat(grants).isEmpty();
    Team after = f.store.transaction(tx -> tx.teams().find(team.id())).orElseThrow();
    assertThat(after.members()).containsExactly(f.joe.uid());
    assertThat(after.admins()).isEmpty();
    assertThat(f.store.transaction(tx -> tx.credentials().find(ann.uid())).orElseThrow())
        .satisfies(c -> assertThat(c.passwordHash()).isNull());
    assertThat(
            json(f.introspect("visits", f.visitsSecret, tokens.access)).get("active").asBoolean())
        .isFalse();
    List<AuditEvent> events = eventsSince(ann, at);
    assertThat(events)
        .extracting(AuditEvent::type)
        .containsExactly(AuditEventType.USER_DEACTIVATED);
    assertThat(events.get(0).detail())
        .contains("role organisation_admin -> normal")
        .contains("1 grants and 1 teams removed")
        .contains("0 application tokens revoked");
  }

  @Test
  void deactivateWhenAlreadyDeactivatedThenRefused() {
    User ann = ann();
    deactivate(ann);

    assertThatThrownBy(() -> deactivate(ann)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void deactivatedThenPasswordSignInRefused() {
    User ann = ann();
    deactivate(ann);

    assertThat(passwords.signIn(ann.email(), PASSWORD, null, ORIGIN))
        .isEqualTo(new SignInResult.Refused());
  }

  @Test
  void deactivatedThenEmailedSignInLinkRefused() {
    User ann = ann();
    links.requestMagicLink(ann.email(), ORIGIN);
    TokenValue link = link(ann.email(), "magic-link");
    deactivate(ann);

    assertThatThrownBy(() -> links.signInWithMagicLink(link, ORIGIN))
        .isInstanceOf(InvalidInputException.class);
    int sent = f.mail.sent().size();
    links.requestMagicLink(ann.email(), ORIGIN);
    assertThat(f.mail.sent()).as("no new link for a deactivated account").hasSize(sent);
  }

  @Test
  void deactivatedThenPasswordResetLinkRefused() {
    User ann = ann();
    links.requestPasswordReset(ann.email(), ORIGIN);
    TokenValue link = link(ann.email(), "password-reset");
    deactivate(ann);

    assertThatThrownBy(() -> links.resetPassword(link, "a-new-password-for-ann-9", ORIGIN))
        .isInstanceOf(InvalidInputException.class);
    int sent = f.mail.sent().size();
    links.requestPasswordReset(ann.email(), ORIGIN);
    assertThat(f.mail.sent()).as("no new link for a deactivated account").hasSize(sent);
  }

  @Test
  void deactivatedThenInvitationAcceptanceRefused() {
    User invited =
        f.server.admin().createUser(admin, NewUser.of("Bo Example", Email.of("bo@example.gov.uk")));
    f.server.admin().invite(admin, invited.uid());
    TokenValue link = link(invited.email(), "invitation");
    deactivate(invited);

    assertThatThrownBy(() -> links.acceptInvitation(link, PASSWORD, ORIGIN))
        .isInstanceOf(InvalidInputException.class);
    assertThat(stored(invited).status()).isEqualTo(UserStatus.DEACTIVATED);
  }

  @Test
  void deactivatedThenTwoStepCodeRefused() {
    Enrolled enrolled = adminWithTwoStep();
    User admin2 =
        f.store
            .transaction(tx -> tx.users().findByEmail(Email.of("admin@example.gov.uk")))
            .orElseThrow();
    SignInResult r = passwords.signIn(admin2.email(), PASSWORD, null, ORIGIN);
    assertThat(r).isInstanceOf(SignInResult.TwoStepRequired.class);
    TokenValue pending = ((SignInResult.TwoStepRequired) r).session();
    deactivate(admin2);

    assertThat(twoStep.verifyTwoStep(pending, code(enrolled.secret()), false, ORIGIN).result())
        .isEqualTo(new SignInResult.Refused());
    assertThat(sessions.session(enrolled.session())).isEmpty();
  }

  @Test
  void deactivatedThenExistingRefreshTokenRefused() {
    User ann = ann();
    f.gate.signIn(ann, f.clock.instant());
    JsonTokens tokens = JsonTokens.of(f.exchange(f.code()));
    deactivate(ann);

    ProtocolResponse r =
        f.token(
            "visits",
            f.visitsSecret,
            "grant_type",
            "refresh_token",
            "refresh_token",
            tokens.refresh);
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void deactivatedThenApplicationTokenRefused() {
    User api =
        f.server.admin().createApiUser(admin, "Publishing API", Email.of("api@example.gov.uk"));
    f.server.admin().grant(admin, f.visits.id(), Grantee.user(api.uid()), Set.of("signin"));
    String bearer =
        f.server.applicationTokens().create(admin, api.uid(), f.visits.id()).value().reveal();
    assertThat(f.oauth.userDetails(f.bearerRequest("GET", "/user_details", bearer)).status())
        .isEqualTo(200);
    deactivate(api);

    assertThat(f.oauth.userDetails(f.bearerRequest("GET", "/user_details", bearer)).status())
        .isEqualTo(401);
  }

  @Test
  void deactivatedThenAuthorizeWithAnOldSessionGivesNoCode() {
    User ann = ann();
    TokenValue session = signedIn(ann);
    f.gate.signIn(ann, f.clock.instant());
    deactivate(ann);

    assertThat(sessions.session(session)).isEmpty();
    ProtocolResponse r = f.authorize(f.visitsAuthorize());
    assertThat(r.header("Location").map(l -> redirectParams(r).containsKey("code")).orElse(false))
        .isFalse();
  }

  @Test
  void reactivateRestoresNothingAndOldTokensStayRefused() {
    User ann = ann();
    f.gate.signIn(ann, f.clock.instant());
    JsonTokens tokens = JsonTokens.of(f.exchange(f.code()));
    deactivate(ann);

    User back = f.server.admin().reactivate(admin, ann.uid());

    assertThat(back.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(back.role()).isEqualTo(UserRole.NORMAL);
    List<Grant> grants =
        f.store.transaction(tx -> tx.grants().listByGrantees(List.of(Grantee.user(ann.uid()))));
    assertThat(grants).isEmpty();
    List<Team> teams = f.store.transaction(tx -> tx.teams().listByMember(ann.uid()));
    assertThat(teams).isEmpty();
    assertThat(
            json(f.introspect("visits", f.visitsSecret, tokens.access)).get("active").asBoolean())
        .isFalse();
    ProtocolResponse refresh =
        f.token(
            "visits",
            f.visitsSecret,
            "grant_type",
            "refresh_token",
            "refresh_token",
            tokens.refresh);
    assertThat(refresh.status()).isEqualTo(400);
    assertThat(passwords.signIn(ann.email(), PASSWORD, null, ORIGIN))
        .as("the old password is gone: the person chooses a new one through a reset link")
        .isEqualTo(new SignInResult.Refused());
    assertThat(audit(ann)).extracting(AuditEvent::type).contains(AuditEventType.USER_REACTIVATED);

    links.requestPasswordReset(ann.email(), ORIGIN);
    links.resetPassword(link(ann.email(), "password-reset"), "a-new-password-for-ann-9", ORIGIN);
    assertThat(passwords.signIn(ann.email(), "a-new-password-for-ann-9", null, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void reactivateWhenNotDeactivatedThenRefused() {
    User ann = ann();

    assertThatThrownBy(() -> f.server.admin().reactivate(admin, ann.uid()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void deactivateAndReactivateNeedTheRightToManageThePerson() {
    User ann = ann();
    Actor joe = Actor.user(f.joe.uid());

    assertThatThrownBy(() -> f.server.admin().deactivate(joe, ann.uid()))
        .isInstanceOf(dev.signon.core.error.AccessDeniedException.class);
    deactivate(ann);
    assertThatThrownBy(() -> f.server.admin().reactivate(joe, ann.uid()))
        .isInstanceOf(dev.signon.core.error.AccessDeniedException.class);
  }

  /** The access and refresh tokens of a token response. */
  private record JsonTokens(String access, String refresh) {
    static JsonTokens of(ProtocolResponse r) {
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      return new JsonTokens(
          json(r).get("access_token").asText(), json(r).get("refresh_token").asText());
    }
  }
}
