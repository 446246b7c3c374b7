package dev.signon.core.store.jdbc;

import dev.signon.core.store.PermissionsContract;
import dev.signon.core.store.SignonStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The permissions contract on the embedded H2 store. */
class H2PermissionsTest extends PermissionsContract {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test or @BeforeEach runs
  @TempDir
  Path dir;

  @Override
  protected SignonStore newStore() {
    return JdbcSignonStore.embedded(dir);
  }
}
