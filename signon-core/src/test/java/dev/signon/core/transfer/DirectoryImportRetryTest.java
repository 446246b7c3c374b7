package dev.signon.core.transfer;

import static dev.signon.core.transfer.TransferTesting.audit;
import static dev.signon.core.transfer.TransferTesting.sampleJson;
import static dev.signon.core.transfer.TransferTesting.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.memory.InMemorySignonStore;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A store may run a transaction's work more than once (a serialization failure on PostgreSQL): an
 * import must then come out as if it had run once.
 */
class DirectoryImportRetryTest {

  @Test
  void importWhenStoreRunsTheWorkTwiceThenTheOutcomeIsAsIfItRanOnce() {
    InMemorySignonStore memory = new InMemorySignonStore();
    RetryingOnceStore store = new RetryingOnceStore(memory);

    ImportReport report = transfer(store).importJson(sampleJson(), null);

    assertThat(store.runs).isEqualTo(2);
    assertThat(report.organisations()).isEqualTo(new ImportReport.Counts(5, 0, 0));
    assertThat(report.grants()).isEqualTo(new ImportReport.Counts(5, 0, 0));
    assertThat(audit(memory)).hasSize(1);
    assertThat(transfer(memory).exportJson()).isEqualTo(sampleJson());
  }

  /** Runs each transaction's work once and rolls it back, as if it had lost a race, then again. */
  private static final class RetryingOnceStore implements SignonStore {
    private final SignonStore delegate;
    int runs;

    RetryingOnceStore(SignonStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public <T> T transaction(Function<StoreTransaction, T> work) {
      try {
        delegate.transaction(
            tx -> {
              runs++;
              var unused = work.apply(tx);
              throw new LostRace();
            });
      } catch (LostRace expected) {
        // rolled back; try again
      }
      return delegate.transaction(
          tx -> {
            runs++;
            return work.apply(tx);
          });
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static final class LostRace extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
