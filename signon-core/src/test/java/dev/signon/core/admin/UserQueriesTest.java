package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.Grantee;
import dev.signon.core.account.AccountEvents;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
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

/** Who sees whom in the admin list of users, and each filter of the search. */
class UserQueriesTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  SignonStore store = new InMemorySignonStore();
  AdminService admin =
      new AdminService(
          store, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom(), AccountEvents.none());

  Organisation moj;
  Organisation prisons;
  Organisation pentonville;
  Organisation cabinetOffice;
  User superadmin;
  User adminUser;
  User superOrgAdmin;
  User orgAdmin;
  User normal;
  User inPentonville;
  User inCabinetOffice;
  User robot;

  @BeforeEach
  void seed() {
    moj = admin.ensureOrganisationPath(Actor.host(), "moj");
    prisons = admin.ensureOrganisationPath(Actor.host(), "prisons.moj");
    pentonville = admin.ensureOrganisationPath(Actor.host(), "pentonville.prisons.moj");
    cabinetOffice = admin.ensureOrganisationPath(Actor.host(), "cabinet-office");
    superadmin = person("Sam Super", "super@example.com", UserRole.SUPERADMIN, moj.id());
    adminUser = person("Ada Admin", "admin@example.com", UserRole.ADMIN, cabinetOffice.id());
    superOrgAdmin =
        person("Sol Prisons", "soa@example.com", UserRole.SUPER_ORGANISATION_ADMIN, prisons.id());
    orgAdmin = person("Olga Prisons", "oa@example.com", UserRole.ORGANISATION_ADMIN, prisons.id());
    normal = person("Nora Normal", "nora@example.com", UserRole.NORMAL, prisons.id());
    inPentonville = person("Pete Penton", "pete@example.com", UserRole.NORMAL, pentonville.id());
    inCabinetOffice =
        person("Cara Cabinet", "cara@example.com", UserRole.NORMAL, cabinetOffice.id());
    robot = admin.createApiUser(Actor.host(), "Robot", Email.of("robot@example.com"));
  }

  /** Creates someone through the host and marks them active, as accepting would. */
  User person(String name, String email, UserRole role, OrganisationId org) {
    User u =
        admin.createUser(
            Actor.host(), NewUser.of(name, Email.of(email)).withRole(role).inOrganisation(org));
    User active = u.toBuilder().status(UserStatus.ACTIVE).build();
    store.transaction(
        tx -> {
          tx.users().update(active);
          return null;
        });
    return active;
  }

  List<String> emails(User actor, UserSearch search) {
    return admin.searchUsers(Actor.user(actor.uid()), search).items().stream()
        .map(s -> s.email().value())
        .toList();
  }

  List<String> all(User actor) {
    return emails(actor, UserSearch.all());
  }

  // ------------------------------------------------------------------ visibility

  @Test
  void superadminSeesEveryoneIncludingApiUsersOrderedByName() {
    assertThat(all(superadmin))
        .containsExactly(
            "admin@example.com",
            "cara@example.com",
            "nora@example.com",
            "oa@example.com",
            "pete@example.com",
            "robot@example.com",
            "super@example.com",
            "soa@example.com");
  }

  @Test
  void adminSeesEveryPersonIncludingSuperadminsButNoApiUser() {
    assertThat(all(adminUser))
        .contains("super@example.com", "cara@example.com", "pete@example.com")
        .doesNotContain("robot@example.com")
        .hasSize(7);
  }

  @Test
  void superOrganisationAdminSeesOnlyTheirSubtree() {
    assertThat(all(superOrgAdmin))
        .containsExactly(
            "nora@example.com", "oa@example.com", "pete@example.com", "soa@example.com");
  }

  @Test
  void organisationAdminSeesOnlyTheirOwnOrganisation() {
    assertThat(all(orgAdmin))
        .containsExactly("nora@example.com", "oa@example.com", "soa@example.com");
  }

  @Test
  void organisationAdminSearchNeverReturnsOutsidersWhateverTheFilter() {
    assertThat(emails(orgAdmin, UserSearch.builder().text("example.com").build()))
        .doesNotContain("pete@example.com", "cara@example.com", "super@example.com");
    assertThat(emails(orgAdmin, UserSearch.builder().organisation(cabinetOffice.id()).build()))
        .isEmpty();
  }

  @Test
  void normalUserMayNotSearch() {
    assertThatThrownBy(() -> admin.searchUsers(Actor.user(normal.uid()), UserSearch.all()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void suspendedAdminMayNotSearch() {
    admin.suspend(Actor.host(), adminUser.uid(), "left");
    assertThatThrownBy(() -> admin.searchUsers(Actor.user(adminUser.uid()), UserSearch.all()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void normalUserAskingForSomeoneElseIsRefused() {
    assertThatThrownBy(() -> admin.findUser(Actor.user(normal.uid()), orgAdmin.uid()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void everyoneFindsTheirOwnAccount() {
    assertThat(admin.findUser(Actor.user(normal.uid()), normal.uid()).email().value())
        .isEqualTo("nora@example.com");
  }

  @Test
  void organisationAdminAskingForSomeoneOutsideIsNotFound() {
    assertThatThrownBy(() -> admin.findUser(Actor.user(orgAdmin.uid()), inPentonville.uid()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> admin.findUser(Actor.user(superOrgAdmin.uid()), inCabinetOffice.uid()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void superOrganisationAdminFindsSomeoneBelow() {
    UserSummary pete = admin.findUser(Actor.user(superOrgAdmin.uid()), inPentonville.uid());
    assertThat(pete.organisationSlug()).isEqualTo("pentonville.prisons.moj");
    assertThat(pete.status()).isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void apiUsersAreHiddenFromNonSuperadmins() {
    assertThatThrownBy(() -> admin.findUser(Actor.user(adminUser.uid()), robot.uid()))
        .isInstanceOf(NotFoundException.class);
    assertThat(emails(adminUser, UserSearch.builder().apiUsers(true).build())).isEmpty();
    assertThat(admin.findUser(Actor.user(superadmin.uid()), robot.uid()).apiUser()).isTrue();
  }

  // ------------------------------------------------------------------ filters

  @Test
  void textMatchesNameOrEmailWithoutRegardToCase() {
    assertThat(emails(superadmin, UserSearch.builder().text("PENTON").build()))
        .containsExactly("pete@example.com");
    assertThat(emails(superadmin, UserSearch.builder().text("Cara@").build()))
        .containsExactly("cara@example.com");
  }

  @Test
  void roleFilter() {
    assertThat(emails(superadmin, UserSearch.builder().role(UserRole.ORGANISATION_ADMIN).build()))
        .containsExactly("oa@example.com");
  }

  @Test
  void organisationFilterTakesTheWholeSubtree() {
    assertThat(emails(superadmin, UserSearch.builder().organisation(prisons.id()).build()))
        .containsExactly(
            "nora@example.com", "oa@example.com", "pete@example.com", "soa@example.com");
  }

  @Test
  void unknownOrganisationIsInvalid() {
    OrganisationId gone = new OrganisationId(new java.util.UUID(7, 7));
    assertThatThrownBy(
            () ->
                admin.searchUsers(
                    Actor.user(superadmin.uid()), UserSearch.builder().organisation(gone).build()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void statusFilter() {
    admin.suspend(Actor.host(), inCabinetOffice.uid(), "left");
    admin.createUser(Actor.host(), NewUser.of("Ivy Invited", Email.of("ivy@example.com")));
    assertThat(emails(superadmin, UserSearch.builder().status(UserStatus.SUSPENDED).build()))
        .containsExactly("cara@example.com");
    assertThat(emails(superadmin, UserSearch.builder().status(UserStatus.INVITED).build()))
        .containsExactly("ivy@example.com");
  }

  @Test
  void twoStepFilterAndSummaryShowSetUpAndLastSignIn() {
    Instant signedIn = NOW.minusSeconds(3600);
    store.transaction(
        tx -> {
          tx.credentials()
              .save(
                  UserCredentials.none(normal.uid())
                      .copy()
                      .totpSecret("sealed")
                      .lastSignInAt(signedIn)
                      .build());
          return null;
        });
    assertThat(emails(orgAdmin, UserSearch.builder().twoStepSetUp(true).build()))
        .containsExactly("nora@example.com");
    assertThat(emails(orgAdmin, UserSearch.builder().twoStepSetUp(false).build()))
        .containsExactly("oa@example.com", "soa@example.com");
    UserSummary nora = admin.findUser(Actor.user(orgAdmin.uid()), normal.uid());
    assertThat(nora.twoStepSetUp()).isTrue();
    assertThat(nora.lastSignInAt()).isEqualTo(signedIn);
  }

  @Test
  void applicationFilterFindsOwnAndTeamGrantsWithSignin() {
    Application visits =
        admin.createApplication(
            Actor.host(),
            Application.builder()
                .id(admin.newApplicationId())
                .clientId("visits")
                .name("Prison visits")
                .role(new Role("signin", "", true))
                .role(Role.of("reporting"))
                .build());
    admin.grant(Actor.host(), visits.id(), Grantee.user(normal.uid()), Set.of("signin"));
    admin.grant(
        Actor.host(), visits.id(), Grantee.user(inCabinetOffice.uid()), Set.of("reporting"));
    Team team = admin.createTeam(Actor.host(), "Pentonville staff", pentonville.id());
    admin.addTeamMember(Actor.host(), team.id(), inPentonville.email(), null, false);
    admin.grant(Actor.host(), visits.id(), Grantee.team(team.id()), Set.of("signin"));

    assertThat(emails(superadmin, UserSearch.builder().application("visits").build()))
        .containsExactly("nora@example.com", "pete@example.com");
    assertThatThrownBy(
            () ->
                admin.searchUsers(
                    Actor.user(superadmin.uid()), UserSearch.builder().application("nope").build()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void apiUsersFilterSeparatesMachinesFromPeople() {
    assertThat(emails(superadmin, UserSearch.builder().apiUsers(true).build()))
        .containsExactly("robot@example.com");
    assertThat(emails(superadmin, UserSearch.builder().apiUsers(false).build()))
        .doesNotContain("robot@example.com")
        .hasSize(7);
  }

  @Test
  void filtersCombine() {
    assertThat(
            emails(
                superadmin,
                UserSearch.builder()
                    .organisation(prisons.id())
                    .role(UserRole.NORMAL)
                    .text("nora")
                    .build()))
        .containsExactly("nora@example.com");
  }

  // ------------------------------------------------------------------ pagination

  @Test
  void fiftyOneUsersMakeTwoPagesOfFifty() {
    for (int i = 0; i < 51; i++) {
      person(String.format("Bulk %02d", i), "bulk" + i + "@example.com", UserRole.NORMAL, moj.id());
    }
    UserSearch bulk = UserSearch.builder().text("bulk").build();
    Page<UserSummary> first = admin.searchUsers(Actor.user(superadmin.uid()), bulk);
    Page<UserSummary> second =
        admin.searchUsers(Actor.user(superadmin.uid()), bulk.toBuilder().page(2).build());

    assertThat(first.items()).hasSize(50);
    assertThat(first.total()).isEqualTo(51);
    assertThat(first.pageSize()).isEqualTo(50);
    assertThat(first.hasNext()).isTrue();
    assertThat(first.items().get(0).name()).isEqualTo("Bulk 00");
    assertThat(second.items()).extracting(UserSummary::name).containsExactly("Bulk 50");
    assertThat(second.hasNext()).isFalse();
    Page<UserSummary> third =
        admin.searchUsers(Actor.user(superadmin.uid()), bulk.toBuilder().page(3).build());
    assertThat(third.items()).isEmpty();
    assertThat(third.total()).isEqualTo(51);
  }

  @Test
  void pageBelowOneIsInvalid() {
    assertThatThrownBy(() -> UserSearch.builder().page(0).build())
        .isInstanceOf(InvalidInputException.class);
  }
}
