package dev.signon.core.access;

import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.organisation;
import static dev.signon.core.testing.TestDirectory.team;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.InvalidInputException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One allowed and one refused case for each rule of the admin policy. */
class AdminPolicyTest {
  // moj > noms.moj > prisons.noms.moj ; cabinet-office apart; shared.moj has two parents
  final Organisation moj = organisation("moj").build();
  final Organisation noms = organisation("noms.moj").parents(Set.of(moj.id())).build();
  final Organisation prisons = organisation("prisons.noms.moj").parents(Set.of(noms.id())).build();
  final Organisation cabinetOffice = organisation("cabinet-office").build();
  final Organisation shared =
      organisation("shared").parents(Set.of(cabinetOffice.id(), prisons.id())).build();
  final AdminPolicy policy =
      AdminPolicy.over(OrganisationGraph.of(List.of(moj, noms, prisons, cabinetOffice, shared)));

  User person(String email, UserRole role, Organisation org) {
    return user(email).role(role).organisation(org.id()).status(UserStatus.ACTIVE).build();
  }

  final User superadmin = person("super@example.com", UserRole.SUPERADMIN, moj);
  final User admin = person("admin@example.com", UserRole.ADMIN, cabinetOffice);
  final User superOrgAdmin = person("soa@example.com", UserRole.SUPER_ORGANISATION_ADMIN, noms);
  final User orgAdmin = person("oa@example.com", UserRole.ORGANISATION_ADMIN, prisons);
  final User normal = person("normal@example.com", UserRole.NORMAL, prisons);

  @Test
  void superadminManagesAnyoneButCannotManageThemselves() {
    assertThat(policy.mayManage(superadmin, person("other@example.com", UserRole.SUPERADMIN, moj)))
        .isTrue();
    assertThat(policy.mayManage(superadmin, superadmin)).isFalse();
  }

  @Test
  void adminManagesSameOrLowerRoleButNotSuperadmins() {
    assertThat(policy.mayManage(admin, person("a2@example.com", UserRole.ADMIN, moj))).isTrue();
    assertThat(policy.mayManage(admin, normal)).isTrue();
    assertThat(policy.mayManage(admin, superadmin)).isFalse();
  }

  @Test
  void superOrganisationAdminManagesWithinTheirSubtreeOnly() {
    assertThat(policy.mayManage(superOrgAdmin, normal)).isTrue(); // prisons is below noms
    assertThat(policy.mayManage(superOrgAdmin, person("x@example.com", UserRole.NORMAL, shared)))
        .as("shared is below noms through one of its two parents")
        .isTrue();
    assertThat(policy.mayManage(superOrgAdmin, person("y@example.com", UserRole.NORMAL, moj)))
        .as("moj is above noms")
        .isFalse();
    assertThat(policy.mayManage(superOrgAdmin, person("z@example.com", UserRole.ADMIN, prisons)))
        .as("an admin outranks a super organisation admin")
        .isFalse();
  }

  @Test
  void organisationAdminManagesTheirOwnOrganisationOnly() {
    assertThat(policy.mayManage(orgAdmin, normal)).isTrue();
    assertThat(policy.mayManage(orgAdmin, person("x@example.com", UserRole.NORMAL, shared)))
        .as("even an organisation below their own")
        .isFalse();
    assertThat(
            policy.mayManage(
                orgAdmin, person("y@example.com", UserRole.SUPER_ORGANISATION_ADMIN, prisons)))
        .isFalse();
  }

  @Test
  void normalUserManagesNobody() {
    assertThat(policy.mayManage(normal, person("x@example.com", UserRole.NORMAL, prisons)))
        .isFalse();
    assertThatThrownBy(() -> policy.checkManage(normal, orgAdmin))
        .isInstanceOf(AccessDeniedException.class)
        .extracting("errorCode")
        .isEqualTo("access_denied");
  }

  @Test
  void onlySuperadminsManageApiUsers() {
    User api = user("api@example.com").apiUser(true).status(UserStatus.ACTIVE).build();
    assertThat(policy.mayManage(superadmin, api)).isTrue();
    assertThat(policy.mayManage(admin, api)).isFalse();
  }

  @Test
  void suspendedOrApiActorMayDoNothing() {
    User suspended =
        superadmin.toBuilder().status(UserStatus.SUSPENDED).suspensionReason("gone").build();
    assertThat(policy.mayManage(suspended, normal)).isFalse();
    assertThat(policy.maySuperadmin(suspended)).isFalse();
    User api = user("api@example.com").apiUser(true).status(UserStatus.ACTIVE).build();
    assertThat(policy.mayManage(api, normal)).isFalse();
  }

