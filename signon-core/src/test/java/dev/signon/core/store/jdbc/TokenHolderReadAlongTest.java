package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.accessToken;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.TokenHash;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a person's token reads its holder in the same statement, and the transaction's next read
 * of that person is answered from it; never once the transaction has written, so a person changed
 * in the same transaction (suspended, say) is read as changed.
 */
class TokenHolderReadAlongTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  Path dir;

  private SignonStore store(String kind) {
    return TestStores.open(kind, dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void holderReadWithTheTokenIsTheStoredOneAndAChangeAfterItIsSeen(String kind) {
    try (SignonStore store = store(kind)) {
      Application app = application("reports").build();
      User joe = user("joe@example.com").status(UserStatus.ACTIVE).build();
      TokenHash hash = new TokenHash("d".repeat(64));
      store.transaction(
          tx -> {
            tx.applications().insert(app);
            tx.users().insert(joe);
            tx.issuedTokens().insert(accessToken(hash, app, joe.uid()));
            return null;
          });
      User suspended =
          joe.toBuilder().status(UserStatus.SUSPENDED).suspensionReason("Left").build();

      Optional<User> readAlong =
          store.transaction(
              tx -> {
                tx.issuedTokens().find(hash);
                return tx.users().find(joe.uid());
              });
      Optional<User> afterChange =
          store.transaction(
              tx -> {
                tx.issuedTokens().find(hash);
                tx.users().update(suspended);
                return tx.users().find(joe.uid());
              });

      assertThat(readAlong).contains(joe);
      assertThat(afterChange).contains(suspended);
    }
  }
}
