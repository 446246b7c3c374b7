package dev.signon.core.store;

import static dev.signon.core.testing.TestDirectory.T0;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.organisation;
import static dev.signon.core.testing.TestDirectory.team;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.signon.core.directory.ParentOrigin;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.StoredSigningKey;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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

  private int count(java.util.function.Function<StoreTransaction, Integer> work) {
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
  void organisationClosedStateAndParentOriginsRoundTrip() {
    Organisation moj = organisation("moj").build();
    Organisation co = organisation("cabinet-office").build();
    Organisation digital =
        organisation("digital.moj")
            .parents(Set.of(moj.id(), co.id()))
            .feedParents(Set.of(moj.id()))
            .closed(true)
            .build();
    run(
        t -> {
          t.organisations().insert(moj);
          t.organisations().insert(co);
          t.organisations().insert(digital);
        });

    Organisation read = find(t -> t.organisations().find(digital.id())).orElseThrow();
    assertThat(read).isEqualTo(digital);
    assertThat(read.closed()).isTrue();
    assertThat(read.parentOrigin(moj.id())).isEqualTo(ParentOrigin.FEED);
    assertThat(read.parentOrigin(co.id())).isEqualTo(ParentOrigin.LOCAL);
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

  @Test
  void userNumbersAreGivenInOrderOnceAndNeverAgain() {
    User joe = user("joe@example.com").build();
    User ann = user("ann@example.com").build();
    run(
        t -> {
          t.users().insert(joe);
          t.users().insert(ann);
        });
    assertThat(number(joe)).isEqualTo(1L);
    assertThat(number(ann)).isEqualTo(2L);

    run(t -> t.users().delete(ann.uid()));
    User bob = user("bob@example.com").build();
    User askedForAnnsNumber = user("carl@example.com").number(2L).build();
    User askedForAFreeOne = user("dave@example.com").number(10L).build();
    run(
        t -> {
          t.users().insert(bob);
          t.users().insert(askedForAnnsNumber);
          t.users().insert(askedForAFreeOne);
        });

    assertThat(number(bob)).as("a removed user's number is not given again").isEqualTo(3L);
    assertThat(number(askedForAnnsNumber)).as("a number once given is not free").isEqualTo(4L);
    assertThat(number(askedForAFreeOne)).as("a number nobody had is kept").isEqualTo(10L);
    run(t -> t.users().update(joe.toBuilder().number(10L).name("Joe B").build()));
    assertThat(number(joe)).as("an update keeps the number").isEqualTo(1L);
    User next = user("erin@example.com").build();
    run(t -> t.users().insert(next));
    assertThat(number(next)).isEqualTo(11L);
  }

  private @Nullable Long number(User u) {
    return find(t -> t.users().find(u.uid())).orElseThrow().number();
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
  void confidentialApplicationWithoutSecretAndKeysAtAUriRoundTrip() {
    Application waiting =
        application("waiting")
            .clientType(dev.signon.core.application.ClientType.CONFIDENTIAL)
            .build();
    Application keysAtUri =
        application("keys-at-uri").jwksUri(URI.create("https://keys.example/jwks.json")).build();
    run(
        t -> {
          t.applications().insert(waiting);
          t.applications().insert(keysAtUri);
        });

    Application readWaiting = find(t -> t.applications().find(waiting.id())).orElseThrow();
    assertThat(readWaiting).isEqualTo(waiting);
    assertThat(readWaiting.isPublicClient()).isFalse();
    assertThat(readWaiting.clientSecretHash()).isNull();
    Application readKeys = find(t -> t.applications().find(keysAtUri.id())).orElseThrow();
    assertThat(readKeys).isEqualTo(keysAtUri);
    assertThat(readKeys.clientType())
        .isEqualTo(dev.signon.core.application.ClientType.PRIVATE_KEY_JWT);
  }

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
            .clientSecretHash(dev.signon.core.token.TokenHash.of("s3cret").hex())
            .jwks(
                "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1\","
                    + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                    + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}")
            .idTokenSigningAlgorithm(dev.signon.core.application.SigningAlgorithm.ES256)
            .accessTokenFormat(dev.signon.core.application.AccessTokenFormat.JWT)
            .postLogoutRedirectUri(RedirectUri.of("https://visits.example/signed-out"))
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
    java.util.Optional<AuditEvent> found = store.transaction(t -> t.audit().find(e.id()));
    assertThat(found).contains(e);
  }

  @Test
  void anAuditEventNeverAppendedIsNotFound() {
    java.util.Optional<AuditEvent> found =
        store.transaction(t -> t.audit().find(UUID.randomUUID()));
    assertThat(found).isEmpty();
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

  // --- tokens

  private static TokenHash hash(String v) {
    return TokenHash.of(v);
  }

  private static AuthorizationCode code(String v, User u, Application a, Instant expiresAt) {
    return new AuthorizationCode(
        hash(v),
        a.id(),
        u.uid(),
        "https://visits.example/cb?x=1",
        Set.of("openid", "email"),
        "n-0S6_WzA2Mj",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        T0,
        T0,
        expiresAt,
        UUID.randomUUID(),
        null);
  }

  private static IssuedToken token(
      String v,
      TokenKind kind,
      @org.jspecify.annotations.Nullable User u,
      Application a,
      UUID family,
      Instant expiresAt) {
    return new IssuedToken(
        hash(v),
        kind,
        a.id(),
        u == null ? null : u.uid(),
        Set.of("openid"),
        T0,
        T0,
        expiresAt,
        family,
        null,
        null);
  }

  private record Seeded(User user, Application app) {}

  private Seeded seedUserAndApp() {
    User u = user("joe@example.com").status(UserStatus.ACTIVE).build();
    Application a = application("visits").build();
    run(
        t -> {
          t.users().insert(u);
          t.applications().insert(a);
        });
    return new Seeded(u, a);
  }

  @Test
  void authorizationCodeIsConsumedExactlyOnce() {
    Seeded s = seedUserAndApp();
    AuthorizationCode c = code("code-1", s.user(), s.app(), T0.plusSeconds(60));
    run(t -> t.authorizationCodes().insert(c));

    assertThat(find(t -> t.authorizationCodes().consume(c.hash(), T0.plusSeconds(5)))).contains(c);
    assertThat(find(t -> t.authorizationCodes().consume(c.hash(), T0.plusSeconds(6)))).isEmpty();
    assertThat(find(t -> t.authorizationCodes().find(c.hash())))
        .map(AuthorizationCode::consumedAt)
        .contains(T0.plusSeconds(5));
    assertThat(find(t -> t.authorizationCodes().consume(hash("unknown"), T0))).isEmpty();
  }

  @Test
  void expiredAuthorizationCodesArePurgedInBatches() {
    Seeded s = seedUserAndApp();
    run(
        t -> {
          t.authorizationCodes().insert(code("old-1", s.user(), s.app(), T0));
          t.authorizationCodes().insert(code("old-2", s.user(), s.app(), T0));
          t.authorizationCodes().insert(code("old-3", s.user(), s.app(), T0));
          t.authorizationCodes().insert(code("live", s.user(), s.app(), T0.plusSeconds(3600)));
        });

    assertThat(count(t -> t.authorizationCodes().purgeExpired(T0.plusSeconds(1), 2))).isEqualTo(2);
    assertThat(count(t -> t.authorizationCodes().purgeExpired(T0.plusSeconds(1), 2))).isEqualTo(1);
    assertThat(count(t -> t.authorizationCodes().purgeExpired(T0.plusSeconds(1), 2))).isZero();
    assertThat(find(t -> t.authorizationCodes().find(hash("live")))).isPresent();
  }

  @Test
  void issuedTokenRoundTripsAndARefreshTokenIsSpentOnce() {
    Seeded s = seedUserAndApp();
    UUID family = UUID.randomUUID();
    IssuedToken refresh =
        token("r-1", TokenKind.REFRESH_TOKEN, s.user(), s.app(), family, T0.plusSeconds(600));
    IssuedToken clientToken =
        token("a-1", TokenKind.ACCESS_TOKEN, null, s.app(), family, T0.plusSeconds(60));
    run(
        t -> {
          t.issuedTokens().insert(refresh);
          t.issuedTokens().insert(clientToken);
        });

    assertThat(find(t -> t.issuedTokens().find(refresh.hash()))).contains(refresh);
    assertThat(find(t -> t.issuedTokens().find(clientToken.hash()))).contains(clientToken);
    assertThat(bool(t -> t.issuedTokens().markUsed(refresh.hash(), T0.plusSeconds(1)))).isTrue();
    assertThat(bool(t -> t.issuedTokens().markUsed(refresh.hash(), T0.plusSeconds(2)))).isFalse();
    IssuedToken spent = find(t -> t.issuedTokens().find(refresh.hash())).orElseThrow();
    assertThat(spent.usedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(spent.isLive(T0.plusSeconds(3))).isFalse();
  }

  @Test
  void tokensAreRevokedOneByOneByFamilyAndByUser() {
    Seeded s = seedUserAndApp();
    Application other = application("other").build();
    run(t -> t.applications().insert(other));
    UUID family = UUID.randomUUID();
    UUID otherFamily = UUID.randomUUID();
    Instant later = T0.plusSeconds(3600);
    run(
        t -> {
          t.issuedTokens()
              .insert(token("a1", TokenKind.ACCESS_TOKEN, s.user(), s.app(), family, later));
          t.issuedTokens()
              .insert(token("r1", TokenKind.REFRESH_TOKEN, s.user(), s.app(), family, later));
          t.issuedTokens()
              .insert(token("a2", TokenKind.ACCESS_TOKEN, s.user(), other, otherFamily, later));
          t.issuedTokens()
              .insert(token("a3", TokenKind.ACCESS_TOKEN, null, other, UUID.randomUUID(), later));
        });

    assertThat(bool(t -> t.issuedTokens().revoke(hash("a1"), T0))).isTrue();
    assertThat(bool(t -> t.issuedTokens().revoke(hash("a1"), T0))).isFalse();
    assertThat(count(t -> t.issuedTokens().revokeFamily(family, T0))).isEqualTo(1);
    assertThat(
            count(
                t -> t.issuedTokens().revokeByUserAndApplication(s.user().uid(), s.app().id(), T0)))
        .isZero();
    assertThat(count(t -> t.issuedTokens().revokeByUser(s.user().uid(), T0))).isEqualTo(1);
    assertThat(find(t -> t.issuedTokens().find(hash("a2"))))
        .map(IssuedToken::revokedAt)
        .contains(T0);
    assertThat(find(t -> t.issuedTokens().find(hash("a3")))).map(IssuedToken::revokedAt).isEmpty();
  }

  @Test
  void expiredTokensArePurged() {
    Seeded s = seedUserAndApp();
    run(
        t -> {
          t.issuedTokens()
              .insert(
                  token("old", TokenKind.ACCESS_TOKEN, s.user(), s.app(), UUID.randomUUID(), T0));
          t.issuedTokens()
              .insert(
                  token(
                      "new",
                      TokenKind.ACCESS_TOKEN,
                      s.user(),
                      s.app(),
                      UUID.randomUUID(),
                      T0.plusSeconds(99)));
        });

    assertThat(count(t -> t.issuedTokens().purgeExpired(T0.plusSeconds(1), 100))).isEqualTo(1);
    assertThat(find(t -> t.issuedTokens().find(hash("old")))).isEmpty();
    assertThat(find(t -> t.issuedTokens().find(hash("new")))).isPresent();
  }

  @Test
  void expiredTokensOfOneKindArePurgedAndOthersKept() {
    Seeded s = seedUserAndApp();
    run(
        t -> {
          t.issuedTokens()
              .insert(
                  token(
                      "access", TokenKind.ACCESS_TOKEN, s.user(), s.app(), UUID.randomUUID(), T0));
          t.issuedTokens()
              .insert(
                  token(
                      "refresh",
                      TokenKind.REFRESH_TOKEN,
                      s.user(),
                      s.app(),
                      UUID.randomUUID(),
                      T0));
          t.issuedTokens()
              .insert(
                  token(
                      "live",
                      TokenKind.ACCESS_TOKEN,
                      s.user(),
                      s.app(),
                      UUID.randomUUID(),
                      T0.plusSeconds(99)));
        });

    assertThat(
            count(
                t -> t.issuedTokens().purgeExpired(TokenKind.ACCESS_TOKEN, T0.plusSeconds(1), 100)))
        .isEqualTo(1);
    assertThat(find(t -> t.issuedTokens().find(hash("access")))).isEmpty();
    assertThat(find(t -> t.issuedTokens().find(hash("refresh")))).isPresent();
    assertThat(find(t -> t.issuedTokens().find(hash("live")))).isPresent();
  }

  private static ApplicationToken appToken(
      String v, User u, Application a, Instant created, Instant expires) {
    return new ApplicationToken(
        new ApplicationTokenId(UUID.randomUUID()),
        hash(v),
        u.uid(),
        a.id(),
        created,
        expires,
        null,
        null,
        null,
        null);
  }

  @Test
  void applicationTokensRoundTripAndListNewestFirst() {
    Seeded s = seedUserAndApp();
    ApplicationToken first = appToken("t1", s.user(), s.app(), T0, T0.plus(Duration.ofDays(730)));
    ApplicationToken second =
        new ApplicationToken(
            new ApplicationTokenId(UUID.randomUUID()),
            hash("t2"),
            s.user().uid(),
            s.app().id(),
            T0.plusSeconds(10),
            T0.plus(Duration.ofDays(30)),
            T0.plusSeconds(11),
            null,
            s.user().uid(),
            first.id());
    run(
        t -> {
          t.applicationTokens().insert(first);
          t.applicationTokens().insert(second);
        });

    assertThat(find(t -> t.applicationTokens().find(second.id()))).contains(second);
    assertThat(find(t -> t.applicationTokens().findByHash(hash("t1")))).contains(first);
    assertThat(all(t -> t.applicationTokens().listByApiUser(s.user().uid())))
        .containsExactly(second, first);
  }

  @Test
  void applicationTokenForAnUnknownApiUserIsRefused() {
    Seeded s = seedUserAndApp();
    User ghost = user("ghost@example.com").build();
    assertThatThrownBy(
            () ->
                run(
                    t ->
                        t.applicationTokens()
                            .insert(appToken("t", ghost, s.app(), T0, T0.plusSeconds(9)))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void expiringApplicationTokensAreListedSoonestFirstWithoutRevokedOnes() {
    Seeded s = seedUserAndApp();
    ApplicationToken soon = appToken("soon", s.user(), s.app(), T0, T0.plus(Duration.ofDays(3)));
    ApplicationToken sooner =
        appToken("sooner", s.user(), s.app(), T0, T0.plus(Duration.ofDays(1)));
    ApplicationToken later = appToken("later", s.user(), s.app(), T0, T0.plus(Duration.ofDays(60)));
    ApplicationToken revoked =
        appToken("revoked", s.user(), s.app(), T0, T0.plus(Duration.ofDays(2)));
    run(
        t -> {
          t.applicationTokens().insert(soon);
          t.applicationTokens().insert(sooner);
          t.applicationTokens().insert(later);
          t.applicationTokens().insert(revoked);
          t.applicationTokens().revoke(revoked.id(), T0);
        });

    assertThat(all(t -> t.applicationTokens().listExpiring(T0, T0.plus(Duration.ofDays(14)))))
        .extracting(ApplicationToken::id)
        .containsExactly(sooner.id(), soon.id());
  }

  @Test
  void applicationTokenUseIsRecordedAtMostOncePerWindow() {
    Seeded s = seedUserAndApp();
    ApplicationToken tok = appToken("t", s.user(), s.app(), T0, T0.plus(Duration.ofDays(730)));
    run(t -> t.applicationTokens().insert(tok));
    Instant use1 = T0.plusSeconds(100);

    assertThat(bool(t -> t.applicationTokens().touch(tok.id(), use1, use1.minusSeconds(60))))
        .isTrue();
    Instant use2 = use1.plusSeconds(30);
    assertThat(bool(t -> t.applicationTokens().touch(tok.id(), use2, use2.minusSeconds(60))))
        .isFalse();
    Instant use3 = use1.plusSeconds(61);
    assertThat(bool(t -> t.applicationTokens().touch(tok.id(), use3, use3.minusSeconds(60))))
        .isTrue();
    assertThat(find(t -> t.applicationTokens().find(tok.id())))
        .map(ApplicationToken::lastUsedAt)
        .contains(use3);
  }

  @Test
  void applicationTokensAreRevokedOnceAndAllTogetherForAnApiUser() {
    Seeded s = seedUserAndApp();
    ApplicationToken a = appToken("a", s.user(), s.app(), T0, T0.plusSeconds(999));
    ApplicationToken b = appToken("b", s.user(), s.app(), T0, T0.plusSeconds(999));
    ApplicationToken c = appToken("c", s.user(), s.app(), T0, T0.plusSeconds(999));
    run(
        t -> {
          t.applicationTokens().insert(a);
          t.applicationTokens().insert(b);
          t.applicationTokens().insert(c);
        });

    assertThat(bool(t -> t.applicationTokens().revoke(a.id(), T0))).isTrue();
    assertThat(bool(t -> t.applicationTokens().revoke(a.id(), T0))).isFalse();
    assertThat(count(t -> t.applicationTokens().revokeByApiUser(s.user().uid(), T0.plusSeconds(1))))
        .isEqualTo(2);
    assertThat(find(t -> t.applicationTokens().find(a.id())))
        .map(ApplicationToken::revokedAt)
        .contains(T0);
  }

  @Test
  void deletingAUserDeletesTheirTokens() {
    Seeded s = seedUserAndApp();
    run(
        t -> {
          t.applicationTokens().insert(appToken("t", s.user(), s.app(), T0, T0.plusSeconds(999)));
          t.issuedTokens()
              .insert(
                  token(
                      "a",
                      TokenKind.ACCESS_TOKEN,
                      s.user(),
                      s.app(),
                      UUID.randomUUID(),
                      T0.plusSeconds(9)));
          t.authorizationCodes().insert(code("c", s.user(), s.app(), T0.plusSeconds(9)));
        });

    run(t -> t.users().delete(s.user().uid()));

    assertThat(find(t -> t.applicationTokens().findByHash(hash("t")))).isEmpty();
    assertThat(find(t -> t.issuedTokens().find(hash("a")))).isEmpty();
    assertThat(find(t -> t.authorizationCodes().find(hash("c")))).isEmpty();
  }

  @Test
  void signingKeysAreListedNewestFirstAndPurgedAfterTheyLeaveTheJwks() {
    StoredSigningKey old =
        new StoredSigningKey(
            "k1", "RS256", "{\"kty\":\"RSA\"}", "enc1", T0, T0.plusSeconds(10), T0.plusSeconds(20));
    StoredSigningKey current =
        new StoredSigningKey(
            "k2",
            "ES256",
            "{\"kty\":\"EC\"}",
            "enc2",
            T0.plusSeconds(10),
            T0.plusSeconds(100),
            T0.plusSeconds(200));
    run(
        t -> {
          t.signingKeys().insert(old);
          t.signingKeys().insert(current);
        });

    assertThat(all(t -> t.signingKeys().list())).containsExactly(current, old);
    assertThatThrownBy(() -> run(t -> t.signingKeys().insert(old)))
        .isInstanceOf(ConflictException.class);
    assertThat(count(t -> t.signingKeys().purgeExpired(T0.plusSeconds(21)))).isEqualTo(1);
    assertThat(all(t -> t.signingKeys().list())).containsExactly(current);
  }

  @Test
  void oneTimeKeyIsClaimedOnceUntilPurged() {
    assertThat(bool(t -> t.oneTimeUses().claim("jti:abc", T0.plusSeconds(60)))).isTrue();
    assertThat(bool(t -> t.oneTimeUses().claim("jti:abc", T0.plusSeconds(60)))).isFalse();
    assertThat(bool(t -> t.oneTimeUses().claim("jti:other", T0.plusSeconds(60)))).isTrue();

    assertThat(count(t -> t.oneTimeUses().purgeExpired(T0.plusSeconds(61), 10))).isEqualTo(2);
    assertThat(bool(t -> t.oneTimeUses().claim("jti:abc", T0.plusSeconds(120)))).isTrue();
  }

  // --- sign-in

  @Test
  void credentialsRoundTripAndAreReplacedWhole() {
    Seeded s = seedUserAndApp();
    dev.signon.core.account.UserCredentials c =
        new dev.signon.core.account.UserCredentials(
            s.user().uid(),
            "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
            List.of("old1", "old2"),
            "encrypted-secret",
            3,
            58_000_000L,
            2,
            1,
            T0,
            T0.plusSeconds(5),
            T0.plusSeconds(6),
            true,
            List.of(14, 7),
            "no work phone");
    run(t -> t.credentials().save(c));
    assertThat(find(t -> t.credentials().find(s.user().uid()))).contains(c);

    dev.signon.core.account.UserCredentials cleared =
        dev.signon.core.account.UserCredentials.none(s.user().uid());
    run(t -> t.credentials().save(cleared));
    assertThat(find(t -> t.credentials().find(s.user().uid()))).contains(cleared);
  }

  @Test
  void credentialsOfAnUnknownUserAreRefused() {
    User ghost = user("ghost@example.com").build();
    assertThatThrownBy(
            () ->
                run(
                    t ->
                        t.credentials()
                            .save(dev.signon.core.account.UserCredentials.none(ghost.uid()))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void tokenHandoverIsViewedOnceWithinItsLifetimeAndViewingErasesTheSealedValue() {
    Seeded s = seedUserAndApp();
    ApplicationToken token = appToken("t-h", s.user(), s.app(), T0, T0.plus(Duration.ofDays(30)));
    dev.signon.core.token.TokenHandover once =
        new dev.signon.core.token.TokenHandover(
            hash("handover-once"),
            token.id(),
            s.user().uid(),
            s.app().id(),
            "sealed-1",
            T0,
            T0.plusSeconds(600),
            null);
    dev.signon.core.token.TokenHandover late =
        new dev.signon.core.token.TokenHandover(
            hash("handover-late"),
            token.id(),
            s.user().uid(),
            s.app().id(),
            "sealed-2",
            T0,
            T0.plusSeconds(600),
            null);
    run(
        t -> {
          t.applicationTokens().insert(token);
          t.tokenHandovers().insert(once);
          t.tokenHandovers().insert(late);
        });
    assertThatThrownBy(() -> run(t -> t.tokenHandovers().insert(once)))
        .isInstanceOf(ConflictException.class);

    assertThat(find(t -> t.tokenHandovers().view(once.hash(), T0.plusSeconds(1)))).contains(once);
    assertThat(find(t -> t.tokenHandovers().view(once.hash(), T0.plusSeconds(2)))).isEmpty();
    dev.signon.core.token.TokenHandover viewed =
        find(t -> t.tokenHandovers().find(once.hash())).orElseThrow();
    assertThat(viewed.sealedValue()).isEmpty();
    assertThat(viewed.viewedAt()).isEqualTo(T0.plusSeconds(1));
    // At its expiry instant a link is dead, and stays unviewed.
    assertThat(find(t -> t.tokenHandovers().view(late.hash(), T0.plusSeconds(600)))).isEmpty();
    assertThat(find(t -> t.tokenHandovers().find(late.hash())).orElseThrow().viewedAt()).isNull();
    assertThat(find(t -> t.tokenHandovers().view(hash("unknown"), T0))).isEmpty();

    assertThat(count(t -> t.tokenHandovers().purgeExpired(T0.plusSeconds(601), 100))).isEqualTo(2);
    assertThat(find(t -> t.tokenHandovers().find(late.hash()))).isEmpty();
  }

  @Test
  void tokenHandoverForAnUnknownApplicationTokenIsRefused() {
    Seeded s = seedUserAndApp();
    assertThatThrownBy(
            () ->
                run(
                    t ->
                        t.tokenHandovers()
                            .insert(
                                new dev.signon.core.token.TokenHandover(
                                    hash("orphan"),
                                    new ApplicationTokenId(UUID.randomUUID()),
                                    s.user().uid(),
                                    s.app().id(),
                                    "sealed",
                                    T0,
                                    T0.plusSeconds(600),
                                    null))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void signInLinkIsConsumedOnceAndOlderLinksCanBeCancelled() {
    Seeded s = seedUserAndApp();
    dev.signon.core.account.SignInLink a =
        new dev.signon.core.account.SignInLink(
            hash("link-a"),
            s.user().uid(),
            dev.signon.core.account.LinkPurpose.PASSWORD_RESET,
            T0,
            T0.plusSeconds(600),
            null);
    dev.signon.core.account.SignInLink b =
        new dev.signon.core.account.SignInLink(
            hash("link-b"),
            s.user().uid(),
            dev.signon.core.account.LinkPurpose.PASSWORD_RESET,
            T0,
            T0.plusSeconds(600),
            null);
    dev.signon.core.account.SignInLink c =
        new dev.signon.core.account.SignInLink(
            hash("link-c"),
            s.user().uid(),
            dev.signon.core.account.LinkPurpose.MAGIC_LINK,
            T0,
            T0.plusSeconds(600),
            null);
    run(
        t -> {
          t.signInLinks().insert(a);
          t.signInLinks().insert(b);
          t.signInLinks().insert(c);
        });

    assertThat(find(t -> t.signInLinks().consume(a.hash(), T0.plusSeconds(1)))).contains(a);
    assertThat(find(t -> t.signInLinks().consume(a.hash(), T0.plusSeconds(2)))).isEmpty();
    assertThat(
            count(
                t ->
                    t.signInLinks()
                        .consumeAll(
                            s.user().uid(),
                            dev.signon.core.account.LinkPurpose.PASSWORD_RESET,
                            T0.plusSeconds(3))))
        .isEqualTo(1);
    assertThat(find(t -> t.signInLinks().consume(b.hash(), T0.plusSeconds(4)))).isEmpty();
    assertThat(find(t -> t.signInLinks().consume(c.hash(), T0.plusSeconds(4)))).contains(c);
    assertThat(count(t -> t.signInLinks().purgeExpired(T0.plusSeconds(601), 10))).isEqualTo(3);
  }

  @Test
  void hostSessionsRoundTripUpdateAndEndPerUser() {
    Seeded s = seedUserAndApp();
    dev.signon.core.account.HostSession pending =
        new dev.signon.core.account.HostSession(
            hash("session-1"),
            s.user().uid(),
            dev.signon.core.account.HostSession.SessionState.AWAITING_TWO_STEP,
            T0,
            T0,
            null);
    dev.signon.core.account.HostSession other =
        new dev.signon.core.account.HostSession(
            hash("session-2"),
            s.user().uid(),
            dev.signon.core.account.HostSession.SessionState.SIGNED_IN,
            T0,
            T0,
            T0);
    run(
        t -> {
          t.sessions().insert(pending);
          t.sessions().insert(other);
        });
    assertThat(find(t -> t.sessions().find(pending.id()))).contains(pending);

    dev.signon.core.account.HostSession done =
        new dev.signon.core.account.HostSession(
            pending.id(),
            s.user().uid(),
            dev.signon.core.account.HostSession.SessionState.SIGNED_IN,
            T0,
            T0.plusSeconds(30),
            T0.plusSeconds(30));
    run(t -> t.sessions().update(done));
    assertThat(find(t -> t.sessions().find(pending.id()))).contains(done);

    assertThat(count(t -> t.sessions().purgeIdle(T0.plusSeconds(10), 10))).isEqualTo(1);
    assertThat(count(t -> t.sessions().deleteByUser(s.user().uid()))).isEqualTo(1);
    assertThat(find(t -> t.sessions().find(pending.id()))).isEmpty();
    assertThat(bool(t -> t.sessions().delete(pending.id()))).isFalse();
  }

  @Test
  void deletingAUserDeletesTheirCredentialsLinksAndSessions() {
    Seeded s = seedUserAndApp();
    run(
        t -> {
          t.credentials().save(dev.signon.core.account.UserCredentials.none(s.user().uid()));
          t.signInLinks()
              .insert(
                  new dev.signon.core.account.SignInLink(
                      hash("l"),
                      s.user().uid(),
                      dev.signon.core.account.LinkPurpose.INVITATION,
                      T0,
                      T0.plusSeconds(9),
                      null));
          t.sessions()
              .insert(
                  new dev.signon.core.account.HostSession(
                      hash("s"),
                      s.user().uid(),
                      dev.signon.core.account.HostSession.SessionState.SIGNED_IN,
                      T0,
                      T0,
                      T0));
        });
    run(t -> t.users().delete(s.user().uid()));
    assertThat(find(t -> t.credentials().find(s.user().uid()))).isEmpty();
    assertThat(find(t -> t.sessions().find(hash("s")))).isEmpty();
    assertThat(find(t -> t.signInLinks().consume(hash("l"), T0))).isEmpty();
  }

  // ------------------------------------------------------------------ throttle counters

  private static final String COUNTER = "a".repeat(64);

  private long hits(java.util.function.Function<StoreTransaction, Long> work) {
    return store.transaction(work);
  }

  @Test
  void throttleCounterStartsAtZeroAndEachAddReturnsTheNewCount() {
    assertThat(hits(t -> t.throttle().count(COUNTER))).isZero();
    assertThat(hits(t -> t.throttle().add(COUNTER, 1, T0.plusSeconds(300)))).isEqualTo(1L);
    assertThat(hits(t -> t.throttle().add(COUNTER, 1, T0.plusSeconds(300)))).isEqualTo(2L);
    assertThat(hits(t -> t.throttle().add(COUNTER, 1, T0.plusSeconds(300)))).isEqualTo(3L);
    assertThat(hits(t -> t.throttle().count(COUNTER))).isEqualTo(3L);
    assertThat(hits(t -> t.throttle().count("b".repeat(64)))).isZero();
  }

  @Test
  void throttleCountersReadTogetherComeInTheOrderAskedWithZeroForNone() {
    String other = "c".repeat(64);
    tx(t -> t.throttle().add(COUNTER, 1, T0.plusSeconds(300)));
    tx(t -> t.throttle().add(other, 2, T0.plusSeconds(300)));

    long[] counts =
        store.transaction(
            Isolation.READ_COMMITTED,
            t -> t.throttle().counts(java.util.List.of(other, "d".repeat(64), COUNTER)));

    assertThat(counts).containsExactly(2L, 0L, 1L);
  }

  @Test
  void throttleCounterGivenBackNeverFallsBelowZero() {
    assertThat(hits(t -> t.throttle().add(COUNTER, -1, T0.plusSeconds(300)))).isZero();
    assertThat(hits(t -> t.throttle().add(COUNTER, 1, T0.plusSeconds(300)))).isEqualTo(1L);
    assertThat(hits(t -> t.throttle().add(COUNTER, -1, T0.plusSeconds(300)))).isZero();
    assertThat(hits(t -> t.throttle().add(COUNTER, -1, T0.plusSeconds(300)))).isZero();
  }

  @Test
  void throttleCounterAddedInARolledBackTransactionLeavesNothing() {
    assertThatThrownBy(
            () ->
                tx(
                    t -> {
                      t.throttle().add(COUNTER, 1, T0.plusSeconds(300));
                      throw new IllegalStateException("refused");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(hits(t -> t.throttle().count(COUNTER))).isZero();
  }

  @Test
  void purgeForgetsThrottleCountersWhoseWindowEndedOnly() {
    String live = "b".repeat(64);
    tx(t -> t.throttle().add(COUNTER, 1, T0));
    tx(t -> t.throttle().add(live, 1, T0.plusSeconds(300)));
    assertThat(count(t -> t.throttle().purgeExpired(T0.plusSeconds(1), 10))).isEqualTo(1);
    assertThat(hits(t -> t.throttle().count(COUNTER))).isZero();
    assertThat(hits(t -> t.throttle().count(live))).isEqualTo(1L);
    assertThat(count(t -> t.throttle().purgeExpired(T0.plusSeconds(1), 10))).isZero();
  }

  // --- token rotations

  private static dev.signon.core.rotation.TokenRotationState rotation(
      ApplicationToken old, ApplicationToken successor, Instant next) {
    return new dev.signon.core.rotation.TokenRotationState(
        old.id(),
        successor.id(),
        old.apiUser(),
        old.application(),
        "files",
        "visits",
        "VISITS_BEARER_TOKEN",
        "sealed",
        T0,
        0,
        next,
        null,
        null,
        null,
        null);
  }

  @Test
  void tokenRotationIsClaimedOnceAndNotForARevokedToken() {
    Seeded s = seedUserAndApp();
    ApplicationToken live = appToken("live", s.user(), s.app(), T0, T0.plus(Duration.ofDays(9)));
    ApplicationToken gone = appToken("gone", s.user(), s.app(), T0, T0.plus(Duration.ofDays(9)));
    run(
        t -> {
          t.applicationTokens().insert(live);
          t.applicationTokens().insert(gone);
          t.applicationTokens().revoke(gone.id(), T0);
        });

    assertThat(bool(t -> t.tokenRotations().claim(live.id(), T0))).isTrue();
    assertThat(bool(t -> t.tokenRotations().claim(live.id(), T0.plusSeconds(1)))).isFalse();
    assertThat(bool(t -> t.tokenRotations().claim(gone.id(), T0))).isFalse();
  }

  @Test
  void tokenRotationRoundTripsLeasesOnceAndErasesTheSealedValueWhenDelivered() {
    Seeded s = seedUserAndApp();
    ApplicationToken old = appToken("old", s.user(), s.app(), T0, T0.plus(Duration.ofDays(9)));
    ApplicationToken next = appToken("new", s.user(), s.app(), T0, T0.plus(Duration.ofDays(99)));
    dev.signon.core.rotation.TokenRotationState r = rotation(old, next, T0);
    run(
        t -> {
          t.applicationTokens().insert(old);
          t.applicationTokens().insert(next);
          t.tokenRotations().insert(r);
        });

    assertThat(find(t -> t.tokenRotations().find(old.id()))).contains(r);
    assertThat(find(t -> t.tokenRotations().findBySuccessor(next.id()))).contains(r);
    assertThatThrownBy(() -> run(t -> t.tokenRotations().insert(r)))
        .isInstanceOf(ConflictException.class);

    Instant lease = T0.plusSeconds(300);
    assertThat(bool(t -> t.tokenRotations().lease(old.id(), T0, lease))).isTrue();
    assertThat(bool(t -> t.tokenRotations().lease(old.id(), T0, lease))).as("taken").isFalse();
    run(t -> t.tokenRotations().deliveryFailed(old.id(), 1, T0.plusSeconds(60), "Boom: down"));
    dev.signon.core.rotation.TokenRotationState failed =
        find(t -> t.tokenRotations().find(old.id())).orElseThrow();
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(failed.lastError()).isEqualTo("Boom: down");
    assertThat(failed.sealedValue()).isEqualTo("sealed");

    assertThat(bool(t -> t.tokenRotations().delivered(old.id(), T0.plusSeconds(61)))).isTrue();
    assertThat(bool(t -> t.tokenRotations().delivered(old.id(), T0.plusSeconds(62)))).isFalse();
    dev.signon.core.rotation.TokenRotationState done =
        find(t -> t.tokenRotations().find(old.id())).orElseThrow();
    assertThat(done.sealedValue()).isNull();
    assertThat(done.deliveredAt()).isEqualTo(T0.plusSeconds(61));
    assertThat(done.nextAttemptAt()).isNull();

    assertThat(all(t -> t.tokenRotations().listOpen())).hasSize(1);
    assertThat(bool(t -> t.tokenRotations().stalled(old.id(), T0.plusSeconds(70)))).isTrue();
    assertThat(bool(t -> t.tokenRotations().stalled(old.id(), T0.plusSeconds(71)))).isFalse();
    assertThat(bool(t -> t.tokenRotations().complete(old.id(), T0.plusSeconds(80)))).isTrue();
    assertThat(bool(t -> t.tokenRotations().complete(old.id(), T0.plusSeconds(81)))).isFalse();
    assertThat(all(t -> t.tokenRotations().listOpen())).isEmpty();
  }

  @Test
  void tokenRotationPolicyIsSetAndReplaced() {
    Seeded s = seedUserAndApp();
    ApplicationToken tok = appToken("p", s.user(), s.app(), T0, T0.plus(Duration.ofDays(9)));
    run(t -> t.applicationTokens().insert(tok));

    assertThat(find(t -> t.tokenRotations().policy(tok.id()))).isEmpty();
    run(
        t ->
            t.tokenRotations()
                .setPolicy(
                    tok.id(), dev.signon.core.rotation.RotationPolicy.every(Duration.ofDays(90))));
    run(
        t ->
            t.tokenRotations()
                .setPolicy(tok.id(), dev.signon.core.rotation.RotationPolicy.manual()));
    assertThat(find(t -> t.tokenRotations().policy(tok.id())))
        .contains(dev.signon.core.rotation.RotationPolicy.manual());
    ApplicationTokenId ghost = new ApplicationTokenId(UUID.randomUUID());
    assertThatThrownBy(
            () ->
                run(
                    t ->
                        t.tokenRotations()
                            .setPolicy(ghost, dev.signon.core.rotation.RotationPolicy.manual())))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void tokenRouteIsSetReplacedAndCleared() {
    Seeded s = seedUserAndApp();
    ApplicationToken tok = appToken("r", s.user(), s.app(), T0, T0.plus(Duration.ofDays(9)));
    run(t -> t.applicationTokens().insert(tok));
    dev.signon.core.rotation.TokenRoute first =
        new dev.signon.core.rotation.TokenRoute("files", "apps/one", "ONE_TOKEN");
    dev.signon.core.rotation.TokenRoute second =
        new dev.signon.core.rotation.TokenRoute("kubernetes", "two", "TWO_TOKEN");

    assertThat(find(t -> t.tokenRotations().route(tok.id()))).isEmpty();
    run(t -> t.tokenRotations().setRoute(tok.id(), first));
    assertThat(find(t -> t.tokenRotations().route(tok.id()))).contains(first);
    run(t -> t.tokenRotations().setRoute(tok.id(), second));
    assertThat(find(t -> t.tokenRotations().route(tok.id()))).contains(second);
    run(t -> t.tokenRotations().setRoute(tok.id(), null));
    assertThat(find(t -> t.tokenRotations().route(tok.id()))).isEmpty();
    ApplicationTokenId ghost = new ApplicationTokenId(UUID.randomUUID());
    assertThatThrownBy(() -> run(t -> t.tokenRotations().setRoute(ghost, first)))
        .isInstanceOf(NotFoundException.class);
  }
}