  @Test
  void apiUserActsWithTheAdminRoleASuperadminGaveIt() {
    User api =
        user("api@example.com")
            .apiUser(true)
            .role(UserRole.SUPERADMIN)
            .status(UserStatus.ACTIVE)
            .build();
    assertThat(policy.maySuperadmin(api)).isTrue();
    assertThat(policy.mayManage(api, normal)).isTrue();
    assertThat(policy.mayManage(api, api)).as("nobody manages themselves").isFalse();
    User suspended = api.toBuilder().status(UserStatus.SUSPENDED).suspensionReason("leak").build();
    assertThat(policy.maySuperadmin(suspended)).isFalse();
    User helpdesk = api.toBuilder().role(UserRole.ADMIN).build();
    assertThat(policy.mayManage(helpdesk, normal)).isTrue();
    assertThat(policy.mayManage(helpdesk, superadmin)).isFalse();
    assertThat(policy.maySuperadmin(helpdesk)).isFalse();
  }

  @Test
  void onlySuperadminsDoSuperadminWork() {
    assertThatCode(() -> policy.checkSuperadmin(superadmin, "assign roles"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.checkSuperadmin(admin, "assign roles"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("assign roles");
  }

  @Test
  void usersAreCreatedWhereTheCreatorMayManage() {
    assertThat(policy.mayCreateUserIn(admin, moj.id())).isTrue();
    assertThat(policy.mayCreateUserIn(superOrgAdmin, prisons.id())).isTrue();
    assertThat(policy.mayCreateUserIn(superOrgAdmin, cabinetOffice.id())).isFalse();
    assertThat(policy.mayCreateUserIn(orgAdmin, prisons.id())).isTrue();
    assertThat(policy.mayCreateUserIn(orgAdmin, noms.id())).isFalse();
    assertThat(policy.mayCreateUserIn(orgAdmin, null)).isFalse();
    assertThat(policy.mayCreateUserIn(normal, prisons.id())).isFalse();
  }

  @Test
  void teamAdminsManageTheirTeamsMembersOnly() {
    User teamAdmin = person("ta@example.com", UserRole.NORMAL, cabinetOffice);
    Team theirs =
        team("Reporting", prisons.id())
            .members(Set.of(teamAdmin.uid()))
            .admins(Set.of(teamAdmin.uid()))
            .build();
    Team other = team("Other", prisons.id()).build();
    assertThat(policy.mayManageMembers(teamAdmin, theirs)).isTrue();
    assertThat(policy.mayManageMembers(teamAdmin, other)).isFalse();
    assertThat(policy.mayManageMembers(orgAdmin, other)).isTrue();
    assertThat(policy.mayManageMembers(normal, other)).isFalse();
  }

  final Application visits =
      application("visits")
          .role(Role.of("admin"))
          .role(new Role("reporting", "", true))
          .organisation(moj.id())
          .build();
  final EffectivePermissions canSignIn =
      new EffectivePermissions(visits.id(), Set.of("signin"), List.of());

  @Test
  void organisationAdminChangesOnlyDelegatedRoles() {
    assertThatCode(
            () ->
                policy.checkChangeUserRoles(
                    orgAdmin, normal, visits, Set.of(), Set.of("reporting"), canSignIn))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                policy.checkChangeUserRoles(
                    orgAdmin, normal, visits, Set.of(), Set.of("admin"), canSignIn))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("not delegated");
    assertThatThrownBy(
            () ->
                policy.checkChangeUserRoles(
                    orgAdmin, normal, visits, Set.of("admin"), Set.of(), canSignIn))
        .as("removing a role that is not delegated is refused too")
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void organisationAdminGrantsOnlyOnApplicationsTheyCanSignInTo() {
    assertThatThrownBy(
            () ->
                policy.checkChangeUserRoles(
                    orgAdmin,
                    normal,
                    visits,
                    Set.of(),
                    Set.of("reporting"),
                    EffectivePermissions.none(visits.id())))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("sign in to");
  }

  @Test
  void adminChangesAnyRoleWithoutSigningInThemselves() {
    assertThatCode(
            () ->
                policy.checkChangeUserRoles(
                    admin,
                    normal,
                    visits,
                    Set.of(),
                    Set.of("admin"),
                    EffectivePermissions.none(visits.id())))
        .doesNotThrowAnyException();
  }

  @Test
  void applicationIsGrantedOnlyWithinItsOwningOrganisationsSubtree() {
    User outsider = person("out@example.com", UserRole.NORMAL, cabinetOffice);
    assertThatThrownBy(
            () ->
                policy.checkChangeUserRoles(
                    superadmin, outsider, visits, Set.of(), Set.of("signin"), canSignIn))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not visible");
    Team inside = team("Inside", prisons.id()).build();
    Team outside = team("Outside", cabinetOffice.id()).build();
    assertThatCode(() -> policy.checkGrantToTeam(superadmin, inside, visits))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.checkGrantToTeam(superadmin, outside, visits))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void onlySuperadminsGrantToTeams() {
    Team inside = team("Inside", prisons.id()).build();
    assertThatThrownBy(() -> policy.checkGrantToTeam(admin, inside, visits))
        .isInstanceOf(AccessDeniedException.class);
  }
}
