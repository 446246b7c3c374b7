package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.TooManyRequestsException;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.ThrottleStore;
import dev.signon.testing.Postgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ThrottleStore#requireBelow} on the JDBC store, where a read-committed transaction holds
 * the requirement until a statement carries it: with no deferred insert it is read alone before the
 * first other write, or when the work ends, and refuses there; nothing the work wrote is kept.
 */
class ThrottleRequirementTest {
  private static final Instant END = Instant.parse("2026-04-01T10:05:00Z");
  private static final String REACHED = "a".repeat(64);
  private static final String OTHER = "b".repeat(64);

  private static SignonStore store(String database) {
    DataSource db =
        database.equals("h2")
            ? MigrationsTest.h2InMemory(
                "requirement_" + UUID.randomUUID().toString().replace("-", ""))
            : Postgres.shared().freshDatabase();
    SignonStore store = JdbcSignonStore.builder().dataSource(db).build();
    store.transaction(
        tx -> {
          tx.throttle().add(REACHED, 1, END);
          return tx.throttle().add(REACHED, 1, END);
        });
    return store;
  }

  /** Requires the counter at 2 to be below {@code max}. */
  private static void require(StoreTransaction tx, long max) {
    tx.throttle()
        .requireBelow(
            List.of(new ThrottleStore.Limit(REACHED, max)),
            hits -> new TooManyRequestsException(Duration.ofSeconds(hits[0]), "throttled"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void requirementHeldIsReadBeforeTheFirstWriteWhichIsThenNotMade(String database) {
    SignonStore store = store(database);

    assertThatThrownBy(
            () ->
                store.transaction(
                    Isolation.READ_COMMITTED,
                    tx -> {
                      require(tx, 2);
                      return tx.throttle().add(OTHER, 1, END);
                    }))
        .isInstanceOf(TooManyRequestsException.class)
        .satisfies(
            e -> assertThat(((TooManyRequestsException) e).retryAfterSeconds()).isEqualTo(2));

    long other = store.transaction(tx -> tx.throttle().count(OTHER));
    assertThat(other).isZero();
    store.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void requirementWithoutAWriteIsReadWhenTheWorkEnds(String database) {
    SignonStore store = store(database);

    assertThatThrownBy(
            () ->
                store.transaction(
                    Isolation.READ_COMMITTED,
                    tx -> {
                      require(tx, 2);
                      return "answered";
                    }))
        .isInstanceOf(TooManyRequestsException.class);
    store.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void requirementRefusingTakesThePlaceOfTheWorksOwnRefusal(String database) {
    SignonStore store = store(database);

    assertThatThrownBy(
            () ->
                store.transaction(
                    Isolation.READ_COMMITTED,
                    tx -> {
                      require(tx, 2);
                      throw new NotFoundException("what the caller must not learn");
                    }))
        .isInstanceOf(TooManyRequestsException.class);
    store.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void requirementBelowItsLimitLetsTheWorkThroughWholeAndInASerializableTransactionToo(
      String database) {
    SignonStore store = store(database);

    long counted =
        store.transaction(
            Isolation.READ_COMMITTED,
            tx -> {
              require(tx, 3);
              return tx.throttle().add(OTHER, 1, END);
            });
    assertThat(counted).isEqualTo(1);
    String answer =
        store.transaction(
            tx -> {
              require(tx, 3);
              return "answered";
            });
    assertThat(answer).isEqualTo("answered");
    assertThatThrownBy(
            () ->
                store.transaction(
                    tx -> {
                      require(tx, 2);
                      return "answered";
                    }))
        .isInstanceOf(TooManyRequestsException.class);
    store.close();
  }
}
