package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.account.AccountEvents;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
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
import dev.signon.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who sees which organisations, teams, applications, grants and audit events, for each of the five
 * roles and a team admin, with the refusals.
 */
class DirectoryQueriesTest {
  MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  SignonStore store = new InMemorySignonStore();
  AdminService admin = new AdminService(store, clock, new SecureRandom(), AccountEvents.none());

  Organisation moj;
  Organisation prisons;
  Organisation probation;
  Organisation pentonville;
  Organisation cabinetOffice;
  User superadmin;
  User adminUser;
  User superOrgAdmin;
  User orgAdmin;
  User normal;
  User teamAdmin;
  User inPentonville;
  User inCabinetOffice;
  Team prisonTeam;
  Team cabinetTeam;
  Application visits;
  Application cabinetApp;

  @BeforeEach
  void seed() {
    moj = admin.ensureOrganisationPath(Actor.host(), "moj");
    prisons = admin.ensureOrganisationPath(Actor.host(), "prisons.moj");
    probation = admin.ensureOrganisationPath(Actor.host(), "probation.moj");
    pentonville = admin.ensureOrganisationPath(Actor.host(), "pentonville.prisons.moj");
    // Pentonville has two parents: prisons and probation.
    pentonville = admin.linkOrganisation(Actor.host(), pentonville.id(), probation.id());
    cabinetOffice = admin.ensureOrganisationPath(Actor.host(), "cabinet-office");
    superadmin = person("Sam Super", "super@example.com", UserRole.SUPERADMIN, moj.id());
    adminUser = person("Ada Admin", "admin@example.com", UserRole.ADMIN, cabinetOffice.id());
    superOrgAdmin =
        person("Sol Prisons", "soa@example.com", UserRole.SUPER_ORGANISATION_ADMIN, prisons.id());
    orgAdmin = person("Olga Prisons", "oa@example.com", UserRole.ORGANISATION_ADMIN, prisons.id());
    normal = person("Nora Normal", "nora@example.com", UserRole.NORMAL, prisons.id());
    teamAdmin = person("Tess Team", "tess@example.com", UserRole.NORMAL, pentonville.id());
    inPentonville = person("Pete Penton", "pete@example.com", UserRole.NORMAL, pentonville.id());
    inCabinetOffice =
        person("Cara Cabinet", "cara@example.com", UserRole.NORMAL, cabinetOffice.id());
    prisonTeam = admin.createTeam(Actor.host(), "Wing B", pentonville.id());
    admin.addTeamMember(Actor.host(), prisonTeam.id(), teamAdmin.email(), null, true);
    admin.addTeamMember(Actor.host(), prisonTeam.id(), inPentonville.email(), null, false);
    cabinetTeam = admin.createTeam(Actor.host(), "Cabinet digital", cabinetOffice.id());
    visits = application("visits", "Prison visits", null);
    cabinetApp = application("cabinet", "Cabinet papers", cabinetOffice.id());
    admin.grant(Actor.host(), visits.id(), Grantee.team(prisonTeam.id()), Set.of("signin"));
    admin.grant(Actor.host(), visits.id(), Grantee.user(normal.uid()), Set.of("signin"));
    admin.grant(Actor.host(), visits.id(), Grantee.user(inCabinetOffice.uid()), Set.of("signin"));
  }

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

  Application application(String clientId, String name, @Nullable OrganisationId owner) {
    Application.Builder b =
        Application.builder()
            .id(admin.newApplicationId())
            .clientId(clientId)
            .name(name)
            .role(new Role("signin", "", true));
    if (owner != null) {
      b.organisation(owner);
    }
    return admin.createApplication(Actor.host(), b.build());
  }

  static Actor as(User u) {
    return Actor.user(u.uid());
  }

  List<String> organisations(User u) {
    return admin.listOrganisations(as(u)).stream().map(Organisation::slug).toList();
  }

  List<String> teams(User u) {
    return admin.listTeams(as(u)).stream().map(Team::name).toList();
  }

  List<String> applications(User u) {
    return admin.listApplications(as(u)).stream().map(Application::clientId).toList();
  }

  // ------------------------------------------------------------------ organisations

  @Test
  void superadminAndAdminSeeEveryOrganisationOrderedByName() {
    List<String> all =
        List.of("cabinet-office", "moj", "pentonville.prisons.moj", "prisons.moj", "probation.moj");
    assertThat(organisations(superadmin)).containsExactlyElementsOf(all);
    assertThat(organisations(adminUser)).containsExactlyElementsOf(all);
  }

