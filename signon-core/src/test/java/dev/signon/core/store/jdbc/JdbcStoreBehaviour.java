package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.T0;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.organisation;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.account.HostSession;
import dev.signon.core.account.HostSession.SessionState;
import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.SignInLink;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.SigningAlgorithm;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.SignonException;
import dev.signon.core.store.SignonStoreContract;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC store promises beyond the contract, checked on every database it runs on: each
 * write is atomic on its own, refusals name the rule but not the values, instants keep
 * microseconds.
 */
abstract class JdbcStoreBehaviour extends SignonStoreContract {
  /** Runs {@code work} in a transaction of the store under test. */
  protected final void run(Consumer<StoreTransaction> work) {
    store.transaction(
        t -> {
          work.accept(t);
          return null;
        });
  }

  /** Reads a list in a transaction of the store under test. */
  protected final <T> List<T> all(Function<StoreTransaction, List<T>> work) {
    return store.transaction(work);
  }

  /** Counts something in a transaction of the store under test. */
  protected final int count(Function<StoreTransaction, Integer> work) {
    return store.transaction(work);
  }

  /** Finds something in a transaction of the store under test. */
  protected final <T> Optional<T> find(Function<StoreTransaction, Optional<T>> work) {
    return store.transaction(work);
  }

  @Test
  void refusedWriteLeavesTheTransactionUsable() {
    User joe = user("joe@example.com").build();
    User clash = user("joe@example.com").build();
    User ann = user("ann@example.com").build();
    store.transaction(
        t -> {
          t.users().insert(joe);
          assertThatThrownBy(() -> t.users().insert(clash)).isInstanceOf(ConflictException.class);
          t.users().insert(ann);
          return null;
        });

    assertThat(all(t -> t.users().list())).containsExactly(ann, joe);
  }

  @Test
  void refusedUpdateChangesNothingOfWhatItWouldHaveReplaced() {
    Organisation moj = organisation("moj").build();
    Organisation child = organisation("digital.moj").parents(Set.of(moj.id())).build();
    store.transaction(
        t -> {
          t.organisations().insert(moj);
          t.organisations().insert(child);
          // The update deletes the parent links before inserting the new, unknown parent.
          Organisation ghost = organisation("ghost").build();
          assertThatThrownBy(
                  () ->
                      t.organisations()
                          .update(child.toBuilder().parents(Set.of(ghost.id())).build()))
              .isInstanceOf(NotFoundException.class);
          return null;
        });

    assertThat(find(t -> t.organisations().find(child.id()))).contains(child);
  }

  @Test
  void conflictNamesTheRuleButNotTheValue() {
    store.transaction(t -> insert(t, user("secret.person@example.com").build()));

    assertThatThrownBy(
            () -> store.transaction(t -> insert(t, user("secret.person@example.com").build())))
        .isInstanceOf(ConflictException.class)
        .hasMessage("email is taken")
        .hasNoCause();
  }

