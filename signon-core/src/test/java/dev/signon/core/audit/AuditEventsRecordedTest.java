package dev.signon.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.testing.SignInTesting;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The account events that are audited with their own stable codes. */
class AuditEventsRecordedTest extends SignInTesting {
  private final Actor superadmin = Actor.user(f.superadmin.uid(), "192.0.2.10", "console");

  private List<AuditEvent> of(User u, AuditEventType type) {
    return audit(u).stream().filter(e -> e.type() == type).toList();
  }

  @Test
  void invitationSentThenResentAreRecordedWithCodes160And161() {
    User ann =
        f.server.admin().createUser(superadmin, NewUser.of("Ann", Email.of("ann@example.gov.uk")));
    assertThat(audit(ann)).noneMatch(e -> e.type() == AuditEventType.INVITATION_SENT);

    f.server.admin().invite(superadmin, ann.uid());
    f.server.admin().invite(superadmin, ann.uid());

    assertThat(of(ann, AuditEventType.INVITATION_SENT))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type().code()).isEqualTo(160);
              assertThat(e.initiator()).isEqualTo(f.superadmin.uid());
              assertThat(e.ipAddress()).isEqualTo("192.0.2.10");
            });
    assertThat(of(ann, AuditEventType.INVITATION_RESENT))
        .singleElement()
        .extracting(e -> e.type().code())
        .isEqualTo(161);
  }

  @Test
  void passwordResetRequestedIsRecordedWithCode220OnlyForAnAccountThatGetsALink() {
    User joe = person("joe.reset@example.gov.uk", UserRole.NORMAL);
    links.requestPasswordReset(joe.email(), ORIGIN);
    links.requestPasswordReset(Email.of("nobody@example.gov.uk"), ORIGIN);

    assertThat(of(joe, AuditEventType.PASSWORD_RESET_REQUESTED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type().code()).isEqualTo(220);
              assertThat(e.ipAddress()).isEqualTo(ORIGIN.ipAddress());
            });
    List<AuditEvent> recent = f.store.transaction(tx -> tx.audit().listRecent(500));
    assertThat(recent)
        .filteredOn(e -> e.type() == AuditEventType.PASSWORD_RESET_REQUESTED)
        .hasSize(1);
  }

  @Test
  void signInLinkSentAndUsedAreRecordedWithCodes221And222() {
    User joe = person("joe.link@example.gov.uk", UserRole.NORMAL);
    links.requestMagicLink(joe.email(), ORIGIN);
    assertThat(of(joe, AuditEventType.SIGN_IN_LINK_SENT))
        .singleElement()
        .extracting(e -> e.type().code())
        .isEqualTo(221);
    assertThat(of(joe, AuditEventType.SIGN_IN_LINK_USED)).isEmpty();

    links.signInWithMagicLink(link(joe.email(), "magic-link"), ORIGIN);

    assertThat(of(joe, AuditEventType.SIGN_IN_LINK_USED))
        .singleElement()
        .extracting(e -> e.type().code())
        .isEqualTo(222);
  }

  @Test
  void applicationTokenRotatedAndItsRotationCompletedAreRecordedWithCodes310And311() {
    User api =
        f.server.admin().createApiUser(superadmin, "Publishing", Email.of("pub@example.gov.uk"));
    NewApplicationToken first =
        f.server.applicationTokens().create(superadmin, api.uid(), f.visits.id());
    NewApplicationToken next = f.server.applicationTokens().rotate(superadmin, first.token().id());
    assertThat(of(api, AuditEventType.APPLICATION_TOKEN_ROTATED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type().code()).isEqualTo(310);
              assertThat(e.target()).isEqualTo("application-token:" + first.token().id());
              assertThat(e.detail()).contains(next.token().id().toString());
              assertThat(e.initiator()).isEqualTo(f.superadmin.uid());
            });
    assertThat(of(api, AuditEventType.APPLICATION_TOKEN_ROTATION_COMPLETED)).isEmpty();

    f.clock.advance(Duration.ofDays(8));
    assertThat(housekeeping.completeRotations(Duration.ofDays(7))).isOne();

    assertThat(of(api, AuditEventType.APPLICATION_TOKEN_ROTATION_COMPLETED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type().code()).isEqualTo(311);
              assertThat(e.target()).isEqualTo("application-token:" + first.token().id());
              assertThat(e.detail()).isEqualTo("grace period ended");
              assertThat(e.initiator()).isNull();
            });
  }

  @Test
  void twoStepExemptionIsRecordedWithCode162AndLiftsTheOrganisationsMandate() {
    f.server.admin().updateOrganisation(superadmin, f.moj.id(), f.moj.name(), true);
    User joe = person("joe.exempt@example.gov.uk", UserRole.NORMAL);
    assertThat(passwords.signIn(joe.email(), PASSWORD, null, ORIGIN))
        .isInstanceOf(SignInResult.TwoStepSetupRequired.class);

    f.server.admin().exemptFromTwoStep(superadmin, joe.uid(), "no work phone; ticket 1234");

    assertThat(of(joe, AuditEventType.TWO_STEP_EXEMPTED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type().code()).isEqualTo(162);
              assertThat(e.detail()).isEqualTo("no work phone; ticket 1234");
              assertThat(e.initiator()).isEqualTo(f.superadmin.uid());
            });
    assertThat(passwords.signIn(joe.email(), PASSWORD, null, ORIGIN))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void twoStepExemptionIsForSuperadminsOnly() {
    User admin = person("an.admin@example.gov.uk", UserRole.ADMIN);
    User joe = person("joe.nope@example.gov.uk", UserRole.NORMAL);
    assertThatThrownBy(
            () -> f.server.admin().exemptFromTwoStep(Actor.user(admin.uid()), joe.uid(), "why"))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(of(joe, AuditEventType.TWO_STEP_EXEMPTED)).isEmpty();
  }

  @Test
  void adminsCannotBeExemptedFromTwoStep() {
    User admin = person("other.admin@example.gov.uk", UserRole.ADMIN);
    assertThatThrownBy(() -> f.server.admin().exemptFromTwoStep(superadmin, admin.uid(), "why"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("admins must use two-step verification");
    assertThat(of(admin, AuditEventType.TWO_STEP_EXEMPTED)).isEmpty();
  }

  @Test
  void twoStepExemptionNeedsAReason() {
    User joe = person("joe.reason@example.gov.uk", UserRole.NORMAL);
    assertThatThrownBy(() -> f.server.admin().exemptFromTwoStep(superadmin, joe.uid(), " "))
        .isInstanceOf(InvalidInputException.class);
  }
}
