package dev.signon.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.memory.InMemorySignonStore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HostHealthTest {
  /** A store whose transactions wait until released, as a database that hangs does. */
  static final class HangingStore implements SignonStore {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger started = new AtomicInteger();

    @Override
    public <T> T transaction(Function<StoreTransaction, T> work) {
      started.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("gone");
    }

    @Override
    public void close() {}
  }

  @Test
  void readyWhenTheStoreAnswers() {
    try (HostHealth health = HostHealth.of(new InMemorySignonStore(), Duration.ofSeconds(5))) {
      assertThat(health.ready().up()).isTrue();
      assertThat(health.live().up()).isTrue();
    }
  }

  @Test
  void notReadyWithinTheTimeoutWhenTheStoreHangsAndChecksDoNotPileUp() {
    HangingStore store = new HangingStore();
    try (HostHealth health = HostHealth.of(store, Duration.ofMillis(100))) {
      HostHealth.Status first = health.ready();
      HostHealth.Status second = health.ready();
      assertThat(first.up()).isFalse();
      assertThat(first.detail()).isEqualTo("the store did not answer in time");
      assertThat(second.up()).isFalse();
      // The second check waited for the first, still hanging, instead of querying again (the
      // first may not even have reached the store yet on a busy machine).
      assertThat(store.started.get()).isLessThanOrEqualTo(1);
      assertThat(health.live().up()).isTrue();
      store.release.countDown();
    }
  }

  @Test
  void notReadyWhenTheStoreFails() {
    HangingStore store = new HangingStore();
    store.release.countDown();
    try (HostHealth health = HostHealth.of(store, Duration.ofSeconds(5))) {
      HostHealth.Status ready = health.ready();
      assertThat(ready.up()).isFalse();
      assertThat(ready.detail()).isEqualTo("the store is unavailable");
    }
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(() -> HostHealth.of(new InMemorySignonStore(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
  }
}
