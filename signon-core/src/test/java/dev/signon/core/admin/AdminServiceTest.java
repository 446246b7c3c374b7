package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.account.AccountEvents;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServiceTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  SignonStore store = new InMemorySignonStore();
  AdminService admin =
      new AdminService(
          store, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom(), AccountEvents.none());

  Organisation moj;
  Organisation prisons;
  Organisation cabinetOffice;
  User superadmin;
  Actor asSuper;

  @BeforeEach
  void seed() {
    moj = admin.ensureOrganisationPath(Actor.host(), "moj");
    prisons = admin.ensureOrganisationPath(Actor.host(), "prisons.moj");
    cabinetOffice = admin.ensureOrganisationPath(Actor.host(), "cabinet-office");
    superadmin = activePerson("super@example.com", UserRole.SUPERADMIN, moj.id());
    asSuper = Actor.user(superadmin.uid(), "203.0.113.7", "Mozilla/5.0 (test)");
  }

  /** Creates someone through the host and marks them active, as accepting the invitation would. */
  User activePerson(String email, UserRole role, OrganisationId org) {
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

  List<AuditEvent> audit(UserId subject) {
    return store.transaction(tx -> tx.audit().listBySubject(subject, 100));
  }

  <T> Optional<T> opt(
      java.util.function.Function<dev.signon.core.store.StoreTransaction, Optional<T>> f) {
    return store.transaction(f);
  }

  <T> List<T> list(java.util.function.Function<dev.signon.core.store.StoreTransaction, List<T>> f) {
    return store.transaction(f);
  }

  int auditSize() {
    return store.transaction(tx -> tx.audit().listRecent(10_000)).size();
  }

  Application visits() {
    return admin.createApplication(
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

  @Test
  void createUserIsInvitedAndAuditedWithCodeInitiatorIpAndUserAgent() {
    User joe =
        admin.createUser(
            asSuper,
            NewUser.of("Joe Bloggs", Email.of("Joe@Example.com")).inOrganisation(prisons.id()));

    assertThat(joe.status()).isEqualTo(UserStatus.INVITED);
    assertThat(joe.email().value()).isEqualTo("joe@example.com");
    assertThat(joe.createdAt()).isEqualTo(NOW);
    AuditEvent e = audit(joe.uid()).get(0);
    assertThat(e.type()).isEqualTo(AuditEventType.USER_CREATED);
    assertThat(e.type().code()).isEqualTo(100);
    assertThat(e.initiator()).isEqualTo(superadmin.uid());
    assertThat(e.ipAddress()).isEqualTo("203.0.113.7");
    assertThat(e.userAgent()).isEqualTo("Mozilla/5.0 (test)");
    assertThat(e.occurredAt()).isEqualTo(NOW);
  }

  @Test
  void createdPeopleAndApiUsersComeBackWithTheNumberTheStoreGaveThem() {
    User joe =
        admin.createUser(
            asSuper,
            NewUser.of("Joe Bloggs", Email.of("joe@example.com")).inOrganisation(prisons.id()));
    User api = admin.createApiUser(asSuper, "Publishing API", Email.of("publishing@example.com"));

    assertThat(joe.number()).isNotNull().isPositive();
    assertThat(api.number()).isNotNull().isPositive().isNotEqualTo(joe.number());
  }

  @Test
  void createUserWhenPolicyRefusesThenNothingWrittenAndNothingAudited() {
    User orgAdmin = activePerson("oa@example.com", UserRole.ORGANISATION_ADMIN, prisons.id());
    int before = auditSize();

    assertThatThrownBy(
            () ->
                admin.createUser(
                    Actor.user(orgAdmin.uid()),
                    NewUser.of("X", Email.of("x@example.com")).inOrganisation(cabinetOffice.id())))
        .isInstanceOf(AccessDeniedException.class);

    assertThat(opt(tx -> tx.users().findByEmail(Email.of("x@example.com")))).isEmpty();
    assertThat(auditSize()).isEqualTo(before);
  }

  @Test
  void createUserWithAnAdminRoleWhenNotSuperadminThenRefused() {
    User adminUser = activePerson("admin@example.com", UserRole.ADMIN, moj.id());

    assertThatThrownBy(
            () ->
                admin.createUser(
                    Actor.user(adminUser.uid()),
                    NewUser.of("X", Email.of("x@example.com")).withRole(UserRole.ADMIN)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("assign roles");
    assertThat(
            admin
                .createUser(Actor.user(adminUser.uid()), NewUser.of("Y", Email.of("y@example.com")))
                .role())
        .isEqualTo(UserRole.NORMAL);
  }

  @Test
  void createUserWhenEmailTakenThenConflict() {
    admin.createUser(asSuper, NewUser.of("Joe", Email.of("joe@example.com")));

    assertThatThrownBy(
            () -> admin.createUser(asSuper, NewUser.of("Joe 2", Email.of("JOE@example.com"))))
        .isInstanceOf(ConflictException.class)
        .extracting("errorCode")
        .isEqualTo("conflict");
  }

  @Test
  void unknownActorIsRefused() {
    assertThatThrownBy(
            () ->
                admin.createUser(
                    Actor.user(new UserId(java.util.UUID.randomUUID())),
                    NewUser.of("Joe", Email.of("joe@example.com"))))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void ensureOrganisationPathCreatesTheChainAndLinksExistingLinks() {
    Organisation noms = admin.createOrganisation(asSuper, "noms.moj", "NOMS", Set.of());

    Organisation pentonville =
        admin.ensureOrganisationPath(asSuper, "pentonville.prisons.noms.moj");

    Organisation nomsAfter =
        store.transaction(tx -> tx.organisations().find(noms.id())).orElseThrow();
    assertThat(nomsAfter.parents())
        .as("an existing link gains its parent")
        .containsExactly(moj.id());
    Organisation prisonsNoms =
        store.transaction(tx -> tx.organisations().findBySlug("prisons.noms.moj")).orElseThrow();
    assertThat(prisonsNoms.parents()).containsExactly(noms.id());
    assertThat(pentonville.parents()).containsExactly(prisonsNoms.id());
    assertThat(pentonville.name()).isEqualTo("pentonville");

    int orgs = store.transaction(tx -> tx.organisations().list()).size();
    assertThat(admin.ensureOrganisationPath(asSuper, "pentonville.prisons.noms.moj"))
        .isEqualTo(pentonville);
    assertThat(list(tx -> tx.organisations().list())).hasSize(orgs);
  }

  @Test
  void ensureOrganisationPathWhenNotSuperadminThenRefused() {
    User adminUser = activePerson("admin@example.com", UserRole.ADMIN, moj.id());
    assertThatThrownBy(() -> admin.ensureOrganisationPath(Actor.user(adminUser.uid()), "a.b"))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void linkOrganisationWhenItWouldMakeACycleThenRefusedAndNothingWritten() {
    assertThatThrownBy(() -> admin.linkOrganisation(asSuper, moj.id(), prisons.id()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cycle");
    assertThat(opt(tx -> tx.organisations().find(moj.id()))).contains(moj);
  }

  @Test
  void organisationMayHaveSeveralParents() {
    Organisation digital =
        admin.createOrganisation(asSuper, "digital", "Digital", Set.of(moj.id()));
    Organisation linked = admin.linkOrganisation(asSuper, digital.id(), cabinetOffice.id());

    assertThat(linked.parents()).containsExactlyInAnyOrder(moj.id(), cabinetOffice.id());
    assertThat(list(tx -> tx.audit().listRecent(1)).get(0).type())
        .isEqualTo(AuditEventType.ORGANISATION_LINKED);
    assertThat(admin.unlinkOrganisation(asSuper, digital.id(), moj.id()).parents())
        .containsExactly(cabinetOffice.id());
  }

  @Test
  void suspendNeedsAReasonThenUnsuspendReactivates() {
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());

    assertThatThrownBy(() -> admin.suspend(asSuper, joe.uid(), "  "))
        .isInstanceOf(InvalidInputException.class);
    User suspended = admin.suspend(asSuper, joe.uid(), "Left the department");
    assertThat(suspended.status()).isEqualTo(UserStatus.SUSPENDED);
    assertThat(suspended.suspensionReason()).isEqualTo("Left the department");
    User back = admin.unsuspend(asSuper, joe.uid());
    assertThat(back.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(back.suspensionReason()).isNull();

    assertThat(audit(joe.uid()))
        .extracting(AuditEvent::type)
        .startsWith(AuditEventType.USER_UNSUSPENDED, AuditEventType.USER_SUSPENDED);
    assertThat(audit(joe.uid()).get(1).detail()).isEqualTo("Left the department");
  }

  @Test
  void suspendedUserHasNoPermissions() {
    Application app = visits();
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    admin.grant(asSuper, app.id(), Grantee.user(joe.uid()), Set.of("signin"));
    assertThat(admin.permissions(joe.uid(), "visits").canSignIn()).isTrue();

    admin.suspend(asSuper, joe.uid(), "investigation");

    assertThat(admin.permissions(joe.uid(), "visits").canSignIn()).isFalse();
    assertThat(admin.permissions(joe.uid(), "visits").roles()).isEmpty();
  }

  @Test
  void nobodySuspendsThemselves() {
    assertThatThrownBy(() -> admin.suspend(asSuper, superadmin.uid(), "oops"))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void deactivateRemovesGrantsMembershipsAndAdminRole() {
    Application app = visits();
    User joe = activePerson("joe@example.com", UserRole.ORGANISATION_ADMIN, prisons.id());
    Team team = admin.createTeam(asSuper, "Reporting", prisons.id());
    admin.addTeamMember(asSuper, team.id(), joe.email(), null, true);
    admin.grant(asSuper, app.id(), Grantee.team(team.id()), Set.of("signin"));
    admin.grant(asSuper, app.id(), Grantee.user(joe.uid()), Set.of("signin", "admin"));

    User gone = admin.deactivate(asSuper, joe.uid());

    assertThat(gone.status()).isEqualTo(UserStatus.DEACTIVATED);
    assertThat(gone.role()).isEqualTo(UserRole.NORMAL);
    assertThat(list(tx -> tx.grants().listByGrantees(List.of(Grantee.user(joe.uid()))))).isEmpty();
    assertThat(opt(tx -> tx.teams().find(team.id())).orElseThrow().members()).isEmpty();
    assertThat(admin.permissions(joe.uid(), "visits").roles()).isEmpty();
  }

  @Test
  void permissionsAreTheUnionOfOwnAndTeamGrantsByOrganisation() {
    Application app = visits();
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    Team team = admin.createTeam(asSuper, "Reporting", prisons.id());
    admin.addTeamMember(asSuper, team.id(), joe.email(), null, false);
    admin.grant(asSuper, app.id(), Grantee.team(team.id()), Set.of("signin", "reporting"));
    Team mojTeam = admin.createTeam(asSuper, "HQ", moj.id());
    admin.addTeamMember(asSuper, mojTeam.id(), joe.email(), null, false);
    admin.grant(asSuper, app.id(), Grantee.team(mojTeam.id()), Set.of("admin"));

    EffectivePermissions p = admin.permissions(joe.uid(), "visits");

    assertThat(p.roles()).containsExactlyInAnyOrder("signin", "reporting", "admin");
    assertThat(p.byOrganisation())
        .containsExactly(
            new EffectivePermissions.OrganisationRoles("moj", List.of("admin")),
            new EffectivePermissions.OrganisationRoles(
                "prisons.moj", List.of("reporting", "signin")));
  }

  @Test
  void userWithoutAGrantHasNoAccess() {
    visits();
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    assertThat(admin.permissions(joe.uid(), "visits").canSignIn()).isFalse();
  }

  @Test
  void retiredApplicationGivesNoAccess() {
    Application app = visits();
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    admin.grant(asSuper, app.id(), Grantee.user(joe.uid()), Set.of("signin"));

    admin.updateApplication(asSuper, app.toBuilder().retired(true).build());

    assertThat(admin.permissions(joe.uid(), "visits").canSignIn()).isFalse();
  }

  @Test
  void organisationAdminGrantsDelegatedRolesOnAppsTheyUse() {
    Application app = visits();
    User orgAdmin = activePerson("oa@example.com", UserRole.ORGANISATION_ADMIN, prisons.id());
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    Actor asOrgAdmin = Actor.user(orgAdmin.uid());

    assertThatThrownBy(
            () -> admin.grant(asOrgAdmin, app.id(), Grantee.user(joe.uid()), Set.of("reporting")))
        .as("they cannot sign in to the app themselves yet")
        .isInstanceOf(AccessDeniedException.class);

    admin.grant(asSuper, app.id(), Grantee.user(orgAdmin.uid()), Set.of("signin"));
    Grant g =
        admin.grant(asOrgAdmin, app.id(), Grantee.user(joe.uid()), Set.of("signin", "reporting"));
    assertThat(g.roles()).containsExactlyInAnyOrder("signin", "reporting");

    assertThatThrownBy(
            () -> admin.grant(asOrgAdmin, app.id(), Grantee.user(joe.uid()), Set.of("admin")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("not delegated");
    assertThat(admin.permissions(joe.uid(), "visits").roles()).doesNotContain("admin");
  }

  @Test
  void grantOfAnUnknownRoleIsRefused() {
    Application app = visits();
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    assertThatThrownBy(
            () -> admin.grant(asSuper, app.id(), Grantee.user(joe.uid()), Set.of("editor")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no role editor");
  }

  @Test
  void grantToATeamOutsideTheApplicationsOrganisationIsRefused() {
    Application app = visits();
    Team outside = admin.createTeam(asSuper, "Outside", cabinetOffice.id());
    assertThatThrownBy(
            () -> admin.grant(asSuper, app.id(), Grantee.team(outside.id()), Set.of("signin")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void revokingTheLastRoleDeletesTheGrantAndIsAudited() {
    Application app = visits();
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    admin.grant(asSuper, app.id(), Grantee.user(joe.uid()), Set.of("signin", "reporting"));

    assertThat(admin.revoke(asSuper, app.id(), Grantee.user(joe.uid()), Set.of("reporting")))
        .map(Grant::roles)
        .contains(Set.of("signin"));
    Optional<Grant> after =
        admin.revoke(asSuper, app.id(), Grantee.user(joe.uid()), Set.of("signin"));

    assertThat(after).isEmpty();
    assertThat(opt(tx -> tx.grants().find(app.id(), Grantee.user(joe.uid())))).isEmpty();
    AuditEvent last = audit(joe.uid()).get(0);
    assertThat(last.type()).isEqualTo(AuditEventType.PERMISSIONS_REVOKED);
    assertThat(last.application()).isEqualTo(app.id());
    assertThat(last.detail()).isEqualTo("signin");
  }

  @Test
  void updateApplicationRemovesDroppedRolesFromGrants() {
    Application app = visits();
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    admin.grant(asSuper, app.id(), Grantee.user(joe.uid()), Set.of("signin", "reporting"));

    admin.updateApplication(asSuper, app.toBuilder().roles(List.of(Role.of("admin"))).build());

    assertThat(admin.permissions(joe.uid(), "visits").roles()).containsExactly("signin");
  }

  @Test
  void onlySuperadminsRegisterApplications() {
    User adminUser = activePerson("admin@example.com", UserRole.ADMIN, moj.id());
    Application app =
        Application.builder().id(admin.newApplicationId()).clientId("x").name("X").build();
    assertThatThrownBy(() -> admin.createApplication(Actor.user(adminUser.uid()), app))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void teamAdminAddsANewPersonByEmailAsAnInvitedUserOfTheTeamsOrganisation() {
    Team team = admin.createTeam(asSuper, "Reporting", prisons.id());
    User lead = activePerson("lead@example.com", UserRole.NORMAL, cabinetOffice.id());
    admin.addTeamMember(asSuper, team.id(), lead.email(), null, true);

    User newcomer =
        admin.addTeamMember(
            Actor.user(lead.uid()), team.id(), Email.of("new@example.com"), "New Person", false);

    assertThat(newcomer.status()).isEqualTo(UserStatus.INVITED);
    assertThat(newcomer.organisation()).isEqualTo(prisons.id());
    assertThat(opt(tx -> tx.teams().find(team.id())).orElseThrow().members())
        .containsExactlyInAnyOrder(lead.uid(), newcomer.uid());
    assertThat(audit(newcomer.uid()))
        .extracting(AuditEvent::type)
        .containsExactly(
            AuditEventType.INVITATION_SENT,
            AuditEventType.TEAM_MEMBER_ADDED,
            AuditEventType.USER_CREATED);
  }

  @Test
  void teamAdminCannotManageAnotherTeam() {
    Team theirs = admin.createTeam(asSuper, "Theirs", prisons.id());
    Team other = admin.createTeam(asSuper, "Other", prisons.id());
    User lead = activePerson("lead@example.com", UserRole.NORMAL, prisons.id());
    admin.addTeamMember(asSuper, theirs.id(), lead.email(), null, true);

    assertThatThrownBy(
            () ->
                admin.addTeamMember(
                    Actor.user(lead.uid()), other.id(), Email.of("x@example.com"), "X", false))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(opt(tx -> tx.users().findByEmail(Email.of("x@example.com")))).isEmpty();
  }

  @Test
  void addingAnUnknownPersonWithoutANameIsRefused() {
    Team team = admin.createTeam(asSuper, "Reporting", prisons.id());
    assertThatThrownBy(
            () -> admin.addTeamMember(asSuper, team.id(), Email.of("new@example.com"), null, false))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void removeTeamMemberWhenNotAMemberThenNotFound() {
    Team team = admin.createTeam(asSuper, "Reporting", prisons.id());
    assertThatThrownBy(() -> admin.removeTeamMember(asSuper, team.id(), superadmin.uid()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void onlySuperadminsChangeRolesAnApiUsersIncluded() {
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    User adminUser = activePerson("admin@example.com", UserRole.ADMIN, moj.id());
    assertThatThrownBy(
            () -> admin.changeRole(Actor.user(adminUser.uid()), joe.uid(), UserRole.ADMIN))
        .isInstanceOf(AccessDeniedException.class);

    assertThat(admin.changeRole(asSuper, joe.uid(), UserRole.ADMIN).role())
        .isEqualTo(UserRole.ADMIN);
    assertThat(audit(joe.uid()).get(0).detail()).isEqualTo("normal -> admin");

    // An API user gets an admin role only from a superadmin, to drive the admin API with it.
    User api = admin.createApiUser(asSuper, "Publishing API", Email.of("publishing@example.com"));
    assertThatThrownBy(
            () -> admin.changeRole(Actor.user(adminUser.uid()), api.uid(), UserRole.ADMIN))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(admin.changeRole(asSuper, api.uid(), UserRole.ADMIN).role())
        .isEqualTo(UserRole.ADMIN);
    assertThat(audit(api.uid()).get(0).detail()).isEqualTo("normal -> admin");
  }

  @Test
  void apiUsersAreActiveMachineAccountsCreatedBySuperadminsOnly() {
    User api = admin.createApiUser(asSuper, "Publishing API", Email.of("publishing@example.com"));
    assertThat(api.apiUser()).isTrue();
    assertThat(api.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(audit(api.uid()).get(0).type()).isEqualTo(AuditEventType.API_USER_CREATED);

    User adminUser = activePerson("admin@example.com", UserRole.ADMIN, moj.id());
    assertThatThrownBy(
            () -> admin.createApiUser(Actor.user(adminUser.uid()), "X", Email.of("x@example.com")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> admin.suspend(Actor.user(adminUser.uid()), api.uid(), "x"))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void movingAUserNeedsTheRightToCreateUsersInTheNewOrganisation() {
    User orgAdmin = activePerson("oa@example.com", UserRole.ORGANISATION_ADMIN, prisons.id());
    User joe = activePerson("joe@example.com", UserRole.NORMAL, prisons.id());
    assertThatThrownBy(
            () ->
                admin.updateUser(
                    Actor.user(orgAdmin.uid()),
                    joe.uid(),
                    joe.name(),
                    joe.email(),
                    cabinetOffice.id()))
        .isInstanceOf(AccessDeniedException.class);

    User renamed =
        admin.updateUser(
            Actor.user(orgAdmin.uid()),
            joe.uid(),
            "Joseph Bloggs",
            Email.of("joseph@example.com"),
            prisons.id());
    assertThat(renamed.name()).isEqualTo("Joseph Bloggs");
    assertThat(audit(joe.uid()).get(0).type()).isEqualTo(AuditEventType.USER_UPDATED);
  }

  @Test
  void onlySuperadminsExportOrImportTheDirectory() {
    User adminUser = activePerson("admin@example.com", UserRole.ADMIN, moj.id());
    Actor asAdmin = Actor.user(adminUser.uid());
    assertThatThrownBy(() -> admin.exportDirectory(asAdmin))
        .isInstanceOf(AccessDeniedException.class);
    String doc = admin.exportDirectory(asSuper);
    assertThat(doc).contains("super@example.com").contains("prisons.moj");
    assertThatThrownBy(() -> admin.importDirectory(asAdmin, doc))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void exportedDirectoryImportsIntoAnEmptyHost() {
    admin.createTeam(asSuper, "Reporting", prisons.id());
    String doc = admin.exportDirectory(asSuper);
    AdminService other =
        new AdminService(
            new InMemorySignonStore(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new SecureRandom(),
            AccountEvents.none());

    assertThat(other.importDirectory(Actor.host(), doc).changed()).isTrue();
    assertThat(other.exportDirectory(Actor.host())).isEqualTo(doc);
    assertThat(other.importDirectory(Actor.host(), doc).changed()).as("idempotent").isFalse();
  }
}
