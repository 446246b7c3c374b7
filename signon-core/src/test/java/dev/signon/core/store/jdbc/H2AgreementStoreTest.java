package dev.signon.core.store.jdbc;

import dev.signon.core.store.AgreementStoreContract;
import dev.signon.core.store.SignonStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The agreement store contract on the embedded H2 store. */
class H2AgreementStoreTest extends AgreementStoreContract {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test or @BeforeEach runs
  @TempDir
  Path dir;

  @Override
  protected SignonStore newStore() {
    return JdbcSignonStore.embedded(dir);
  }
}
