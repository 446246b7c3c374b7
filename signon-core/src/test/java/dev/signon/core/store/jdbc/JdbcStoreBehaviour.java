package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.T0;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.organisation;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.ConflictException;
import dev.signon.core.InvalidInputException;
import dev.signon.core.NotFoundException;
import dev.signon.core.SignonException;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.store.SignonStoreContract;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.SigningAlgorithm;
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
