package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.ApplicationTokenAdmin.ExpiringToken;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.signin.Origin;
import dev.signon.core.testing.EngineFixture;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operators' runbooks as the README walks through them with the Java API: each step does what
 * the README says it does.
 */
class RunbooksTest {
  final EngineFixture f = new EngineFixture();
  final SignonServer server = f.server;
  final Actor me = Actor.user(f.superadmin.uid(), "192.0.2.10", "runbook");
  final Origin origin = new Origin("192.0.2.10", "runbook");

  @Test
  void createAUserWhoIsInvitedByEmail() {
    User jane =
        server
            .admin()
            .createUser(
                me,
                NewUser.of("Jane Doe", Email.of("jane@example.gov.uk")).inOrganisation(f.moj.id()));
    server.admin().grant(me, f.visits.id(), Grantee.user(jane.uid()), Set.of("signin"));
    server.admin().invite(me, jane.uid());

    assertThat(jane.status()).isEqualTo(UserStatus.INVITED);
    EmailMessage invitation = f.mail.lastTo(jane.email()).orElseThrow();
    assertThat(invitation.subject()).containsIgnoringCase("invit");
  }

  @Test
  void apiUserTokenIsShownOnceWorksAndRotatesWithoutABreak() {
    User publishing =
        server
            .admin()
            .createApiUser(me, "Publishing API", Email.of("publishing-api@example.gov.uk"));
    NewApplicationToken first =
        server
            .applicationTokens()
            .create(me, publishing.uid(), f.visits.id(), Duration.ofDays(365));
    String firstValue = first.value().reveal();
    assertThat(userDetailsStatus(firstValue)).isEqualTo(200);

    // Eleven months on, the token shows in the "expiring soon" list with its API user and app.
    f.clock.advance(Duration.ofDays(340));
    List<ExpiringToken> soon = server.applicationTokens().expiringWithin(Duration.ofDays(30));
    assertThat(soon)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.token().id()).isEqualTo(first.token().id());
              assertThat(e.apiUser().name()).isEqualTo("Publishing API");
              assertThat(e.application().clientId()).isEqualTo("visits");
            });

    // Rotation: both work until the successor is first used, which ends the rotation and revokes
    // the old token at once; the scheduled job then has nothing left to complete.
    NewApplicationToken next = server.applicationTokens().rotate(me, first.token().id());
    String nextValue = next.value().reveal();
    assertThat(userDetailsStatus(firstValue)).isEqualTo(200);
    assertThat(server.housekeeping().completeRotations(Duration.ofDays(7))).isZero();
    assertThat(userDetailsStatus(nextValue)).isEqualTo(200);
    assertThat(userDetailsStatus(firstValue)).isEqualTo(401);
    assertThat(server.housekeeping().completeRotations(Duration.ofDays(7))).isZero();
    assertThat(userDetailsStatus(nextValue)).isEqualTo(200);

    // Revoking the successor refuses it at once.
    server.applicationTokens().revoke(me, next.token().id());
    assertThat(userDetailsStatus(nextValue)).isEqualTo(401);
  }

  @Test
  void suspendThenUnsuspendEmailsTheReasonThenAResetLink() {
    User publishing =
        server
            .admin()
            .createApiUser(me, "Publishing API", Email.of("publishing-api@example.gov.uk"));
    String token =
        server.applicationTokens().create(me, publishing.uid(), f.visits.id()).value().reveal();

    User suspended = server.admin().suspend(me, f.joe.uid(), "Left the department");
    assertThat(suspended.status()).isEqualTo(UserStatus.SUSPENDED);
    assertThat(f.mail.lastTo(f.joe.email()).orElseThrow().text()).contains("Left the department");

    User back = server.admin().unsuspend(me, f.joe.uid());
    assertThat(back.status()).isNotEqualTo(UserStatus.SUSPENDED);
    assertThat(f.mail.lastTo(f.joe.email()).orElseThrow().text()).contains("password");

    // Suspending an API user revokes its tokens.
    server.admin().suspend(me, publishing.uid(), "Retired service");
    assertThat(userDetailsStatus(token)).isEqualTo(401);
  }

  @Test
  void resetTwoStepVerificationEmailsThePerson() {
    f.mail.clear();
    server.admin().resetTwoStep(me, f.joe.uid(), origin);
    assertThat(f.mail.lastTo(f.joe.email()).orElseThrow().subject())
        .contains("two-step verification has been reset");
  }

  @Test
  void aTokenForAnOutsideConsumerIsEmailedAsAOneTimeLinkNotPastedIntoAnEmail() {
    User hmrc = server.admin().createApiUser(me, "HMRC tariff", Email.of("tariff@hmrc.example"));
    ApplicationTokenAdmin.SentApplicationToken sent =
        server.applicationTokens().createAndSend(me, hmrc.uid(), f.visits.id());
    String email = f.mail.lastTo(hmrc.email()).orElseThrow().text();
    assertThat(email).contains("/sign-in/links/application-token?token=sgn_l_");
    assertThat(email).doesNotContain("sgn_t_");
    assertThat(sent.sentTo()).isEqualTo(hmrc.email());
  }

  @Test
  void exemptFromTwoStepAndInviteNewTeamMembers() {
    User jane =
        f.activate(
            server
                .admin()
                .createUser(
                    me,
                    NewUser.of("Jane Doe", Email.of("jane@example.gov.uk"))
                        .inOrganisation(f.moj.id())));
    server.admin().exemptFromTwoStep(me, jane.uid(), "No work phone: ticket 1234");

    dev.signon.core.directory.Team team = server.admin().createTeam(me, "Reporting", f.moj.id());
    server
        .admin()
        .addTeamMember(me, team.id(), Email.of("new.person@example.gov.uk"), "New Person", false);
    assertThat(f.mail.lastTo(Email.of("new.person@example.gov.uk")).orElseThrow().subject())
        .containsIgnoringCase("invit");
  }

  private int userDetailsStatus(String token) {
    return f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", token)).status();
  }
}
