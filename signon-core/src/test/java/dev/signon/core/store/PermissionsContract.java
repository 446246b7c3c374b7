package dev.signon.core.store;

import static dev.signon.core.testing.TestDirectory.accessToken;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.organisation;
import static dev.signon.core.testing.TestDirectory.team;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link StoreTransaction#permissions} answers, on every store: the roles of a person's own
 * grants and their teams' grants for one application, only through organisations inside the
 * application's owner's subtree; nothing for another person's grant, another application's, a team
 * the person is not in, a suspended person or a retired application. A store may read this its own
 * way (the JDBC store reads it in one statement, the organisation graph from a cache); the answer
 * is the one the default reading gives. Each store's test extends this class.
 */
public abstract class PermissionsContract {
  protected SignonStore store;
  protected Organisation department;
  protected Organisation agency;
  protected Organisation elsewhere;
  protected Application reports;
  protected Application other;
  protected User joe;
  protected User ann;

  /** A fresh, empty store; closed after each test. */
  protected abstract SignonStore newStore();

  @BeforeEach
  void seed() {
    store = newStore();
    department = organisation("department").build();
    agency = organisation("agency").parents(Set.of(department.id())).build();
    elsewhere = organisation("elsewhere").build();
    reports =
        application("reports")
            .organisation(department.id())
            .roles(List.of(Role.of("editor"), Role.of("viewer"), Role.of("admin")))
            .build();
    other = application("other").roles(List.of(Role.of("admin"))).build();
    joe = user("joe@example.com").organisation(agency.id()).status(UserStatus.ACTIVE).build();
    ann = user("ann@example.com").organisation(agency.id()).status(UserStatus.ACTIVE).build();
    Team agencyTeam =
        team("agency team", agency.id()).members(Set.of(joe.uid(), ann.uid())).build();
    Team elsewhereTeam = team("elsewhere team", elsewhere.id()).members(Set.of(joe.uid())).build();
    Team annsTeam = team("ann's team", agency.id()).members(Set.of(ann.uid())).build();
    store.transaction(
        tx -> {
          tx.organisations().insert(department);
          tx.organisations().insert(agency);
          tx.organisations().insert(elsewhere);
          tx.applications().insert(reports);
          tx.applications().insert(other);
          tx.users().insert(joe);
          tx.users().insert(ann);
          tx.teams().insert(agencyTeam);
          tx.teams().insert(elsewhereTeam);
          tx.teams().insert(annsTeam);
          grant(tx, reports, Grantee.user(joe.uid()), Role.SIGNIN, "editor");
          grant(tx, reports, Grantee.team(agencyTeam.id()), "viewer");
          // Not joe's: a team outside the owner's subtree, another person, a team joe is not in,
          // another application.
          grant(tx, reports, Grantee.team(elsewhereTeam.id()), "admin");
          grant(tx, reports, Grantee.user(ann.uid()), "admin");
          grant(tx, reports, Grantee.team(annsTeam.id()), "admin");
          grant(tx, other, Grantee.user(joe.uid()), Role.SIGNIN, "admin");
          return null;
        });
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static void grant(StoreTransaction tx, Application app, Grantee to, String... roles) {
    tx.grants().insert(new Grant(new GrantId(UUID.randomUUID()), app.id(), to, Set.of(roles)));
  }

  private EffectivePermissions permissions(User user, Application app) {
    return store.transaction(tx -> tx.permissions(user, app));
  }

  /** What the default reading gives: teams, grants and the whole graph, read one by one. */
  private EffectivePermissions readOneByOne(User user, Application app) {
    return store.transaction(
        tx -> {
          List<Team> teams = tx.teams().listByMember(user.uid());
          List<Grantee> grantees = new ArrayList<>();
          grantees.add(Grantee.user(user.uid()));
          teams.forEach(t -> grantees.add(Grantee.team(t.id())));
          return EffectivePermissions.compute(
              user,
              app,
              teams,
              tx.grants().listByGrantees(grantees),
              OrganisationGraph.of(tx.organisations().list()));
        });
  }

  @Test
  void ownAndTeamGrantsInsideTheOwnersSubtreeCountAndNothingElse() {
    EffectivePermissions p = permissions(joe, reports);

    assertThat(p.roles()).containsExactlyInAnyOrder(Role.SIGNIN, "editor", "viewer");
    assertThat(p.byOrganisation())
        .containsExactly(
            new EffectivePermissions.OrganisationRoles(
                "agency", List.of("editor", Role.SIGNIN, "viewer")));
    assertThat(p).isEqualTo(readOneByOne(joe, reports));
  }

  @Test
  void anotherApplicationsGrantsAreItsOwn() {
    assertThat(permissions(joe, other).roles()).containsExactlyInAnyOrder(Role.SIGNIN, "admin");
    assertThat(permissions(joe, other)).isEqualTo(readOneByOne(joe, other));
  }

  @Test
  void suspendedPersonHasNone() {
    User suspended =
        joe.toBuilder().status(UserStatus.SUSPENDED).suspensionReason("Left the agency").build();

    assertThat(permissions(suspended, reports)).isEqualTo(EffectivePermissions.none(reports.id()));
  }

  @Test
  void retiredApplicationGivesNone() {
    Application retired = reports.toBuilder().retired(true).build();

    assertThat(permissions(joe, retired)).isEqualTo(EffectivePermissions.none(reports.id()));
  }

  @Test
  void personWithoutGrantsHasNone() {
    User nobody =
        user("nobody@example.com").organisation(agency.id()).status(UserStatus.ACTIVE).build();
    store.transaction(
        tx -> {
          tx.users().insert(nobody);
          return null;
        });

    assertThat(permissions(nobody, reports)).isEqualTo(EffectivePermissions.none(reports.id()));
  }

  @Test
  void organisationMovedOutOfTheOwnersSubtreeStopsGrantingAtOnce() {
    assertThat(permissions(joe, reports).canSignIn()).isTrue();

    store.transaction(
        tx -> {
          tx.organisations().update(agency.toBuilder().parents(Set.of(elsewhere.id())).build());
          return null;
        });

    assertThat(permissions(joe, reports)).isEqualTo(EffectivePermissions.none(reports.id()));
    assertThat(readOneByOne(joe, reports).roles()).isEmpty();
  }

  @Test
  void leavingATeamDropsItsRolesAtOnce() {
    Team agencyTeam =
        store.transaction(tx -> tx.teams().listByMember(joe.uid())).stream()
            .filter(t -> t.name().equals("agency team"))
            .findFirst()
            .orElseThrow();

    store.transaction(
        tx -> {
          tx.teams().update(agencyTeam.toBuilder().members(Set.of(ann.uid())).build());
          return null;
        });

    assertThat(permissions(joe, reports).roles()).containsExactlyInAnyOrder(Role.SIGNIN, "editor");
  }

  private TokenHash token(String fill, @Nullable User holder, Application app) {
    TokenHash hash = new TokenHash(fill.repeat(64));
    store.transaction(
        tx -> {
          tx.issuedTokens().insert(accessToken(hash, app, holder == null ? null : holder.uid()));
          return null;
        });
    return hash;
  }

  /** A token found with its holder's access, and the permissions read next in the transaction. */
  private EffectivePermissions readWithToken(TokenHash hash, User user, Application app) {
    return store.transaction(
        tx -> {
          assertThat(tx.issuedTokens().findWithHolderAccess(hash)).isPresent();
          return tx.permissions(user, app);
        });
  }

  @Test
  void accessReadAlongWithAPersonsTokenIsTheirAccess() {
    TokenHash joes = token("a", joe, reports);
    TokenHash anns = token("b", ann, reports);
    TokenHash joesOther = token("c", joe, other);

    assertThat(readWithToken(joes, joe, reports)).isEqualTo(readOneByOne(joe, reports));
    assertThat(readWithToken(joes, joe, reports).roles())
        .containsExactlyInAnyOrder(Role.SIGNIN, "editor", "viewer");
    assertThat(readWithToken(anns, ann, reports)).isEqualTo(readOneByOne(ann, reports));
    assertThat(readWithToken(joesOther, joe, other)).isEqualTo(readOneByOne(joe, other));
    // Read along for one application, asked for another: read as usual.
    assertThat(readWithToken(joes, joe, other)).isEqualTo(readOneByOne(joe, other));
  }

  @Test
  void accessReadAlongWithThePersonIsTheirAccess() {
    EffectivePermissions joes =
        store.transaction(
            tx -> {
              assertThat(tx.users().findWithAccessTo(joe.uid(), reports.id())).contains(joe);
              return tx.permissions(joe, reports);
            });
    EffectivePermissions forAnother =
        store.transaction(
            tx -> {
              tx.users().findWithAccessTo(joe.uid(), other.id());
              return tx.permissions(joe, reports);
            });
    assertThat(joes).isEqualTo(readOneByOne(joe, reports));
    assertThat(forAnother).isEqualTo(readOneByOne(joe, reports));

    EffectivePermissions changed =
        store.transaction(
            tx -> {
              tx.users().findWithAccessTo(joe.uid(), reports.id());
              Grant own = tx.grants().find(reports.id(), Grantee.user(joe.uid())).orElseThrow();
              tx.grants().update(new Grant(own.id(), reports.id(), own.grantee(), Set.of("admin")));
              return tx.permissions(joe, reports);
            });

    assertThat(changed.roles()).containsExactlyInAnyOrder("admin", "viewer");
    Optional<User> unknown =
        store.transaction(
            tx -> tx.users().findWithAccessTo(new UserId(UUID.randomUUID()), reports.id()));
    assertThat(unknown).isEmpty();
  }

  @Test
  void accessReadAlongIsNotTheAnswerOnceTheTransactionChangedAGrant() {
    TokenHash joes = token("a", joe, reports);

    EffectivePermissions afterChange =
        store.transaction(
            tx -> {
              tx.issuedTokens().findWithHolderAccess(joes);
              Grant own = tx.grants().find(reports.id(), Grantee.user(joe.uid())).orElseThrow();
              tx.grants().update(new Grant(own.id(), reports.id(), own.grantee(), Set.of("admin")));
              return tx.permissions(joe, reports);
            });

    assertThat(afterChange.roles()).containsExactlyInAnyOrder("admin", "viewer");
  }

  @Test
  void aClientsTokenIsFoundWithNoHolderAndAnUnknownOneIsNot() {
    TokenHash clients = token("e", null, reports);

    Optional<IssuedToken> found =
        store.transaction(tx -> tx.issuedTokens().findWithHolderAccess(clients));
    Optional<IssuedToken> unknown =
        store.transaction(
            tx -> tx.issuedTokens().findWithHolderAccess(new TokenHash("f".repeat(64))));

    assertThat(found).isPresent();
    assertThat(found.get().user()).isNull();
    assertThat(unknown).isEmpty();
  }
}
