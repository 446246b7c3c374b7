package dev.signon.core.store.jdbc;

import static dev.signon.core.TestDirectory.T0;
import static dev.signon.core.TestDirectory.organisation;
import static dev.signon.core.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.ConflictException;
import dev.signon.core.NotFoundException;
import dev.signon.core.SignonException;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.store.SignonStoreContract;
import dev.signon.core.store.StoreTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC store promises beyond the contract, checked on every database it runs on: each
 * write is atomic on its own, refusals name the rule but not the values, instants keep
 * microseconds.
 */
abstract class JdbcStoreBehaviour extends SignonStoreContract {
  /** Runs {@code work} in a transaction of the store under test. */
  protected final void run(Consumer<StoreTransaction> work) {
    store.transaction(
        t -> {
          work.accept(t);
          return null;
        });
  }

  /** Reads a list in a transaction of the store under test. */
  protected final <T> List<T> all(Function<StoreTransaction, List<T>> work) {
    return store.transaction(work);
  }

  /** Finds something in a transaction of the store under test. */
  protected final <T> Optional<T> find(Function<StoreTransaction, Optional<T>> work) {
    return store.transaction(work);
  }

  @Test
  void refusedWriteLeavesTheTransactionUsable() {
    User joe = user("joe@example.com").build();
    User clash = user("joe@example.com").build();
    User ann = user("ann@example.com").build();
    store.transaction(
        t -> {
          t.users().insert(joe);
          assertThatThrownBy(() -> t.users().insert(clash)).isInstanceOf(ConflictException.class);
          t.users().insert(ann);
          return null;
        });

    assertThat(all(t -> t.users().list())).containsExactly(ann, joe);
  }

  @Test
  void refusedUpdateChangesNothingOfWhatItWouldHaveReplaced() {
    Organisation moj = organisation("moj").build();
    Organisation child = organisation("digital.moj").parents(Set.of(moj.id())).build();
    store.transaction(
        t -> {
          t.organisations().insert(moj);
          t.organisations().insert(child);
          // The update deletes the parent links before inserting the new, unknown parent.
          Organisation ghost = organisation("ghost").build();
          assertThatThrownBy(
                  () ->
                      t.organisations()
                          .update(child.toBuilder().parents(Set.of(ghost.id())).build()))
              .isInstanceOf(NotFoundException.class);
          return null;
        });

    assertThat(find(t -> t.organisations().find(child.id()))).contains(child);
  }

  @Test
  void conflictNamesTheRuleButNotTheValue() {
    store.transaction(t -> insert(t, user("secret.person@example.com").build()));

    assertThatThrownBy(
            () -> store.transaction(t -> insert(t, user("secret.person@example.com").build())))
        .isInstanceOf(ConflictException.class)
        .hasMessage("email is taken")
        .hasNoCause();
  }

  @Test
  void notFoundNamesWhatIsMissing() {
    Organisation ghost = organisation("ghost").build();
    User joe = user("joe@example.com").organisation(ghost.id()).build();

    assertThatThrownBy(() -> store.transaction(t -> insert(t, joe)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no organisation " + ghost.id());
  }

  @Test
  void instantsKeepMicroseconds() {
    Instant precise = Instant.parse("2026-01-05T09:30:00.123456789Z");
    AuditEvent event =
        new AuditEvent(
            UUID.randomUUID(),
            precise,
            AuditEventType.DIRECTORY_IMPORTED,
            null,
            null,
            null,
            null,
            null,
            null,
            "");
    store.transaction(
        t -> {
          t.audit().append(event);
          return null;
        });

    List<AuditEvent> read = all(t -> t.audit().listRecent(1));
    assertThat(read.get(0).occurredAt()).isEqualTo(Instant.parse("2026-01-05T09:30:00.123456Z"));
  }

  @Test
  void auditEventsAtTheSameInstantAreListedNewestAppendedFirst() {
    AuditEvent first = event(AuditEventType.USER_CREATED);
    AuditEvent second = event(AuditEventType.PERMISSIONS_GRANTED);
    store.transaction(
        t -> {
          t.audit().append(first);
          t.audit().append(second);
          return null;
        });

    assertThat(all(t -> t.audit().listRecent(10))).containsExactly(second, first);
  }

  @Test
  void transactionUsedAfterItEndedIsRefused() {
    AtomicReference<StoreTransaction> leaked = new AtomicReference<>();
    store.transaction(
        t -> {
          leaked.set(t);
          return null;
        });

    StoreTransaction ended = java.util.Objects.requireNonNull(leaked.get());
    assertThatThrownBy(() -> ended.users().list())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transaction has ended");
  }

  @Test
  void workThatThrowsAfterARefusedWriteRollsBackEverything() {
    User joe = user("joe@example.com").build();
    store.transaction(t -> insert(t, joe));

    assertThatThrownBy(
            () ->
                store.transaction(
                    t -> {
                      t.users().insert(user("ann@example.com").build());
                      t.users().insert(user("joe@example.com").build());
                      return null;
                    }))
        .isInstanceOf(SignonException.class);

    assertThat(all(t -> t.users().list())).containsExactly(joe);
  }

  @Test
  void closedStoreRefusesTransactions() {
    store.close();

    assertThatThrownBy(() -> store.transaction(t -> t.users().list()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("store is closed");
  }

  private static Object insert(StoreTransaction t, User u) {
    t.users().insert(u);
    return u;
  }

  private static AuditEvent event(AuditEventType type) {
    return new AuditEvent(UUID.randomUUID(), T0, type, null, null, null, null, null, null, "");
  }
}
