package dev.signon.core.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.testing.SignInTesting;
import dev.signon.core.token.TokenValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The emailed one-time links: invitations, password resets, magic links, and the emails of admin
 * actions.
 */
class EmailedLinksTest extends SignInTesting {
  @Test
  void invitationLinkSetsAPasswordAndSignsIn() {
    User u =
        f.server
            .admin()
            .createUser(Actor.host(), NewUser.of("Ann Example", Email.of("ann@example.gov.uk")));
    f.server.admin().invite(Actor.host(), u.uid());
    assertThat(f.mail.lastTo(u.email()).orElseThrow().text()).contains("2 weeks");

    SignInResult r = links.acceptInvitation(link(u.email(), "invitation"), PASSWORD, ORIGIN);

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
    f.server.admin().invite(Actor.host(), u.uid());
    TokenValue l = link(u.email(), "invitation");
    assertThatThrownBy(() -> links.acceptInvitation(l, "short", ORIGIN))
        .as("a refused password leaves the link usable")
        .isInstanceOf(InvalidInputException.class);
    links.acceptInvitation(l, PASSWORD, ORIGIN);
    assertThatThrownBy(() -> links.acceptInvitation(l, PASSWORD, ORIGIN))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already been used");

    User v =
        f.server
            .admin()
            .createUser(Actor.host(), NewUser.of("Bob Example", Email.of("bob@example.gov.uk")));
    f.server.admin().invite(Actor.host(), v.uid());
    TokenValue late = link(v.email(), "invitation");
    f.clock.advance(Duration.ofDays(15));
    assertThatThrownBy(() -> links.acceptInvitation(late, PASSWORD, ORIGIN))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void passwordResetSaysNothingAboutUnknownAddressesAndDoesNotSignIn() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    int before = f.mail.sent().size();
    links.requestPasswordReset(Email.of("nobody@example.gov.uk"), ORIGIN);
    assertThat(f.mail.sent()).hasSize(before);

    links.requestPasswordReset(u.email(), ORIGIN);
    TokenValue l = link(u.email(), "password-reset");
    links.resetPassword(l, "brass-fern-window-17", ORIGIN);
    assertThat(passwords.signIn(u.email(), "brass-fern-window-17", null, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
    assertThatThrownBy(() -> links.resetPassword(l, "another-good-one-88", ORIGIN))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void passwordResetLinkExpiresAfterSixHoursAndOnlyTheNewestWorks() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    links.requestPasswordReset(u.email(), ORIGIN);
    TokenValue first = link(u.email(), "password-reset");
    links.requestPasswordReset(u.email(), ORIGIN);
    TokenValue second = link(u.email(), "password-reset");
    assertThatThrownBy(() -> links.resetPassword(first, "brass-fern-window-17", ORIGIN))
        .isInstanceOf(InvalidInputException.class);
    f.clock.advance(Duration.ofHours(6).plusSeconds(1));
    assertThatThrownBy(() -> links.resetPassword(second, "brass-fern-window-17", ORIGIN))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void magicLinkSignsInOnceWithinTenMinutes() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    links.requestMagicLink(u.email(), ORIGIN);
    TokenValue l = link(u.email(), "magic-link");
    assertThat(links.signInWithMagicLink(l, ORIGIN)).isInstanceOf(SignInResult.SignedIn.class);
    assertThatThrownBy(() -> links.signInWithMagicLink(l, ORIGIN))
        .isInstanceOf(InvalidInputException.class);

    links.requestMagicLink(u.email(), ORIGIN);
    TokenValue late = link(u.email(), "magic-link");
    f.clock.advance(Duration.ofMinutes(11));
    assertThatThrownBy(() -> links.signInWithMagicLink(late, ORIGIN))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void suspensionUnsuspensionAndTwoStepResetByAnAdminAreEmailed() {
    User u = person("ann@example.gov.uk", UserRole.NORMAL);
    Actor admin = Actor.user(f.superadmin.uid());

    f.server.admin().suspend(admin, u.uid(), "Left the department");
    assertThat(f.mail.lastTo(u.email()).orElseThrow().text()).contains("Left the department");

    f.server.admin().unsuspend(admin, u.uid());
    TokenValue reset = link(u.email(), "password-reset");
    links.resetPassword(reset, "brass-fern-window-17", ORIGIN);
    assertThat(passwords.signIn(u.email(), "brass-fern-window-17", null, ORIGIN))
        .as("the new password clears the required change")
        .isInstanceOf(SignInResult.SignedIn.class);

    f.server.admin().resetTwoStep(admin, u.uid(), ORIGIN);
    assertThat(f.mail.lastTo(u.email()).orElseThrow().subject()).containsIgnoringCase("two-step");
  }
}
