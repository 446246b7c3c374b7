package dev.signon.core.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.signin.SignInService.Origin;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.TokenValue;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SignInServiceTest {
  static final String PASSWORD = "ledge-otter-quietly-42";
  static final Origin ORIGIN = new Origin("203.0.113.5", "Mozilla/5.0 (test)");

  final EngineFixture f = new EngineFixture();
  final SignInService signIn = f.server.signIn();

  /** Invites a person through the real flow and returns their active account. */
  User person(String email, UserRole role) {
    User u =
        f.server
            .admin()
            .createUser(
                Actor.host(),
                NewUser.of("Ann Example", Email.of(email))
                    .withRole(role)
                    .inOrganisation(f.moj.id()));
    signIn.invite(Actor.host(), u.uid());
    signIn.acceptInvitation(link(u.email(), "invitation"), PASSWORD, ORIGIN);
    return f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow();
  }

  /** The one-time link in the newest email to {@code to}. */
  TokenValue link(Email to, String purpose) {
    EmailMessage m = f.mail.lastTo(to).orElseThrow();
    Matcher matcher =
        Pattern.compile("/sign-in/links/" + purpose + "\\?token=(\\S+)").matcher(m.text());
    assertThat(matcher.find()).as("a %s link in: %s", purpose, m.text()).isTrue();
    return TokenValue.presented(matcher.group(1)).orElseThrow();
  }

  /** The "N days" phrases of the inactivity reminders sent to {@code u}, in order. */
  List<String> remindersTo(User u) {
    return f.mail.sent().stream()
        .filter(m -> m.to().equals(u.email()) && m.text().contains("will be suspended"))
        .map(
            m -> {
              Matcher d = Pattern.compile("in (\\d+ days?)").matcher(m.text());
              return d.find() ? d.group(1) : "?";
            })
        .toList();
  }

  List<AuditEvent> audit(User u) {
    return f.store.transaction(tx -> tx.audit().listBySubject(u.uid(), 100));
  }

  @Test
  void invitationLinkSetsAPasswordAndSignsIn() {
    User u =
        f.server
            .admin()
            .createUser(Actor.host(), NewUser.of("Ann Example", Email.of("ann@example.gov.uk")));
    signIn.invite(Actor.host(), u.uid());
    assertThat(f.mail.lastTo(u.email()).orElseThrow().text()).contains("2 weeks");

    SignInResult r = signIn.acceptInvitation(link(u.email(), "invitation"), PASSWORD, ORIGIN);

    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void invitationLinkWhenReusedOrExpiredIsRefused() {
    User u =
        f.server
            .admin()
            .createUser(Actor.host(), NewUser.of("Ann Example", Email.of("ann@example.gov.uk")));
    signIn.invite(Actor.host(), u.uid());
    TokenValue l = link(u.email(), "invitation");
    assertThatThrownBy(() -> signIn.acceptInvitation(l, "short", ORIGIN))
        .as("a refused password leaves the link usable")
        .isInstanceOf(InvalidInputException.class);
    signIn.acceptInvitation(l, PASSWORD, ORIGIN);
    assertThatThrownBy(() -> signIn.acceptInvitation(l, PASSWORD, ORIGIN))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already been used");

    User v =
        f.server
            .admin()
            .createUser(Actor.host(), NewUser.of("Bob Example", Email.of("bob@example.gov.uk")));
    signIn.invite(Actor.host(), v.uid());
    TokenValue late = link(v.email(), "invitation");
    f.clock.advance(Duration.ofDays(15));
    assertThatThrownBy(() -> signIn.acceptInvitation(late, PASSWORD, ORIGIN))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void signInWithTheRightPasswordStartsASessionAndAuditsIt() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    SignInResult r = signIn.signIn(u.email(), PASSWORD, null, ORIGIN);

    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    TokenValue session = ((SignInResult.SignedIn) r).session();
    assertThat(signIn.session(session)).map(HostSession::user).contains(u.uid());
    AuditEvent last = audit(u).get(0);
    assertThat(last.type()).isEqualTo(AuditEventType.SIGNED_IN);
    assertThat(last.ipAddress()).isEqualTo("203.0.113.5");
  }

  @Test
  void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    assertThat(signIn.signIn(u.email(), "wrong-password-123", null, ORIGIN))
        .isEqualTo(new SignInResult.Refused());
    assertThat(signIn.signIn(Email.of("nobody@example.gov.uk"), PASSWORD, null, ORIGIN))
        .isEqualTo(new SignInResult.Refused());
  }

  @Test
  void sixWrongPasswordsLockTheAccountAndEmailAnUnlockLink() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    for (int i = 0; i < 6; i++) {
      signIn.signIn(u.email(), "wrong-password-" + i, null, ORIGIN);
    }
    assertThat(f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.LOCKED);
    assertThat(signIn.signIn(u.email(), PASSWORD, null, ORIGIN))
        .as("even the right password")
        .isEqualTo(new SignInResult.Refused());
    assertThat(audit(u)).extracting(AuditEvent::type).contains(AuditEventType.ACCOUNT_LOCKED);

    signIn.unlock(link(u.email(), "unlock"), ORIGIN);
    assertThat(signIn.signIn(u.email(), PASSWORD, null, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void aLockLiftsByItselfAfterAnHour() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    for (int i = 0; i < 6; i++) {
      signIn.signIn(u.email(), "wrong-password-" + i, null, ORIGIN);
    }
    f.clock.advance(Duration.ofMinutes(59));
    assertThat(signIn.signIn(u.email(), PASSWORD, null, ORIGIN))
        .isEqualTo(new SignInResult.Refused());
    f.clock.advance(Duration.ofMinutes(2));
    assertThat(signIn.signIn(u.email(), PASSWORD, null, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void suspendedPersonCannotSignInAndTheirSessionsEnd() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    TokenValue session =
        ((SignInResult.SignedIn) signIn.signIn(u.email(), PASSWORD, null, ORIGIN)).session();

    f.server.admin().suspend(Actor.host(), u.uid(), "investigation");

    assertThat(signIn.session(session)).isEmpty();
    assertThat(signIn.signIn(u.email(), PASSWORD, null, ORIGIN))
        .isEqualTo(new SignInResult.Refused());
  }

  @Test
  void unsuspensionForcesANewPassword() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    f.server.admin().suspend(Actor.host(), u.uid(), "investigation");
    f.server.admin().unsuspend(Actor.host(), u.uid());

    SignInResult r = signIn.signIn(u.email(), PASSWORD, null, ORIGIN);

    assertThat(r).isInstanceOf(SignInResult.PasswordChangeRequired.class);
    TokenValue pending = ((SignInResult.PasswordChangeRequired) r).session();
    assertThat(signIn.session(pending)).as("not signed in yet").isEmpty();
    assertThatThrownBy(() -> signIn.completePasswordChange(pending, PASSWORD, ORIGIN))
        .as("the old password may not be reused")
        .isInstanceOf(InvalidInputException.class);
    assertThat(signIn.completePasswordChange(pending, "brass-fern-window-17", ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void sessionEndsAfterThirtyIdleMinutes() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    TokenValue session =
        ((SignInResult.SignedIn) signIn.signIn(u.email(), PASSWORD, null, ORIGIN)).session();
    f.clock.advance(Duration.ofMinutes(29));
    assertThat(signIn.session(session)).isPresent();
    f.clock.advance(Duration.ofMinutes(29));
    assertThat(signIn.session(session)).as("used 29 minutes ago").isPresent();
    f.clock.advance(Duration.ofMinutes(31));
    assertThat(signIn.session(session)).isEmpty();
  }

  // ---- two-step verification

  record TwoStep(TokenValue session, byte[] secret) {}

  /** An admin signs in for the first time and sets up two-step verification. */
  TwoStep adminWithTwoStep() {
    User admin = person("admin@example.gov.uk", UserRole.ADMIN);
    SignInResult r = signIn.signIn(admin.email(), PASSWORD, null, ORIGIN);
    assertThat(r)
        .as("admins must set up two-step verification")
        .isInstanceOf(SignInResult.TwoStepSetupRequired.class);
    TokenValue pending = ((SignInResult.TwoStepSetupRequired) r).session();
    SignInService.TwoStepSetup setup = signIn.beginTwoStepSetup(pending);
    byte[] secret = Totp.fromBase32(setup.secretText());
    assertThat(setup.otpauthUri().toString())
        .startsWith("otpauth://totp/GOV.UK%20Signon:admin%40example.gov.uk");
    assertThat(
            signIn.completeTwoStepSetup(
                pending,
                setup.sealed(),
                "000000".equals(code(secret)) ? "111111" : "000000",
                ORIGIN))
        .isEqualTo(new SignInResult.Refused());
    assertThat(signIn.completeTwoStepSetup(pending, setup.sealed(), code(secret), ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
    f.clock.advance(Duration.ofSeconds(30));
    return new TwoStep(pending, secret);
  }

  String code(byte[] secret) {
    return Totp.code(secret, Totp.step(f.clock.instant()));
  }

  @Test
  void twoStepCodeIsNeededAfterThePasswordAndCannotBeReplayed() {
    TwoStep t = adminWithTwoStep();
    SignInResult r = signIn.signIn(Email.of("admin@example.gov.uk"), PASSWORD, null, ORIGIN);
    assertThat(r).isInstanceOf(SignInResult.TwoStepRequired.class);
    TokenValue pending = ((SignInResult.TwoStepRequired) r).session();
    assertThat(signIn.session(pending)).isEmpty();

    String code = code(t.secret());
    assertThat(signIn.verifyTwoStep(pending, code, false, ORIGIN).result())
        .isInstanceOf(SignInResult.SignedIn.class);

    TokenValue again =
        ((SignInResult.TwoStepRequired)
                signIn.signIn(Email.of("admin@example.gov.uk"), PASSWORD, null, ORIGIN))
            .session();
    assertThat(signIn.verifyTwoStep(again, code, false, ORIGIN).result())
        .as("the same code within its window")
        .isEqualTo(new SignInResult.Refused());
  }

  @Test
  void tenWrongTwoStepCodesLockTheAccount() {
    adminWithTwoStep();
    TokenValue pending =
        ((SignInResult.TwoStepRequired)
                signIn.signIn(Email.of("admin@example.gov.uk"), PASSWORD, null, ORIGIN))
            .session();
    for (int i = 0; i < 10; i++) {
      signIn.verifyTwoStep(pending, "12345" + (i % 10), false, ORIGIN);
    }
    assertThat(
            f.store
                .transaction(tx -> tx.users().findByEmail(Email.of("admin@example.gov.uk")))
                .orElseThrow()
                .status())
        .isEqualTo(UserStatus.LOCKED);
  }

  @Test
  void rememberThisBrowserSkipsCodesUntilTheSecretIsReset() {
    TwoStep t = adminWithTwoStep();
    TokenValue pending =
        ((SignInResult.TwoStepRequired)
                signIn.signIn(Email.of("admin@example.gov.uk"), PASSWORD, null, ORIGIN))
            .session();
    String cookie = signIn.verifyTwoStep(pending, code(t.secret()), true, ORIGIN).rememberCookie();
    assertThat(cookie).isNotNull();

    assertThat(signIn.signIn(Email.of("admin@example.gov.uk"), PASSWORD, cookie, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
    assertThat(signIn.signIn(Email.of("admin@example.gov.uk"), PASSWORD, cookie + "x", ORIGIN))
        .as("a tampered cookie")
        .isInstanceOf(SignInResult.TwoStepRequired.class);

    User admin =
        f.store
            .transaction(tx -> tx.users().findByEmail(Email.of("admin@example.gov.uk")))
            .orElseThrow();
    signIn.resetTwoStep(Actor.user(f.superadmin.uid()), admin.uid(), ORIGIN);
    assertThat(signIn.signIn(Email.of("admin@example.gov.uk"), PASSWORD, cookie, ORIGIN))
        .as("the cookie dies with the secret; set-up is needed again")
        .isInstanceOf(SignInResult.TwoStepSetupRequired.class);
  }

  @Test
  void rememberedBrowserExpiresAfterThirtyDays() {
    TwoStep t = adminWithTwoStep();
    TokenValue pending =
        ((SignInResult.TwoStepRequired)
                signIn.signIn(Email.of("admin@example.gov.uk"), PASSWORD, null, ORIGIN))
            .session();
    String cookie = signIn.verifyTwoStep(pending, code(t.secret()), true, ORIGIN).rememberCookie();
    f.clock.advance(Duration.ofDays(31));
    assertThat(signIn.signIn(Email.of("admin@example.gov.uk"), PASSWORD, cookie, ORIGIN))
        .isInstanceOf(SignInResult.TwoStepRequired.class);
  }

  // ---- password reset and magic links

  @Test
  void passwordResetSaysNothingAboutUnknownAddressesAndDoesNotSignIn() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    int before = f.mail.sent().size();
    signIn.requestPasswordReset(Email.of("nobody@example.gov.uk"), ORIGIN);
    assertThat(f.mail.sent()).hasSize(before);

    signIn.requestPasswordReset(u.email(), ORIGIN);
    TokenValue l = link(u.email(), "password-reset");
    signIn.resetPassword(l, "brass-fern-window-17", ORIGIN);
    assertThat(signIn.signIn(u.email(), "brass-fern-window-17", null, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
    assertThatThrownBy(() -> signIn.resetPassword(l, "another-good-one-88", ORIGIN))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void passwordResetLinkExpiresAfterSixHoursAndOnlyTheNewestWorks() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    signIn.requestPasswordReset(u.email(), ORIGIN);
    TokenValue first = link(u.email(), "password-reset");
    signIn.requestPasswordReset(u.email(), ORIGIN);
    TokenValue second = link(u.email(), "password-reset");
    assertThatThrownBy(() -> signIn.resetPassword(first, "brass-fern-window-17", ORIGIN))
        .isInstanceOf(InvalidInputException.class);
    f.clock.advance(Duration.ofHours(6).plusSeconds(1));
    assertThatThrownBy(() -> signIn.resetPassword(second, "brass-fern-window-17", ORIGIN))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void magicLinkSignsInOnceWithinTenMinutes() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    signIn.requestMagicLink(u.email(), ORIGIN);
    TokenValue l = link(u.email(), "magic-link");
    assertThat(signIn.signInWithMagicLink(l, ORIGIN)).isInstanceOf(SignInResult.SignedIn.class);
    assertThatThrownBy(() -> signIn.signInWithMagicLink(l, ORIGIN))
        .isInstanceOf(InvalidInputException.class);

    signIn.requestMagicLink(u.email(), ORIGIN);
    TokenValue late = link(u.email(), "magic-link");
    f.clock.advance(Duration.ofMinutes(11));
    assertThatThrownBy(() -> signIn.signInWithMagicLink(late, ORIGIN))
        .isInstanceOf(InvalidInputException.class);
  }

  // ---- scheduled jobs

  @Test
  void inactivePeopleAreRemindedThenSuspendedAfterFortyFiveDays() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    TokenValue session =
        ((SignInResult.SignedIn) signIn.signIn(u.email(), PASSWORD, null, ORIGIN)).session();

    f.clock.advance(Duration.ofDays(31).plusHours(1)); // 14 days left
    signIn.sendInactivityReminders();
    assertThat(remindersTo(u)).containsExactly("14 days");
    f.clock.advance(Duration.ofHours(1));
    signIn.sendInactivityReminders();
    assertThat(remindersTo(u)).as("each reminder once").hasSize(1);
    f.clock.advance(Duration.ofDays(13));
    signIn.sendInactivityReminders();
    assertThat(remindersTo(u))
        .as("7 and 3 came and went unasked; 1 is due")
        .containsExactly("14 days", "1 day");
    signIn.suspendInactive();
    assertThat(f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.ACTIVE);

    f.clock.advance(Duration.ofDays(1));
    signIn.suspendInactive();
    User after = f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow();
    assertThat(after.status()).isEqualTo(UserStatus.SUSPENDED);
    assertThat(after.suspensionReason()).contains("45 days");
    // The same suspension an admin makes: emailed, sessions ended, audited as the host itself.
    assertThat(f.mail.lastTo(u.email()).orElseThrow().text()).contains("45 days");
    assertThat(f.store.transaction(tx -> tx.sessions().find(session.hash())).isPresent()).isFalse();
    AuditEvent suspension =
        audit(u).stream()
            .filter(e -> e.type() == AuditEventType.USER_SUSPENDED)
            .findFirst()
            .orElseThrow();
    assertThat(suspension.initiator()).isNull();
  }

  @Test
  void recentlyUnsuspendedPeopleAreNotSuspendedForInactivity() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    f.clock.advance(Duration.ofDays(50));
    f.server.admin().suspend(Actor.host(), u.uid(), "x");
    f.server.admin().unsuspend(Actor.host(), u.uid());
    f.clock.advance(Duration.ofDays(3));
    signIn.suspendInactive();
    assertThat(f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void jobsRunOncePerPeriodAcrossHostInstances() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    f.clock.advance(Duration.ofDays(46));
    SignInService second =
        dev.signon.core.SignonServer.builder()
            .issuer(java.net.URI.create(EngineFixture.ISSUER))
            .store(f.store)
            .clock(f.clock)
            .keyEncryptionKey(f.kek)
            .emailSender(f.mail)
            .passwordHasher(PasswordHasher.argon2id(new java.security.SecureRandom(), 64, 1, 1))
            .build()
            .signIn(); // another host instance over the same store
    assertThat(signIn.suspendInactive()).isPositive();
    assertThat(second.suspendInactive()).as("already done this hour").isZero();
    assertThat(f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.SUSPENDED);
  }

  @Test
  void invitedPeopleWhoNeverSignInAreRemovedAfterNinetyDays() {
    User u =
        f.server
            .admin()
            .createUser(Actor.host(), NewUser.of("Ann Example", Email.of("ann@example.gov.uk")));
    f.clock.advance(Duration.ofDays(89));
    assertThat(signIn.removeStaleInvitations()).isZero();
    f.clock.advance(Duration.ofDays(2));
    assertThat(signIn.removeStaleInvitations()).isEqualTo(1);
    java.util.Optional<User> gone = f.store.transaction(tx -> tx.users().find(u.uid()));
    assertThat(gone).isEmpty();
  }

  @Test
  void suspensionUnsuspensionAndTwoStepResetByAnAdminAreEmailed() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    Actor admin = Actor.user(f.superadmin.uid());

    f.server.admin().suspend(admin, u.uid(), "Left the department");
    assertThat(f.mail.lastTo(u.email()).orElseThrow().text()).contains("Left the department");

    f.server.admin().unsuspend(admin, u.uid());
    TokenValue reset = link(u.email(), "password-reset");
    signIn.resetPassword(reset, "brass-fern-window-17", ORIGIN);
    assertThat(signIn.signIn(u.email(), "brass-fern-window-17", null, ORIGIN))
        .as("the new password clears the required change")
        .isInstanceOf(SignInResult.SignedIn.class);

    signIn.resetTwoStep(admin, u.uid(), ORIGIN);
    assertThat(f.mail.lastTo(u.email()).orElseThrow().subject()).containsIgnoringCase("two-step");
  }

  @Test
  void purgeRemovesIdleSessionsAndExpiredLinks() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    TokenValue session =
        ((SignInResult.SignedIn) signIn.signIn(u.email(), PASSWORD, null, ORIGIN)).session();
    signIn.requestPasswordReset(u.email(), ORIGIN);
    f.clock.advance(Duration.ofHours(7));

    // Two idle sessions (from the invitation and the sign-in) and the expired reset link.
    assertThat(f.server.purgeExpired(100, 10)).isEqualTo(3);
    java.util.Optional<HostSession> gone =
        f.store.transaction(tx -> tx.sessions().find(session.hash()));
    assertThat(gone).isEmpty();
  }
}
