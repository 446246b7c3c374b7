package dev.signon.core.access;

import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EffectivePermissionsTest {
  private final Application app =
      application("publisher").role(new Role("signin", "", false)).build();
  private final User joe = user("joe@example.com").status(UserStatus.ACTIVE).build();
  private final User ann = user("ann@example.com").status(UserStatus.ACTIVE).build();

  private Grant grantTo(User u, String... roles) {
    return new Grant(
        new GrantId(UUID.randomUUID()), app.id(), Grantee.user(u.uid()), Set.of(roles));
  }

  @Test
  void aGrantToSomeoneElseGivesNothingEvenWhenBothHaveNoOrganisation() {
    EffectivePermissions p =
        EffectivePermissions.compute(
            joe, app, List.of(), List.of(grantTo(ann, "signin")), OrganisationGraph.of(List.of()));

    assertThat(p.canSignIn()).isFalse();
    assertThat(p.roles()).isEmpty();
  }

  @Test
  void theirOwnGrantCountsBesideSomeoneElses() {
    EffectivePermissions p =
        EffectivePermissions.compute(
            joe,
            app,
            List.of(),
            List.of(grantTo(ann, "signin"), grantTo(joe, "signin")),
            OrganisationGraph.of(List.of()));

    assertThat(p.canSignIn()).isTrue();
  }
}
