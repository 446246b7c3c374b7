package dev.signon.core.federation;

import dev.signon.core.store.SignonStore;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The arrival rules on the JDBC store (embedded H2). */
class JdbcUpstreamArrivalsTest extends UpstreamArrivalsBehaviour {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test or @BeforeEach runs
  @TempDir
  Path dir;

  @Override
  protected SignonStore newStore() {
    return JdbcSignonStore.embedded(dir);
  }
}