  @Test
  void notFoundNamesWhatIsMissing() {
    Organisation ghost = organisation("ghost").build();
    User joe = user("joe@example.com").organisation(ghost.id()).build();

    assertThatThrownBy(() -> store.transaction(t -> insert(t, joe)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no organisation " + ghost.id());
  }

  @Test
  void instantsKeepMicroseconds() {
    Instant precise = Instant.parse("2026-01-05T09:30:00.123456789Z");
    AuditEvent event =
        new AuditEvent(
            UUID.randomUUID(),
            precise,
            AuditEventType.DIRECTORY_IMPORTED,
            null,
            null,
            null,
            null,
            null,
            null,
            "");
    store.transaction(
        t -> {
          t.audit().append(event);
          return null;
        });

    List<AuditEvent> read = all(t -> t.audit().listRecent(1));
    assertThat(read.get(0).occurredAt()).isEqualTo(Instant.parse("2026-01-05T09:30:00.123456Z"));
  }

  @Test
  void auditEventsAtTheSameInstantAreListedNewestAppendedFirst() {
    AuditEvent first = event(AuditEventType.USER_CREATED);
    AuditEvent second = event(AuditEventType.PERMISSIONS_GRANTED);
    store.transaction(
        t -> {
          t.audit().append(first);
          t.audit().append(second);
          return null;
        });

    assertThat(all(t -> t.audit().listRecent(10))).containsExactly(second, first);
  }

  @Test
  void transactionUsedAfterItEndedIsRefused() {
    AtomicReference<StoreTransaction> leaked = new AtomicReference<>();
    store.transaction(
        t -> {
          leaked.set(t);
          return null;
        });

    StoreTransaction ended = java.util.Objects.requireNonNull(leaked.get());
    assertThatThrownBy(() -> ended.users().list())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transaction has ended");
  }

  @Test
  void workThatThrowsAfterARefusedWriteRollsBackEverything() {
    User joe = user("joe@example.com").build();
    store.transaction(t -> insert(t, joe));

    assertThatThrownBy(
            () ->
                store.transaction(
                    t -> {
                      t.users().insert(user("ann@example.com").build());
                      t.users().insert(user("joe@example.com").build());
                      return null;
                    }))
        .isInstanceOf(SignonException.class);

    assertThat(all(t -> t.users().list())).containsExactly(joe);
  }

  @Test
  void closedStoreRefusesTransactions() {
    store.close();

    assertThatThrownBy(() -> store.transaction(t -> t.users().list()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("store is closed");
  }

  @Test
  void refusedClaimLeavesTheTransactionUsable() {
    User joe = user("joe@example.com").build();
    List<Boolean> claims =
        store.transaction(
            t -> {
              boolean first = t.oneTimeUses().claim("jti:once", T0.plusSeconds(60));
              boolean second = t.oneTimeUses().claim("jti:once", T0.plusSeconds(60));
              t.users().insert(joe);
              return List.of(first, second);
            });

    assertThat(claims).containsExactly(true, false);
    assertThat(all(t -> t.users().list())).containsExactly(joe);
  }

  @Test
  void scopeSetsRoundTripExactly() {
    Seeded s = seed();
    AuthorizationCode noScopes = code("no-scopes", s, Set.of());
    AuthorizationCode manyScopes =
        code("many", s, Set.of("openid", "email", "profile", "urn:example:read", "a-b_c.d~e"));
    run(
        t -> {
          t.authorizationCodes().insert(noScopes);
          t.authorizationCodes().insert(manyScopes);
        });

    assertThat(find(t -> t.authorizationCodes().find(noScopes.hash()))).contains(noScopes);
    assertThat(find(t -> t.authorizationCodes().find(manyScopes.hash()))).contains(manyScopes);
  }

  @Test
  void scopeHoldingASpaceIsRefusedAndNothingWritten() {
    Seeded s = seed();
    AuthorizationCode spaced = code("spaced", s, Set.of("openid email"));

    assertThatThrownBy(() -> run(t -> t.authorizationCodes().insert(spaced)))
        .isInstanceOf(InvalidInputException.class);
    assertThat(find(t -> t.authorizationCodes().find(spaced.hash()))).isEmpty();
  }

  @Test
  void consumeWhenCodeAlreadyConsumedInTheSameTransactionThenEmpty() {
    Seeded s = seed();
    AuthorizationCode c = code("c", s, Set.of("openid"));
    run(t -> t.authorizationCodes().insert(c));

    List<Optional<AuthorizationCode>> results =
        store.transaction(
            t ->
                List.of(
                    t.authorizationCodes().consume(c.hash(), T0.plusSeconds(1)),
                    t.authorizationCodes().consume(c.hash(), T0.plusSeconds(2))));

    assertThat(results).containsExactly(Optional.of(c), Optional.empty());
  }

  @Test
  void authorizationCodeForAnUnknownUserIsRefused() {
    Seeded s = seed();
    User ghost = user("ghost@example.com").build();
    AuthorizationCode c = code("c", new Seeded(ghost, s.app()), Set.of("openid"));

    assertThatThrownBy(() -> run(t -> t.authorizationCodes().insert(c)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no user " + ghost.uid());
  }

  @Test
  void applicationTokenInsertNamesWhatIsMissingOrTaken() {
    Seeded s = seed();
    Application ghost = application("ghost").build();
    ApplicationToken token = appToken("t", s.user(), s.app());
    run(t -> t.applicationTokens().insert(token));

    assertThatThrownBy(() -> run(t -> t.applicationTokens().insert(appToken("u", s.user(), ghost))))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no application " + ghost.id());
    assertThatThrownBy(
            () -> run(t -> t.applicationTokens().insert(appToken("t", s.user(), s.app()))))
        .isInstanceOf(ConflictException.class)
        .hasMessage("application token id or hash is taken");
  }

  @Test
  void touchWhenTokenUnknownThenFalse() {
    boolean touched =
        store.transaction(
            t ->
                t.applicationTokens()
                    .touch(new ApplicationTokenId(UUID.randomUUID()), T0, T0.minusSeconds(60)));

    assertThat(touched).isFalse();
  }

  @Test
  void purgeWithALimitOfZeroDeletesNothing() {
    run(t -> t.oneTimeUses().claim("jti:old", T0));

    int purged = store.transaction(t -> t.oneTimeUses().purgeExpired(T0.plusSeconds(1), 0));

    assertThat(purged).isZero();
    int purgedNext = store.transaction(t -> t.oneTimeUses().purgeExpired(T0.plusSeconds(1), 1));
    assertThat(purgedNext).isEqualTo(1);
  }

  @Test
  void applicationUpdateReplacesClientSettingsAndPostLogoutRedirectUris() {
    Application app =
        application("visits")
            .postLogoutRedirectUri(RedirectUri.of("https://visits.example/bye"))
            .postLogoutRedirectUri(RedirectUri.of("https://visits.example/later"))
            .build();
    run(t -> t.applications().insert(app));
    assertThat(find(t -> t.applications().find(app.id()))).contains(app);

    Application changed =
        app.toBuilder()
            .clientSecretHash(TokenHash.of("s3cret").hex())
            .idTokenSigningAlgorithm(SigningAlgorithm.EDDSA)
            .accessTokenFormat(AccessTokenFormat.JWT)
            .postLogoutRedirectUris(
                List.of(
                    RedirectUri.of("https://visits.example/later"),
                    RedirectUri.of("https://visits.example/signed-out")))
            .build();
    run(t -> t.applications().update(changed));

    Application read = find(t -> t.applications().find(app.id())).orElseThrow();
    assertThat(read).isEqualTo(changed);
    assertThat(read.postLogoutRedirectUris())
        .extracting(RedirectUri::value)
        .containsExactly("https://visits.example/later", "https://visits.example/signed-out");
    assertThat(read.idTokenSigningAlgorithm()).isEqualTo(SigningAlgorithm.EDDSA);
    assertThat(all(t -> t.applications().list())).containsExactly(changed);
  }

  @Test
  void previousPasswordHashesAndRemindersRoundTripInOrder() {
    Seeded s = seed();
    // PHC strings hold '$', ',' and '=': nothing in them may be taken for a separator.
    String newest = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$bmV3ZXN0aGFzaA";
    String middle = "$argon2id$v=19$m=19456,t=2,p=1$cGVwcGVy$bWlkZGxlaGFzaA";
    String oldest = "$argon2id$v=19$m=65536,t=3,p=4$b2xk$b2xkZXN0aGFzaA";
    UserCredentials three =
        UserCredentials.none(s.user().uid())
            .copy()
            .passwordHash("$argon2id$v=19$m=19456,t=2,p=1$bm93$Y3VycmVudA")
            .previousPasswordHashes(List.of(newest, middle, oldest))
            .remindersSent(List.of(30, 14, 7, 1))
            .build();
    run(t -> t.credentials().save(three));
    assertThat(find(t -> t.credentials().find(s.user().uid()))).contains(three);

    UserCredentials one =
        three.copy().previousPasswordHashes(List.of(oldest)).remindersSent(List.of(7)).build();
    run(t -> t.credentials().save(one));
    assertThat(find(t -> t.credentials().find(s.user().uid()))).contains(one);

    UserCredentials reordered =
        three.copy().previousPasswordHashes(List.of(oldest, newest, middle)).build();
    run(t -> t.credentials().save(reordered));
    UserCredentials read = find(t -> t.credentials().find(s.user().uid())).orElseThrow();
    assertThat(read.previousPasswordHashes()).containsExactly(oldest, newest, middle);
    assertThat(read.remindersSent()).containsExactly(30, 14, 7, 1);
  }

  @Test
  void credentialsKeepTheExtremesOfEveryNumber() {
    Seeded s = seed();
    UserCredentials none = UserCredentials.none(s.user().uid());
    UserCredentials extreme =
        none.copy()
            .twoStepVersion(Integer.MAX_VALUE)
            .lastTwoStepStep(Long.MAX_VALUE)
            .failedPasswordAttempts(Integer.MAX_VALUE)
            .remindersSent(List.of(Integer.MIN_VALUE, 0, Integer.MAX_VALUE))
            .build();

    run(t -> t.credentials().save(none));
    assertThat(find(t -> t.credentials().find(s.user().uid()))).contains(none);
    run(t -> t.credentials().save(extreme));
    assertThat(find(t -> t.credentials().find(s.user().uid()))).contains(extreme);
  }

  @Test
  void credentialsOfAnUnknownUserNameTheUserAndLeaveTheTransactionUsable() {
    User ghost = user("ghost@example.com").build();
    User ann = user("ann@example.com").build();
    store.transaction(
        t -> {
          assertThatThrownBy(() -> t.credentials().save(UserCredentials.none(ghost.uid())))
              .isInstanceOf(NotFoundException.class)
              .hasMessage("no user " + ghost.uid());
          t.users().insert(ann);
          return null;
        });

    assertThat(all(t -> t.users().list())).containsExactly(ann);
    assertThat(find(t -> t.credentials().find(ghost.uid()))).isEmpty();
  }

  @Test
  void credentialsSavedTwiceInOneTransactionKeepTheSecond() {
    Seeded s = seed();
    UserCredentials first =
        UserCredentials.none(s.user().uid()).copy().previousPasswordHashes(List.of("a")).build();
    UserCredentials second =
        first.copy().previousPasswordHashes(List.of("b", "a")).failedPasswordAttempts(1).build();
    run(
        t -> {
          t.credentials().save(first);
          t.credentials().save(second);
        });

    assertThat(find(t -> t.credentials().find(s.user().uid()))).contains(second);
  }

  @Test
  void signInLinkInsertNamesWhatIsMissingOrTaken() {
    Seeded s = seed();
    User ghost = user("ghost@example.com").build();
    SignInLink link = link("taken", s.user(), LinkPurpose.INVITATION, T0.plusSeconds(60));
    run(t -> t.signInLinks().insert(link));

    assertThatThrownBy(() -> run(t -> t.signInLinks().insert(link)))
        .isInstanceOf(ConflictException.class)
        .hasMessage("link hash is taken");
    assertThatThrownBy(
            () ->
                run(
                    t ->
                        t.signInLinks()
                            .insert(
                                link("ghost", ghost, LinkPurpose.MAGIC_LINK, T0.plusSeconds(60)))))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no user " + ghost.uid());
  }

  @Test
  void consumeWhenLinkAlreadyConsumedInTheSameTransactionThenEmpty() {
    Seeded s = seed();
    SignInLink link = link("once", s.user(), LinkPurpose.MAGIC_LINK, T0.plusSeconds(600));
    run(t -> t.signInLinks().insert(link));

    List<Optional<SignInLink>> results =
        store.transaction(
            t ->
                List.of(
                    t.signInLinks().consume(link.hash(), T0.plusSeconds(1)),
                    t.signInLinks().consume(link.hash(), T0.plusSeconds(2))));

    assertThat(results).containsExactly(Optional.of(link), Optional.empty());
  }

  @Test
  void consumeAllTouchesOnlyThatUsersUnconsumedLinksOfThatPurpose() {
    Seeded s = seed();
    User ann = user("ann@example.com").build();
    run(t -> t.users().insert(ann));
    SignInLink used = link("used", s.user(), LinkPurpose.PASSWORD_RESET, T0.plusSeconds(600));
    SignInLink live = link("live", s.user(), LinkPurpose.PASSWORD_RESET, T0.plusSeconds(600));
    SignInLink unlock = link("unlock", s.user(), LinkPurpose.UNLOCK, T0.plusSeconds(600));
    SignInLink anns = link("anns", ann, LinkPurpose.PASSWORD_RESET, T0.plusSeconds(600));
    run(
        t -> {
          t.signInLinks().insert(used);
          t.signInLinks().insert(live);
          t.signInLinks().insert(unlock);
          t.signInLinks().insert(anns);
          t.signInLinks().consume(used.hash(), T0.plusSeconds(1));
        });

    int cancelled =
        store.transaction(
            t ->
                t.signInLinks()
                    .consumeAll(s.user().uid(), LinkPurpose.PASSWORD_RESET, T0.plusSeconds(2)));

    assertThat(cancelled).isEqualTo(1);
    assertThat(find(t -> t.signInLinks().consume(live.hash(), T0.plusSeconds(3)))).isEmpty();
    assertThat(find(t -> t.signInLinks().consume(unlock.hash(), T0.plusSeconds(3))))
        .contains(unlock);
    assertThat(find(t -> t.signInLinks().consume(anns.hash(), T0.plusSeconds(3)))).contains(anns);
  }

  @Test
  void purgeOfLinksDeletesOnlyExpiredOnesUpToTheLimit() {
    Seeded s = seed();
    SignInLink a = link("a", s.user(), LinkPurpose.MAGIC_LINK, T0.plusSeconds(10));
    SignInLink b = link("b", s.user(), LinkPurpose.MAGIC_LINK, T0.plusSeconds(20));
    SignInLink c = link("c", s.user(), LinkPurpose.MAGIC_LINK, T0.plusSeconds(30));
    SignInLink later = link("later", s.user(), LinkPurpose.MAGIC_LINK, T0.plusSeconds(600));
    run(
        t -> {
          for (SignInLink l : List.of(a, b, c, later)) {
            t.signInLinks().insert(l);
          }
        });

    assertThat(count(t -> t.signInLinks().purgeExpired(T0.plusSeconds(60), 0))).isZero();
    assertThat(count(t -> t.signInLinks().purgeExpired(T0.plusSeconds(60), 2))).isEqualTo(2);
    assertThat(count(t -> t.signInLinks().purgeExpired(T0.plusSeconds(60), 2))).isEqualTo(1);
    assertThat(count(t -> t.signInLinks().purgeExpired(T0.plusSeconds(60), 2))).isZero();
    assertThat(find(t -> t.signInLinks().consume(later.hash(), T0))).contains(later);
  }

  @Test
  void sessionInsertNamesWhatIsMissingOrTaken() {
    Seeded s = seed();
    User ghost = user("ghost@example.com").build();
    HostSession session = session("taken", s.user(), T0);
    run(t -> t.sessions().insert(session));

    assertThatThrownBy(() -> run(t -> t.sessions().insert(session)))
        .isInstanceOf(ConflictException.class)
        .hasMessage("session id is taken");
    // Unlike the in-memory store, the foreign key that ends a removed user's sessions also
    // refuses a session for a user who is not stored.
    assertThatThrownBy(() -> run(t -> t.sessions().insert(session("ghost", ghost, T0))))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no user " + ghost.uid());
  }

  @Test
  void sessionUpdateWhenUnknownThenNotFound() {
    Seeded s = seed();

    assertThatThrownBy(() -> run(t -> t.sessions().update(session("never", s.user(), T0))))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no session");
  }

  @Test
  void purgeOfSessionsDeletesOnlyIdleOnesUpToTheLimit() {
    Seeded s = seed();
    HostSession idle1 = session("idle-1", s.user(), T0);
    HostSession idle2 = session("idle-2", s.user(), T0.plusSeconds(1));
    HostSession active = session("active", s.user(), T0.plusSeconds(100));
    run(
        t -> {
          t.sessions().insert(idle1);
          t.sessions().insert(idle2);
          t.sessions().insert(active);
        });

    assertThat(count(t -> t.sessions().purgeIdle(T0.plusSeconds(50), 1))).isEqualTo(1);
    assertThat(count(t -> t.sessions().purgeIdle(T0.plusSeconds(50), 5))).isEqualTo(1);
    assertThat(find(t -> t.sessions().find(idle1.id()))).isEmpty();
    assertThat(find(t -> t.sessions().find(idle2.id()))).isEmpty();
    assertThat(find(t -> t.sessions().find(active.id()))).contains(active);
  }

  private static SignInLink link(String value, User user, LinkPurpose purpose, Instant expiresAt) {
    return new SignInLink(TokenHash.of(value), user.uid(), purpose, T0, expiresAt, null);
  }

  private static HostSession session(String value, User user, Instant lastSeenAt) {
    return new HostSession(
        TokenHash.of(value), user.uid(), SessionState.SIGNED_IN, T0, lastSeenAt, T0);
  }

  /** A user and an application for tokens to refer to. */
  private record Seeded(User user, Application app) {}

  private Seeded seed() {
    Seeded s = new Seeded(user("joe@example.com").build(), application("visits").build());
    run(
        t -> {
          t.users().insert(s.user());
          t.applications().insert(s.app());
        });
    return s;
  }

  private static AuthorizationCode code(String value, Seeded s, Set<String> scopes) {
    return new AuthorizationCode(
        TokenHash.of(value),
        s.app().id(),
        s.user().uid(),
        "https://visits.example/cb",
        scopes,
        null,
        null,
        T0,
        T0,
        T0.plusSeconds(60),
        UUID.randomUUID(),
        null);
  }

  private static ApplicationToken appToken(String value, User apiUser, Application app) {
    return new ApplicationToken(
        new ApplicationTokenId(UUID.randomUUID()),
        TokenHash.of(value),
        apiUser.uid(),
        app.id(),
        T0,
        T0.plusSeconds(3600),
        null,
        null,
        null,
        null);
  }

  private static Object insert(StoreTransaction t, User u) {
    t.users().insert(u);
    return u;
  }

  private static AuditEvent event(AuditEventType type) {
    return new AuditEvent(UUID.randomUUID(), T0, type, null, null, null, null, null, null, "");
  }
}
