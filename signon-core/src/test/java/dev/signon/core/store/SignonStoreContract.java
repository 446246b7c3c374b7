package dev.signon.core.store;

import static dev.signon.core.TestDirectory.T0;
import static dev.signon.core.TestDirectory.application;
import static dev.signon.core.TestDirectory.organisation;
import static dev.signon.core.TestDirectory.team;
import static dev.signon.core.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.ConflictException;
import dev.signon.core.NotFoundException;
import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SignonStore} must have. Each implementation's test extends this class
 * and supplies a fresh, empty store.
 */
public abstract class SignonStoreContract {
  protected SignonStore store;

  /** A fresh, empty store; closed after each test. */
  protected abstract SignonStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private <T> T tx(java.util.function.Function<StoreTransaction, T> work) {
    return store.transaction(work);
  }

  private <T> java.util.Optional<T> find(
      java.util.function.Function<StoreTransaction, java.util.Optional<T>> work) {
    return store.transaction(work);
  }

  private <T> List<T> all(java.util.function.Function<StoreTransaction, List<T>> work) {
    return store.transaction(work);
  }

  private boolean bool(java.util.function.Function<StoreTransaction, Boolean> work) {
    return store.transaction(work);
  }

  private void run(java.util.function.Consumer<StoreTransaction> work) {
    store.transaction(
        t -> {
          work.accept(t);
          return null;
        });
  }

  // --- organisations

  @Test
  void organisationWithSeveralParentsRoundTrips() {
    Organisation moj = organisation("moj").build();
    Organisation co = organisation("cabinet-office").build();
    Organisation digital =
        organisation("digital.moj")
            .parents(Set.of(moj.id(), co.id()))
            .twoStepMandated(true)
            .build();
    run(
        t -> {
          t.organisations().insert(moj);
          t.organisations().insert(co);
          t.organisations().insert(digital);
        });

    assertThat(find(t -> t.organisations().find(digital.id()))).contains(digital);
    assertThat(find(t -> t.organisations().findBySlug("digital.moj"))).contains(digital);
    assertThat(all(t -> t.organisations().list()))
        .extracting(Organisation::slug)
        .containsExactly("cabinet-office", "digital.moj", "moj");
  }

  @Test
  void organisationUpdateReplacesParents() {
    Organisation moj = organisation("moj").build();
    Organisation co = organisation("cabinet-office").build();
    Organisation digital = organisation("digital").parents(Set.of(moj.id())).build();
    run(
        t -> {
          t.organisations().insert(moj);
          t.organisations().insert(co);
          t.organisations().insert(digital);
        });
    Organisation moved = digital.toBuilder().parents(Set.of(co.id())).name("Digital").build();
    run(t -> t.organisations().update(moved));

    assertThat(find(t -> t.organisations().find(digital.id()))).contains(moved);
  }

