package dev.signon.core.directory;

import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.organisation;
import static dev.signon.core.testing.TestDirectory.team;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.error.InvalidInputException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainValuesTest {
  @Test
  void emailIsTrimmedAndLowerCased() {
    assertThat(Email.of("  Joe.Bloggs@Example.GOV.uk ").value())
        .isEqualTo("joe.bloggs@example.gov.uk");
    assertThat(Email.of("a@b.example")).isEqualTo(Email.of("A@B.EXAMPLE"));
  }

  @Test
  void emailWithoutDomainOrWithSpacesIsRefused() {
    for (String bad :
        new String[] {"joe", "joe@", "joe@localhost", "jo e@example.com", "@example.com", ""}) {
      assertThatThrownBy(() -> Email.of(bad)).as(bad).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void redirectUriMustBeAbsoluteWithoutFragment() {
    assertThat(RedirectUri.of("https://app.example/cb?x=1").matches("https://app.example/cb?x=1"))
        .isTrue();
    assertThat(RedirectUri.of("https://app.example/cb").matches("https://app.example/cb/"))
        .isFalse();
    assertThat(RedirectUri.of("https://app.example/cb").matches("HTTPS://app.example/cb"))
        .isFalse();
    assertThatThrownBy(() -> RedirectUri.of("/cb")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> RedirectUri.of("https://app.example/cb#frag"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> RedirectUri.of("https:///cb"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> RedirectUri.of("ht tp://x")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void everyApplicationHasSignin() {
    Application app = application("visits").role(Role.of("editor")).build();
    assertThat(app.roles()).extracting(Role::name).containsExactly("signin", "editor");
    Application delegatedSignin = application("x").role(new Role("signin", "", true)).build();
    assertThat(delegatedSignin.role("signin")).map(Role::delegated).contains(true);
    assertThat(delegatedSignin.roles()).hasSize(1);
  }

  @Test
  void applicationRefusesDuplicateRolesAndBadClientIds() {
    assertThatThrownBy(() -> application("visits").role(Role.of("a")).role(Role.of("a")).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> application("has space").build())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void serviceUriDefaultsToTheFirstRedirectUri() {
    Application app = application("visits").build();
    assertThat(app.serviceUri()).hasToString("https://visits.example/auth/signon/callback");
  }

  @Test
  void roleNamesAreChecked() {
    assertThatThrownBy(() -> Role.of(" editor")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Role.of("")).isInstanceOf(InvalidInputException.class);
    assertThat(Role.of("GDS Admin").name()).isEqualTo("GDS Admin");
  }

  @Test
  void suspendedUserNeedsAReason() {
    assertThatThrownBy(() -> user("joe@example.com").status(UserStatus.SUSPENDED).build())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void apiUserMayHoldAnAdminRoleForTheAdminApi() {
    User api = user("api@example.com").apiUser(true).role(UserRole.SUPERADMIN).build();
    assertThat(api.role()).isEqualTo(UserRole.SUPERADMIN);
    assertThat(user("api2@example.com").apiUser(true).build().role()).isEqualTo(UserRole.NORMAL);
  }

  @Test
  void firstAndLastNamesDeriveFromTheFullName() {
    User u = user("joe@example.com").name("Joe Van Bloggs").build();
    assertThat(u.firstName()).isEqualTo("Joe");
    assertThat(u.lastName()).isEqualTo("Van Bloggs");
    User given = u.toBuilder().firstName("Joseph").lastName("Bloggs").build();
    assertThat(given.firstName()).isEqualTo("Joseph");
  }

  @Test
  void teamAdminMustBeAMember() {
    UserId joe = user("joe@example.com").build().uid();
    assertThatThrownBy(
            () -> team("T", organisation("moj").build().id()).admins(Set.of(joe)).build())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void roleWireNamesRoundTrip() {
    for (UserRole r : UserRole.values()) {
      assertThat(UserRole.fromWireName(r.wireName())).isEqualTo(r);
    }
    assertThat(UserRole.SUPER_ORGANISATION_ADMIN.wireName()).isEqualTo("super_organisation_admin");
    assertThatThrownBy(() -> UserRole.fromWireName("root"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void idsParseOnlyUuids() {
    assertThatThrownBy(() -> UserId.of("42")).isInstanceOf(InvalidInputException.class);
  }
}
