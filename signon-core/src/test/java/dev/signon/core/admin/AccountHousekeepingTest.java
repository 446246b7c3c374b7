package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.testing.SignInTesting;
import dev.signon.core.token.TokenValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scheduled care of accounts: reminders, inactivity suspension, stale invitations. */
class AccountHousekeepingTest extends SignInTesting {
  @Test
  void inactivePeopleAreRemindedThenSuspendedAfterFortyFiveDays() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    TokenValue session =
        ((SignInResult.SignedIn) passwords.signIn(u.email(), PASSWORD, null, ORIGIN)).session();

    f.clock.advance(Duration.ofDays(31).plusHours(1)); // 14 days left
    housekeeping.sendInactivityReminders();
    assertThat(remindersTo(u)).containsExactly("14 days");
    f.clock.advance(Duration.ofHours(1));
    housekeeping.sendInactivityReminders();
    assertThat(remindersTo(u)).as("each reminder once").hasSize(1);
    f.clock.advance(Duration.ofDays(13));
    housekeeping.sendInactivityReminders();
    assertThat(remindersTo(u))
        .as("7 and 3 came and went unasked; 1 is due")
        .containsExactly("14 days", "1 day");
    housekeeping.suspendInactive();
    assertThat(f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.ACTIVE);

    f.clock.advance(Duration.ofDays(1));
    housekeeping.suspendInactive();
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
    housekeeping.suspendInactive();
    assertThat(f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void jobsRunOncePerPeriodAcrossHostInstances() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    f.clock.advance(Duration.ofDays(46));
    Housekeeping second =
        dev.signon.core.SignonServer.builder()
            .issuer(java.net.URI.create(EngineFixture.ISSUER))
            .store(f.store)
            .clock(f.clock)
            .keyEncryptionKey(f.kek)
            .emailSender(f.mail)
            .passwordHasher(PasswordHasher.argon2id(new java.security.SecureRandom(), 64, 1, 1))
            .build()
            .housekeeping(); // another host instance over the same store
    assertThat(housekeeping.suspendInactive()).isPositive();
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
    assertThat(housekeeping.removeStaleInvitations()).isZero();
    f.clock.advance(Duration.ofDays(2));
    assertThat(housekeeping.removeStaleInvitations()).isEqualTo(1);
    java.util.Optional<User> gone = f.store.transaction(tx -> tx.users().find(u.uid()));
    assertThat(gone).isEmpty();
  }
}
