package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.Grantee;
import dev.signon.core.account.AccountEvents;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin operations and reads the console's user pages use: unlock, require two-step
 * verification, the roles and application roles an admin may give, a person's grants and events.
 */
class UserConsoleOperationsTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  SignonStore store = new InMemorySignonStore();
  AdminService admin =
      new AdminService(
          store, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom(), AccountEvents.none());
  Organisation moj;
  Organisation dfe;
  Actor asSuper;
  Application visits;

  @BeforeEach
  void seed() {
    moj = admin.ensureOrganisationPath(Actor.host(), "moj");
    dfe = admin.ensureOrganisationPath(Actor.host(), "dfe");
    asSuper = actor(person("super@example.com", UserRole.SUPERADMIN, moj.id()));
    visits =
        admin.createApplication(
            asSuper,
            Application.builder()
                .id(admin.newApplicationId())
                .clientId("visits")
                .name("Prison visits")
                .role(new Role("signin", "", true))
                .role(new Role("reporting", "See reports", true))
                .role(Role.of("admin"))
                .redirectUri(RedirectUri.of("https://visits.example/auth/signon/callback"))
                .organisation(moj.id())
                .build());
  }

  User person(String email, UserRole role, OrganisationId org) {
    User u =
        admin.createUser(
            Actor.host(),
            NewUser.of("P " + email, Email.of(email)).withRole(role).inOrganisation(org));
    User active = u.toBuilder().status(UserStatus.ACTIVE).build();
    store.transaction(
        tx -> {
          tx.users().update(active);
          return null;
        });
    return active;
  }

  static Actor actor(User u) {
    return Actor.user(u.uid(), "203.0.113.7", "test");
  }

  UserCredentials credentials(User u) {
    return store.transaction(tx -> tx.credentials().find(u.uid())).orElseThrow();
  }

  @Test
  void unlockMakesALockedAccountActiveClearsTheFailuresAndIsAudited() {
    User joe = person("joe@example.com", UserRole.NORMAL, moj.id());
    store.transaction(
        tx -> {
          tx.users().update(joe.toBuilder().status(UserStatus.LOCKED).build());
          tx.credentials()
              .save(
                  UserCredentials.none(joe.uid())
                      .copy()
                      .failedPasswordAttempts(10)
                      .lockedAt(NOW)
                      .build());
          return null;
        });

    assertThat(admin.unlock(asSuper, joe.uid()).status()).isEqualTo(UserStatus.ACTIVE);

    assertThat(credentials(joe).failedPasswordAttempts()).isZero();
    assertThat(credentials(joe).lockedAt()).isNull();
    assertThat(admin.userEvents(asSuper, joe.uid(), 10))
        .extracting(AuditEvent::type)
        .contains(AuditEventType.ACCOUNT_UNLOCKED);
  }

  @Test
  void unlockRefusesAnAccountThatIsNotLockedAndSomeoneTheActorDoesNotManage() {
    User joe = person("joe@example.com", UserRole.NORMAL, moj.id());
    assertThatThrownBy(() -> admin.unlock(asSuper, joe.uid()))
        .isInstanceOf(InvalidInputException.class);
    User olga = person("olga@example.com", UserRole.ORGANISATION_ADMIN, dfe.id());
    assertThatThrownBy(() -> admin.unlock(actor(olga), joe.uid()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void requireTwoStepLiftsAnExemptionAndIsAuditedWithCode163() {
    User joe = person("joe@example.com", UserRole.NORMAL, moj.id());
    admin.exemptFromTwoStep(asSuper, joe.uid(), "shared kiosk");

    admin.requireTwoStep(asSuper, joe.uid());

    assertThat(credentials(joe).twoStepExemption()).isNull();
    AuditEvent e = admin.userEvents(asSuper, joe.uid(), 1).get(0);
    assertThat(e.type()).isEqualTo(AuditEventType.TWO_STEP_REQUIRED);
    assertThat(e.type().code()).isEqualTo(163);
    assertThatThrownBy(() -> admin.requireTwoStep(asSuper, joe.uid()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not exempt");
  }

  @Test
  void onlyASuperadminMayGiveRolesOtherThanNormal() {
    User ann = person("ann@example.com", UserRole.ADMIN, moj.id());
    assertThat(admin.assignableRoles(asSuper)).containsExactly(UserRole.values());
    assertThat(admin.assignableRoles(actor(ann))).containsExactly(UserRole.NORMAL);
    User joe = person("joe@example.com", UserRole.NORMAL, moj.id());
    assertThatThrownBy(() -> admin.assignableRoles(actor(joe)))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void anOrganisationAdminMayGrantOnlyDelegatedRolesOnApplicationsTheyUse() {
    User oscar = person("oscar@example.com", UserRole.ORGANISATION_ADMIN, moj.id());
    assertThat(admin.grantableApplications(actor(oscar), moj.id())).isEmpty();

    admin.grant(asSuper, visits.id(), Grantee.user(oscar.uid()), Set.of("signin"));
    List<GrantableApplication> mine = admin.grantableApplications(actor(oscar), moj.id());
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).roles()).extracting(Role::name).containsExactly("signin", "reporting");

    List<GrantableApplication> all = admin.grantableApplications(asSuper, moj.id());
    assertThat(all.get(0).roles()).extracting(Role::name).contains("admin");
    // Visits belongs to MoJ: nobody in Education may be given it.
    assertThat(admin.grantableApplications(asSuper, dfe.id())).isEmpty();
  }

  @Test
  void aPersonsGrantsAndEventsAreReadOnlyBySomeoneWhoMaySeeThem() {
    User joe = person("joe@example.com", UserRole.NORMAL, moj.id());
    admin.grant(asSuper, visits.id(), Grantee.user(joe.uid()), Set.of("signin"));
    assertThat(admin.userGrants(asSuper, joe.uid())).hasSize(1);
    assertThat(admin.userEvents(asSuper, joe.uid(), 50))
        .extracting(AuditEvent::type)
        .contains(AuditEventType.USER_CREATED, AuditEventType.PERMISSIONS_GRANTED);

    User olga = person("olga@example.com", UserRole.ORGANISATION_ADMIN, dfe.id());
    assertThatThrownBy(() -> admin.userGrants(actor(olga), joe.uid()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> admin.userEvents(actor(olga), joe.uid(), 50))
        .isInstanceOf(NotFoundException.class);
    User nora = person("nora@example.com", UserRole.NORMAL, moj.id());
    assertThatThrownBy(() -> admin.userEvents(actor(nora), joe.uid(), 50))
        .isInstanceOf(AccessDeniedException.class);
  }
}
