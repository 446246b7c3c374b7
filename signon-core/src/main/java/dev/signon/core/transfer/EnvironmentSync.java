package dev.signon.core.transfer;

import dev.signon.core.store.SignonStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Mirrors another host's directory into this one on a schedule: production into staging, every
 * morning, as GOV.UK does. At each {@link SyncSchedule} slot one host instance claims the slot in
 * the store (so two staging instances never both import), reads the document from its {@link
 * DirectorySource} and imports it as {@link DirectoryTransfer#importJson(String,
 * dev.signon.core.directory.UserId)} does: entities are created and updated, never removed, so
 * staging's own accounts and applications stay. Tokens, passwords and client secrets are not in the
 * document: staging's stay its own. A slot whose sync failed is not tried again; the next slot is.
 *
 * <pre>{@code
 * EnvironmentSync sync = EnvironmentSync.create(store, clock, random,
 *     SyncSchedule.daily(LocalTime.of(5, 30)), source);
 * sync.runIfDue(); // from a job that runs every minute or so
 * }</pre>
 */
public final class EnvironmentSync {
  private static final String CLAIM = "environment-sync:";

  private final SignonStore store;
  private final Clock clock;
  private final DirectoryTransfer transfer;
  private final SyncSchedule schedule;
  private final DirectorySource source;

  private EnvironmentSync(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      SyncSchedule schedule,
      DirectorySource source) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.source = Objects.requireNonNull(source, "source");
    this.transfer = DirectoryTransfer.builder().store(store).clock(clock).random(random).build();
  }

  /** A sync of this host's {@code store} from {@code source} at the slots of {@code schedule}. */
  public static EnvironmentSync create(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      SyncSchedule schedule,
      DirectorySource source) {
    return new EnvironmentSync(store, clock, random, schedule, source);
  }

  /** The schedule. */
  public SyncSchedule schedule() {
    return schedule;
  }

  /**
   * Syncs if this slot's sync has not been claimed yet, by this instance or another.
   *
   * @return what the import changed, or empty when the slot was already claimed
   * @throws RuntimeException what the source or the import threw (the slot stays claimed)
   */
  public Optional<ImportReport> runIfDue() {
    Instant slot = schedule.slot(clock.instant());
    Instant until = slot.plus(schedule.interval()).plus(schedule.interval());
    boolean mine = store.transaction(tx -> tx.oneTimeUses().claim(CLAIM + slot, until));
    if (!mine) {
      return Optional.empty();
    }
    return Optional.of(runNow());
  }

  /**
   * Reads the document and imports it now, whatever the schedule.
   *
   * @throws ImportRejectedException when the document is refused; nothing is imported
   * @throws RuntimeException what the source threw; nothing is imported
   */
  public ImportReport runNow() {
    String json = source.fetch();
    return transfer.importJson(json, null);
  }
}
