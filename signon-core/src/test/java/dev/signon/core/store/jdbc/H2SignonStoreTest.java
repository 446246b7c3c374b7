package dev.signon.core.store.jdbc;

import static dev.signon.core.testing.TestDirectory.organisation;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.store.SignonStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded store: H2 in files under a temporary directory. */
class H2SignonStoreTest extends JdbcStoreBehaviour {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test or @BeforeEach runs
  @TempDir
  Path dir;

  @Override
  protected SignonStore newStore() {
    return JdbcSignonStore.embedded(dir);
  }

  @Test
  void embeddedDataSurvivesClosingAndReopening() {
    Organisation moj = organisation("moj").build();
    User joe = user("joe@example.com").organisation(moj.id()).build();
    store.transaction(
        t -> {
          t.organisations().insert(moj);
          t.users().insert(joe);
          return null;
        });
    store.close();

    store = JdbcSignonStore.embedded(dir);

    assertThat(find(t -> t.users().find(joe.uid()))).contains(joe);
    assertThat(all(t -> t.organisations().list())).containsExactly(moj);
  }

  @Test
  void embeddedStoreKeepsItsFilesInTheDirectory() {
    assertThat(Files.exists(dir.resolve(EmbeddedH2.NAME + ".mv.db"))).isTrue();
  }

  @Test
  void embeddedStoreCreatesAMissingDirectory() {
    Path nested = dir.resolve("a").resolve("b");
    try (SignonStore other = JdbcSignonStore.embedded(nested)) {
      List<User> users = other.transaction(t -> t.users().list());
      assertThat(users).isEmpty();
    }
    assertThat(Files.exists(nested.resolve(EmbeddedH2.NAME + ".mv.db"))).isTrue();
  }
}