  @Test
  void superOrganisationAdminSeesTheirSubtree() {
    assertThat(organisations(superOrgAdmin))
        .containsExactly("pentonville.prisons.moj", "prisons.moj");
  }

  @Test
  void organisationAdminSeesOnlyTheirOwn() {
    assertThat(organisations(orgAdmin)).containsExactly("prisons.moj");
  }

  @Test
  void organisationWithTwoParentsShowsBoth() {
    Organisation found = admin.findOrganisation(as(superadmin), pentonville.id());
    assertThat(found.parents()).containsExactlyInAnyOrder(prisons.id(), probation.id());
  }

  @Test
  void organisationAdminAskingForAnOrganisationOutsideTheirsGetsNotFound() {
    assertThatThrownBy(() -> admin.findOrganisation(as(orgAdmin), cabinetOffice.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> admin.findOrganisation(as(superOrgAdmin), probation.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void normalUserMayNotListOrganisations() {
    assertThatThrownBy(() -> admin.listOrganisations(as(normal)))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void suspendedAdminMayNotListOrganisations() {
    admin.suspend(as(superadmin), adminUser.uid(), "left");
    assertThatThrownBy(() -> admin.listOrganisations(as(adminUser)))
        .isInstanceOf(AccessDeniedException.class);
  }

  // ------------------------------------------------------------------ teams

  @Test
  void superadminAndAdminSeeEveryTeam() {
    assertThat(teams(superadmin)).containsExactly("Cabinet digital", "Wing B");
    assertThat(teams(adminUser)).containsExactly("Cabinet digital", "Wing B");
  }

  @Test
  void organisationAdminsSeeTeamsTheyMayManage() {
    assertThat(teams(superOrgAdmin)).containsExactly("Wing B");
    assertThat(teams(orgAdmin)).isEmpty();
  }

  @Test
  void teamAdminSeesOnlyTheirTeams() {
    assertThat(teams(teamAdmin)).containsExactly("Wing B");
    assertThat(admin.findTeam(as(teamAdmin), prisonTeam.id()).members())
        .contains(teamAdmin.uid(), inPentonville.uid());
  }

  @Test
  void teamAdminAskingForAnotherTeamGetsNotFound() {
    assertThatThrownBy(() -> admin.findTeam(as(teamAdmin), cabinetTeam.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void normalUserWhoAdminsNoTeamMayNotListTeams() {
    assertThatThrownBy(() -> admin.listTeams(as(inPentonville)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> admin.findTeam(as(inPentonville), prisonTeam.id()))
        .isInstanceOf(AccessDeniedException.class);
  }

  // ------------------------------------------------------------------ applications and grants

  @Test
  void superadminAndAdminSeeEveryApplication() {
    assertThat(applications(superadmin)).containsExactly("cabinet", "visits");
    assertThat(applications(adminUser)).containsExactly("cabinet", "visits");
  }

  @Test
  void organisationAdminsSeeApplicationsUsableFromTheirOrganisation() {
    assertThat(applications(superOrgAdmin)).containsExactly("visits");
    assertThat(applications(orgAdmin)).containsExactly("visits");
  }

  @Test
  void organisationAdminAskingForAnApplicationOutsideTheirReachGetsNotFound() {
    assertThatThrownBy(() -> admin.findApplication(as(orgAdmin), cabinetApp.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> admin.grantsOfApplication(as(orgAdmin), cabinetApp.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void normalUserMayNotListApplicationsOrGrants() {
    assertThatThrownBy(() -> admin.listApplications(as(normal)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> admin.grantsOfApplication(as(normal), visits.id()))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> admin.grantsOfUser(as(normal), inPentonville.uid()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void grantsOfAnApplicationShowOnlyGranteesTheActorSees() {
    assertThat(admin.grantsOfApplication(as(superadmin), visits.id()))
        .extracting(Grant::grantee)
        .containsExactlyInAnyOrder(
            Grantee.team(prisonTeam.id()),
            Grantee.user(normal.uid()),
            Grantee.user(inCabinetOffice.uid()));
    assertThat(admin.grantsOfApplication(as(superOrgAdmin), visits.id()))
        .extracting(Grant::grantee)
        .containsExactlyInAnyOrder(Grantee.team(prisonTeam.id()), Grantee.user(normal.uid()));
    assertThat(admin.grantsOfApplication(as(orgAdmin), visits.id()))
        .extracting(Grant::grantee)
        .containsExactly(Grantee.user(normal.uid()));
  }

  @Test
  void grantsOfAUserIncludeTheirTeamsGrants() {
    assertThat(admin.grantsOfUser(as(superOrgAdmin), inPentonville.uid()))
        .extracting(Grant::grantee)
        .containsExactly(Grantee.team(prisonTeam.id()));
    assertThat(admin.grantsOfUser(as(normal), normal.uid()))
        .extracting(Grant::grantee)
        .containsExactly(Grantee.user(normal.uid()));
  }

  @Test
  void organisationAdminAskingForGrantsOfAnOutsiderGetsNotFound() {
    assertThatThrownBy(() -> admin.grantsOfUser(as(orgAdmin), inCabinetOffice.uid()))
        .isInstanceOf(NotFoundException.class);
  }

  // ------------------------------------------------------------------ events

  List<AuditEventType> events(User u, EventSearch search) {
    return admin.searchEvents(as(u), search).items().stream().map(AuditEvent::type).toList();
  }

  @Test
  void eventsFilterByCodePersonInitiatorAndRangeNewestFirst() {
    Instant before = clock.instant();
    clock.advance(Duration.ofHours(1));
    admin.suspend(as(superadmin), inPentonville.uid(), "left");
    clock.advance(Duration.ofHours(1));
    admin.unsuspend(as(adminUser), inPentonville.uid());
    Instant after = clock.instant();

    EventSearch aboutPete = EventSearch.builder().subject(inPentonville.uid()).build();
    assertThat(events(superadmin, aboutPete))
        .startsWith(AuditEventType.USER_UNSUSPENDED)
        .contains(AuditEventType.USER_SUSPENDED);
    assertThat(
            events(
                superadmin,
                EventSearch.builder()
                    .subject(inPentonville.uid())
                    .type(AuditEventType.USER_SUSPENDED)
                    .build()))
        .containsExactly(AuditEventType.USER_SUSPENDED);
    assertThat(events(superadmin, EventSearch.builder().initiator(adminUser.uid()).build()))
        .contains(AuditEventType.USER_UNSUSPENDED)
        .doesNotContain(AuditEventType.USER_SUSPENDED);
    assertThat(
            events(
                superadmin,
                EventSearch.builder()
                    .subject(inPentonville.uid())
                    .from(before.plus(Duration.ofMinutes(30)))
                    .to(after)
                    .build()))
        .contains(AuditEventType.USER_SUSPENDED)
        .doesNotContain(AuditEventType.USER_UNSUSPENDED, AuditEventType.USER_CREATED);
  }

  @Test
  void eventsArePaginated() {
    Page<AuditEvent> first =
        admin.searchEvents(as(superadmin), EventSearch.builder().pageSize(3).build());
    assertThat(first.items()).hasSize(3);
    assertThat(first.hasNext()).isTrue();
    Page<AuditEvent> second =
        admin.searchEvents(as(superadmin), EventSearch.builder().pageSize(3).page(2).build());
    assertThat(second.items()).doesNotContainAnyElementsOf(first.items());
  }

  @Test
  void organisationAdminSeesOnlyEventsAboutPeopleTheySee() {
    admin.suspend(as(superadmin), inCabinetOffice.uid(), "left");
    admin.suspend(as(superadmin), normal.uid(), "left");
    List<AuditEvent> seen =
        admin.searchEvents(as(orgAdmin), EventSearch.builder().pageSize(500).build()).items();
    assertThat(seen).isNotEmpty();
    assertThat(seen)
        .allSatisfy(
            e -> assertThat(e.subject()).isIn(normal.uid(), orgAdmin.uid(), superOrgAdmin.uid()));
  }

  @Test
  void onlySuperadminsAndAdminsSeeEventsAboutNoPerson() {
    EventSearch created = EventSearch.builder().type(AuditEventType.ORGANISATION_CREATED).build();
    assertThat(events(adminUser, created)).isNotEmpty();
    assertThat(events(superOrgAdmin, created)).isEmpty();
  }

  @Test
  void normalUserMayNotReadTheEventLog() {
    assertThatThrownBy(() -> admin.searchEvents(as(normal), EventSearch.builder().build()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void eventRangeThatEndsBeforeItStartsIsRefused() {
    Instant t = clock.instant();
    assertThatThrownBy(() -> EventSearch.builder().from(t).to(t.minusSeconds(1)).build())
        .isInstanceOf(InvalidInputException.class);
  }
}
