package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.accessToken;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.error.ConflictException;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.testing.TestDirectory;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes a store holds back to send with a later statement or the transaction's end (tokens, codes,
 * session uses and sign-in counts; see {@code JdbcTransaction#deferrable}) are all or nothing with
 * the rest of their transaction: a held write that breaks a constraint when it is finally sent
 * fails the transaction with its own error, and nothing of the transaction is stored.
 */
class HeldWritesTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dir;

  private static final TokenHash TAKEN = new TokenHash("c".repeat(64));
  private static final TokenHash FRESH = new TokenHash("d".repeat(64));

  private final Application app = application("reports").build();

  /** A store with {@link #app} and a token whose hash is {@link #TAKEN}. */
  private SignonStore store(String kind) {
    SignonStore store = TestStores.open(kind, dir);
    store.transaction(
        tx -> {
          tx.applications().insert(app);
          tx.issuedTokens().insert(token(TAKEN));
          return null;
        });
    return store;
  }

  private IssuedToken token(TokenHash hash) {
    return accessToken(hash, app, null);
  }

  /** Asserts on what {@code work} throws in a read-committed transaction of {@code store}. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      SignonStore store, Function<StoreTransaction, ?> work) {
    return assertThatThrownBy(() -> store.transaction(Isolation.READ_COMMITTED, work));
  }

  private static Optional<IssuedToken> find(SignonStore store, TokenHash hash) {
    return store.transaction(tx -> tx.issuedTokens().find(hash));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void heldWritesOfATransactionThatNeverBeganAreAllOrNothing(String kind) {
    try (SignonStore store = store(kind)) {
      assertRefused(
              store,
              tx -> {
                tx.issuedTokens().insert(token(FRESH));
                tx.issuedTokens().insert(token(TAKEN));
                return null;
              })
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("token hash is taken");

      assertThat(find(store, FRESH)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void heldWriteThatFailsAtTheCommitLeavesNothing(String kind) {
    User ann = user("ann@example.com").build();
    try (SignonStore store = store(kind)) {
      assertRefused(
              store,
              tx -> {
                tx.users().insert(ann);
                tx.issuedTokens().insert(token(FRESH));
                tx.issuedTokens().insert(token(TAKEN));
                return null;
              })
          .isInstanceOf(ConflictException.class);

      Optional<User> stored = store.transaction(tx -> tx.users().find(ann.uid()));
      assertThat(stored).isEmpty();
      assertThat(find(store, FRESH)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void heldWritesGoBeforeTheNextStatementWhichSeesThem(String kind) {
    try (SignonStore store = store(kind)) {
      Optional<IssuedToken> seen =
          store.transaction(
              Isolation.READ_COMMITTED,
              tx -> {
                tx.issuedTokens().insert(token(FRESH));
                return tx.issuedTokens().find(FRESH);
              });

      assertThat(seen).isPresent();
      assertThat(find(store, FRESH)).isPresent();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void heldWriteFailingAtTheNextStatementIsNotTakenForThatStatementsOwnFailure(String kind) {
    try (SignonStore store = store(kind)) {
      // A one-time key's claim answers false on a conflict of its own; the held token's conflict,
      // sent just before it, must not pass for one.
      assertRefused(
              store,
              tx -> {
                tx.issuedTokens().insert(token(TAKEN));
                return tx.oneTimeUses().claim("jti-1", TestDirectory.T0.plusSeconds(60));
              })
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("rolled back");

      boolean claimedLater =
          store.transaction(
              tx -> tx.oneTimeUses().claim("jti-1", TestDirectory.T0.plusSeconds(60)));
      assertThat(claimedLater).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void workThatCatchesAFailedWriteAndReturnsIsNotReportedAsDone(String kind) {
    User ann = user("ann@example.com").build();
    try (SignonStore store = store(kind)) {
      assertThatThrownBy(
              () ->
                  store.transaction(
                      tx -> {
                        tx.users().insert(ann);
                        try {
                          tx.issuedTokens().insert(token(TAKEN));
                          // On PostgreSQL the insert waits for the next statement and fails there.
                          tx.issuedTokens().find(FRESH);
                        } catch (ConflictException expected) {
                          // Returning now would report the user as stored: refused at the end.
                        }
                        return null;
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("rolled back");

      Optional<User> stored = store.transaction(tx -> tx.users().find(ann.uid()));
      assertThat(stored).isEmpty();
    }
  }
}
