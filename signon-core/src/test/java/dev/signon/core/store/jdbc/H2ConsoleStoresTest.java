package dev.signon.core.store.jdbc;

import dev.signon.core.store.ConsoleStoresContract;
import dev.signon.core.store.SignonStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The console stores' contract on the embedded H2 store. */
class H2ConsoleStoresTest extends ConsoleStoresContract {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test or @BeforeEach runs
  @TempDir
  Path dir;

  @Override
  protected SignonStore newStore() {
    return JdbcSignonStore.embedded(dir);
  }
}