  @Test
  void insertOrganisationWhenSlugTakenThenConflict() {
    run(t -> t.organisations().insert(organisation("moj").build()));

    assertThatThrownBy(() -> run(t -> t.organisations().insert(organisation("moj").build())))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void insertOrganisationWhenParentUnknownThenNotFound() {
    Organisation orphan =
        organisation("orphan").parents(Set.of(organisation("ghost").build().id())).build();

    assertThatThrownBy(() -> run(t -> t.organisations().insert(orphan)))
        .isInstanceOf(NotFoundException.class);
    assertThat(all(t -> t.organisations().list())).isEmpty();
  }

  @Test
  void updateOrganisationWhenAbsentThenNotFound() {
    assertThatThrownBy(() -> run(t -> t.organisations().update(organisation("moj").build())))
        .isInstanceOf(NotFoundException.class);
  }

  // --- users

  @Test
  void userRoundTripsWithEveryField() {
    Organisation moj = organisation("moj").build();
    User u =
        user("Joe@Example.com")
            .name("Joe Bloggs")
            .firstName("Joseph")
            .lastName("Bloggs")
            .role(UserRole.ORGANISATION_ADMIN)
            .organisation(moj.id())
            .status(UserStatus.SUSPENDED)
            .suspensionReason("left the department")
            .build();
    User api = user("publisher-api@example.com").apiUser(true).status(UserStatus.ACTIVE).build();
    run(
        t -> {
          t.organisations().insert(moj);
          t.users().insert(u);
          t.users().insert(api);
        });

    assertThat(find(t -> t.users().find(u.uid()))).contains(u);
    assertThat(find(t -> t.users().find(api.uid()))).contains(api);
    assertThat(find(t -> t.users().findByEmail(Email.of("JOE@example.COM")))).contains(u);
    assertThat(all(t -> t.users().list()))
        .extracting(User::email)
        .extracting(Email::value)
        .containsExactly("joe@example.com", "publisher-api@example.com");
  }

  @Test
  void insertUserWhenEmailTakenThenConflictAndNothingWritten() {
    run(t -> t.users().insert(user("joe@example.com").build()));
    User second = user("JOE@example.com").build();

    assertThatThrownBy(() -> run(t -> t.users().insert(second)))
        .isInstanceOf(ConflictException.class);
    assertThat(find(t -> t.users().find(second.uid()))).isEmpty();
  }

  @Test
  void updateUserWhenEmailTakenThenConflict() {
    User joe = user("joe@example.com").build();
    User ann = user("ann@example.com").build();
    run(
        t -> {
          t.users().insert(joe);
          t.users().insert(ann);
        });

    assertThatThrownBy(() -> run(t -> t.users().update(ann.toBuilder().email(joe.email()).build())))
        .isInstanceOf(ConflictException.class);
    assertThat(find(t -> t.users().find(ann.uid()))).contains(ann);
  }

  @Test
  void userUpdateChangesStatusAndRole() {
    User joe = user("joe@example.com").build();
    run(t -> t.users().insert(joe));
    User changed =
        joe.toBuilder().status(UserStatus.ACTIVE).role(UserRole.ADMIN).name("Joe B").build();
    run(t -> t.users().update(changed));

    assertThat(find(t -> t.users().find(joe.uid()))).contains(changed);
  }

  @Test
  void deleteUserRemovesMembershipsAndGrants() {
    Organisation moj = organisation("moj").build();
    User joe = user("joe@example.com").build();
    User ann = user("ann@example.com").build();
    Team team =
        team("Reporting", moj.id())
            .members(Set.of(joe.uid(), ann.uid()))
            .admins(Set.of(joe.uid()))
            .build();
    Application app = application("reports").build();
    Grant grant =
        new Grant(
            new GrantId(UUID.randomUUID()), app.id(), Grantee.user(joe.uid()), Set.of("signin"));
    run(
        t -> {
          t.organisations().insert(moj);
          t.users().insert(joe);
          t.users().insert(ann);
          t.teams().insert(team);
          t.applications().insert(app);
          t.grants().insert(grant);
        });

    assertThat(bool(t -> t.users().delete(joe.uid()))).isTrue();

    assertThat(find(t -> t.users().find(joe.uid()))).isEmpty();
    Team after = find(t -> t.teams().find(team.id())).orElseThrow();
    assertThat(after.members()).containsExactly(ann.uid());
    assertThat(after.admins()).isEmpty();
    assertThat(find(t -> t.grants().find(grant.id()))).isEmpty();
    assertThat(bool(t -> t.users().delete(joe.uid()))).isFalse();
  }

  // --- teams

  @Test
  void teamRoundTripsWithMembersAndAdmins() {
    Organisation moj = organisation("moj").build();
    User joe = user("joe@example.com").build();
    User ann = user("ann@example.com").build();
    Team reporting =
        team("Reporting", moj.id())
            .members(Set.of(joe.uid(), ann.uid()))
            .admins(Set.of(ann.uid()))
            .build();
    Team alpha = team("Alpha", moj.id()).members(Set.of(joe.uid())).build();
    Team empty = team("Zeta", moj.id()).build();
    run(
        t -> {
          t.organisations().insert(moj);
          t.users().insert(joe);
          t.users().insert(ann);
          t.teams().insert(reporting);
          t.teams().insert(alpha);
          t.teams().insert(empty);
        });

    assertThat(find(t -> t.teams().find(reporting.id()))).contains(reporting);
    assertThat(all(t -> t.teams().listByMember(joe.uid()))).containsExactly(alpha, reporting);
    assertThat(all(t -> t.teams().list())).containsExactly(alpha, reporting, empty);
  }

  @Test
  void teamUpdateReplacesMembers() {
    Organisation moj = organisation("moj").build();
    User joe = user("joe@example.com").build();
    User ann = user("ann@example.com").build();
    Team team = team("Reporting", moj.id()).members(Set.of(joe.uid())).build();
    run(
        t -> {
          t.organisations().insert(moj);
          t.users().insert(joe);
          t.users().insert(ann);
          t.teams().insert(team);
        });
    Team changed = team.withoutMember(joe.uid()).withMember(ann.uid(), true);
    run(t -> t.teams().update(changed));

    assertThat(find(t -> t.teams().find(team.id()))).contains(changed);
  }

  @Test
  void insertTeamWhenMemberUnknownThenNotFound() {
    Organisation moj = organisation("moj").build();
    run(t -> t.organisations().insert(moj));
    Team team =
        team("Reporting", moj.id()).members(Set.of(user("x@example.com").build().uid())).build();

    assertThatThrownBy(() -> run(t -> t.teams().insert(team)))
        .isInstanceOf(NotFoundException.class);
    assertThat(all(t -> t.teams().list())).isEmpty();
  }

  // --- applications

  @Test
  void applicationRoundTripsWithRolesAndRedirectUris() {
    Organisation moj = organisation("moj").build();
    Application app =
        application("visits")
            .description("Book prison visits")
            .role(new Role("signin", "", true))
            .role(new Role("reporting", "See reports", true))
            .role(Role.of("admin"))
            .redirectUri(RedirectUri.of("https://visits.example/second"))
            .serviceUri(URI.create("https://visits.example/"))
            .organisation(moj.id())
            .apiOnly(false)
            .retired(true)
            .build();
    run(
        t -> {
          t.organisations().insert(moj);
          t.applications().insert(app);
        });

    Application read = find(t -> t.applications().find(app.id())).orElseThrow();
    assertThat(read).isEqualTo(app);
    assertThat(read.roles()).extracting(Role::name).containsExactly("signin", "reporting", "admin");
    assertThat(read.role("signin")).map(Role::delegated).contains(true);
    assertThat(read.redirectUris())
        .extracting(RedirectUri::value)
        .containsExactly(
            "https://visits.example/auth/signon/callback", "https://visits.example/second");
    assertThat(find(t -> t.applications().findByClientId("visits"))).contains(app);
  }

  @Test
  void applicationUpdateReplacesRolesAndRedirectUris() {
    Application app = application("visits").role(Role.of("reporting")).build();
    run(t -> t.applications().insert(app));
    Application changed =
        app.toBuilder()
            .roles(List.of(Role.of("editor")))
            .redirectUris(List.of(RedirectUri.of("https://new.example/cb")))
            .build();
    run(t -> t.applications().update(changed));

    assertThat(find(t -> t.applications().find(app.id()))).contains(changed);
  }

  @Test
  void insertApplicationWhenClientIdTakenThenConflict() {
    run(t -> t.applications().insert(application("visits").build()));

    assertThatThrownBy(() -> run(t -> t.applications().insert(application("visits").build())))
        .isInstanceOf(ConflictException.class);
  }

  // --- grants

  @Test
  void grantsToTeamsAndUsersRoundTrip() {
    Organisation moj = organisation("moj").build();
    User joe = user("joe@example.com").build();
    Team team = team("Reporting", moj.id()).members(Set.of(joe.uid())).build();
    Application app = application("visits").role(Role.of("reporting")).build();
    Grant toTeam =
        new Grant(
            new GrantId(UUID.randomUUID()),
            app.id(),
            Grantee.team(team.id()),
            Set.of("signin", "reporting"));
    Grant toUser =
        new Grant(new GrantId(UUID.randomUUID()), app.id(), Grantee.user(joe.uid()), Set.of());
    run(
        t -> {
          t.organisations().insert(moj);
          t.users().insert(joe);
          t.teams().insert(team);
          t.applications().insert(app);
          t.grants().insert(toTeam);
          t.grants().insert(toUser);
        });

    assertThat(find(t -> t.grants().find(toTeam.id()))).contains(toTeam);
    assertThat(find(t -> t.grants().find(app.id(), Grantee.user(joe.uid())))).contains(toUser);
    assertThat(all(t -> t.grants().listByGrantees(List.of(Grantee.team(team.id())))))
        .containsExactly(toTeam);
    assertThat(all(t -> t.grants().listByApplication(app.id())))
        .containsExactlyInAnyOrder(toTeam, toUser);
    assertThat(all(t -> t.grants().list())).hasSize(2);

    run(t -> t.grants().update(toUser.withRoles(Set.of("signin"))));
    assertThat(find(t -> t.grants().find(toUser.id())))
        .map(Grant::roles)
        .contains(Set.of("signin"));

    assertThat(bool(t -> t.grants().delete(toTeam.id()))).isTrue();
    assertThat(find(t -> t.grants().find(toTeam.id()))).isEmpty();
  }

  @Test
  void insertGrantWhenGranteeAlreadyHasOneForTheApplicationThenConflict() {
    User joe = user("joe@example.com").build();
    Application app = application("visits").build();
    run(
        t -> {
          t.users().insert(joe);
          t.applications().insert(app);
          t.grants()
              .insert(
                  new Grant(
                      new GrantId(UUID.randomUUID()),
                      app.id(),
                      Grantee.user(joe.uid()),
                      Set.of("signin")));
        });

    assertThatThrownBy(
            () ->
                run(
                    t ->
                        t.grants()
                            .insert(
                                new Grant(
                                    new GrantId(UUID.randomUUID()),
                                    app.id(),
                                    Grantee.user(joe.uid()),
                                    Set.of()))))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void insertGrantWhenApplicationUnknownThenNotFound() {
    User joe = user("joe@example.com").build();
    run(t -> t.users().insert(joe));
    Grant grant =
        new Grant(
            new GrantId(UUID.randomUUID()),
            application("ghost").build().id(),
            Grantee.user(joe.uid()),
            Set.of());

    assertThatThrownBy(() -> run(t -> t.grants().insert(grant)))
        .isInstanceOf(NotFoundException.class);
  }

  // --- transactions

  @Test
  void transactionThatThrowsLeavesNothingBehind() {
    Organisation moj = organisation("moj").build();
    User joe = user("joe@example.com").build();
    run(t -> t.users().insert(joe));

    assertThatThrownBy(
            () ->
                run(
                    t -> {
                      t.organisations().insert(moj);
                      t.users().update(joe.toBuilder().name("Changed").build());
                      t.users().delete(joe.uid());
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(all(t -> t.organisations().list())).isEmpty();
    assertThat(find(t -> t.users().find(joe.uid()))).contains(joe);
  }

  @Test
  void failedWriteRollsBackEarlierWritesOfTheSameTransaction() {
    run(t -> t.users().insert(user("joe@example.com").build()));
    Organisation moj = organisation("moj").build();

    assertThatThrownBy(
            () ->
                run(
                    t -> {
                      t.organisations().insert(moj);
                      t.users().insert(user("joe@example.com").build());
                    }))
        .isInstanceOf(ConflictException.class);

    assertThat(find(t -> t.organisations().find(moj.id()))).isEmpty();
  }

  @Test
  void transactionReturnsTheWorksResult() {
    String result = tx(t -> "result");
    assertThat(result).isEqualTo("result");
  }

  // --- audit

  @Test
  void auditEventsAreListedNewestFirst() {
    User joe = user("joe@example.com").build();
    User admin = user("admin@example.com").build();
    run(
        t -> {
          t.users().insert(joe);
          t.users().insert(admin);
        });
    AuditEvent first = event(AuditEventType.USER_CREATED, joe, admin, 0, "");
    AuditEvent second = event(AuditEventType.USER_SUSPENDED, joe, admin, 1, "left");
    AuditEvent other = event(AuditEventType.USER_CREATED, admin, null, 2, "");
    run(
        t -> {
          t.audit().append(first);
          t.audit().append(second);
          t.audit().append(other);
        });

    assertThat(all(t -> t.audit().listBySubject(joe.uid(), 10))).containsExactly(second, first);
    assertThat(all(t -> t.audit().listRecent(2))).containsExactly(other, second);
  }

  @Test
  void auditEventWithEveryFieldRoundTrips() {
    User joe = user("joe@example.com").build();
    Application app = application("visits").build();
    run(
        t -> {
          t.users().insert(joe);
          t.applications().insert(app);
        });
    AuditEvent e =
        new AuditEvent(
            UUID.randomUUID(),
            T0,
            AuditEventType.PERMISSIONS_GRANTED,
            joe.uid(),
            joe.uid(),
            app.id(),
            "team:1234",
            "203.0.113.9",
            "Mozilla/5.0",
            "signin, editor");
    run(t -> t.audit().append(e));

    assertThat(all(t -> t.audit().listRecent(1))).containsExactly(e);
  }

  private static AuditEvent event(
      AuditEventType type,
      User subject,
      @org.jspecify.annotations.Nullable User initiator,
      int seconds,
      String detail) {
    return new AuditEvent(
        UUID.randomUUID(),
        T0.plusSeconds(seconds),
        type,
        subject.uid(),
        initiator == null ? null : initiator.uid(),
        null,
        null,
        null,
        null,
        detail);
  }
}
