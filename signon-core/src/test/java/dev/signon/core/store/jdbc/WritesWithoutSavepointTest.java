package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.accessToken;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.error.ConflictException;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes whose failure the work never catches (a new token, a sign-in count) run without a
 * savepoint once a transaction has begun. If one fails all the same and the work catches the error,
 * the transaction has been rolled back whole: it refuses every further statement, so no work
 * carries on as if its earlier writes stood, and nothing of it is stored.
 */
class WritesWithoutSavepointTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dir;

  private SignonStore store(String kind) {
    return TestStores.open(kind, dir);
  }

  private static IssuedToken token(Application app, TokenHash hash) {
    return accessToken(hash, app, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void tokensWrittenAfterOtherWritesAreStoredWithThem(String kind) {
    try (SignonStore store = store(kind)) {
      Application app = application("reports").build();
      User joe = user("joe@example.com").build();
      TokenHash first = new TokenHash("a".repeat(64));
      TokenHash second = new TokenHash("b".repeat(64));

      store.transaction(
          tx -> {
            tx.applications().insert(app);
            tx.users().insert(joe);
            tx.issuedTokens().insert(token(app, first));
            tx.issuedTokens().insert(token(app, second));
            return null;
          });

      Optional<IssuedToken> one = store.transaction(tx -> tx.issuedTokens().find(first));
      Optional<IssuedToken> two = store.transaction(tx -> tx.issuedTokens().find(second));
      Optional<User> stored = store.transaction(tx -> tx.users().find(joe.uid()));
      assertThat(one).isPresent();
      assertThat(two).isPresent();
      assertThat(stored).contains(joe);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void failedWriteCaughtByTheWorkLeavesNothingAndRefusesWhatFollows(String kind) {
    try (SignonStore store = store(kind)) {
      Application app = application("reports").build();
      TokenHash taken = new TokenHash("c".repeat(64));
      store.transaction(
          tx -> {
            tx.applications().insert(app);
            tx.issuedTokens().insert(token(app, taken));
            return null;
          });
      User ann = user("ann@example.com").build();

      assertThatThrownBy(
              () ->
                  store.transaction(
                      tx -> {
                        tx.users().insert(ann);
                        try {
                          tx.issuedTokens().insert(token(app, taken));
                          // On PostgreSQL the insert waits for the next statement and fails there.
                          tx.users().list();
                        } catch (ConflictException expected) {
                          // Carrying on would commit the user without the token: refused below.
                        }
                        return tx.users().list();
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("rolled back");

      Optional<User> stored = store.transaction(tx -> tx.users().find(ann.uid()));
      assertThat(stored).isEmpty();
    }
  }
}
