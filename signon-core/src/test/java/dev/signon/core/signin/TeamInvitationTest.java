package dev.signon.core.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.testing.SignInTesting;
import org.junit.jupiter.api.Test;

/**
 * MoJ Sign On: "Users are added by email address, and will receive an invitation email which
 * prompts them to set a password the first time they are invited."
 */
class TeamInvitationTest extends SignInTesting {
  @Test
  void usersAddedToATeamByEmailWillReceiveAnInvitationEmailWhichPromptsThemToSetAPassword() {
    User lead = person("lead@example.gov.uk", UserRole.NORMAL);
    Team team = f.server.admin().createTeam(Actor.host(), "Reporting", f.moj.id());
    f.server.admin().addTeamMember(Actor.host(), team.id(), lead.email(), null, true);
    int before = f.mail.sent().size();

    Email address = Email.of("newcomer@example.gov.uk");
    User newcomer =
        f.server
            .admin()
            .addTeamMember(Actor.user(lead.uid()), team.id(), address, "New Comer", false);

    EmailMessage invitation = f.mail.lastTo(address).orElseThrow();
    assertThat(f.mail.sent()).hasSize(before + 1);
    assertThat(invitation.text()).contains("/sign-in/links/invitation?token=");
    assertThat(audit(newcomer))
        .filteredOn(e -> e.type() == AuditEventType.INVITATION_SENT)
        .singleElement()
        .extracting(AuditEvent::initiator)
        .isEqualTo(lead.uid());
    links.acceptInvitation(link(address, "invitation"), PASSWORD, ORIGIN);
    assertThat(f.store.transaction(tx -> tx.users().find(newcomer.uid())).orElseThrow().status())
        .isEqualTo(UserStatus.ACTIVE);

    // Only the first time: someone who already has an account just joins.
    Team other = f.server.admin().createTeam(Actor.host(), "Visits", f.moj.id());
    f.server.admin().addTeamMember(Actor.host(), other.id(), address, null, false);
    assertThat(f.mail.sent()).hasSize(before + 1);
  }
}
