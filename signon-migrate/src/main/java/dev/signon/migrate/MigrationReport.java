package dev.signon.migrate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a migration found and did. A run with problems writes nothing, dry or not; a dry run never
 * writes, and counts what a real run would create, update and leave unchanged.
 *
 * @param dryRun whether this was a dry run
 * @param written whether the store was written (a real run without problems)
 * @param counts what came across (or would), kind by kind, in the order they are written: {@code
 *     organisations}, {@code users}, {@code api_users}, {@code applications}, {@code grants},
 *     {@code credentials}, {@code client_secrets}, {@code application_tokens}, {@code events}
 * @param problems every reason the migration cannot be written, each naming the Signon row
 * @param notes what did not come across, or came across changed, without stopping the migration
 */
public record MigrationReport(
    boolean dryRun,
    boolean written,
    Map<String, Counts> counts,
    List<String> problems,
    List<String> notes) {

  /** Copies the collections, keeping the order of the counts. */
  public MigrationReport {
    counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /** True when nothing stands in the way of a real run. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** True when a real run would write (or wrote) anything: something was created or updated. */
  public boolean changed() {
    return counts.values().stream().anyMatch(Counts::changed);
  }

  /** The counts of one kind, or none. */
  public Counts count(String kind) {
    Objects.requireNonNull(kind, "kind");
    return counts.getOrDefault(kind, Counts.NONE);
  }

  /** The report as lines for a person to read: counts, problems, notes. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(
        dryRun ? "Dry run: nothing written.\n" : written ? "Written.\n" : "Nothing written.\n");
    counts.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
    if (!problems.isEmpty()) {
      b.append(problems.size()).append(" problem(s):\n");
      problems.forEach(p -> b.append("  ").append(p).append('\n'));
    }
    if (!notes.isEmpty()) {
      b.append("Notes:\n");
      notes.forEach(n -> b.append("  ").append(n).append('\n'));
    }
    return b.toString();
  }

  /**
   * How many of one kind a run created, updated and left unchanged.
   *
   * @param created new to the store
   * @param updated in the store with other values
   * @param unchanged in the store exactly so
   */
  public record Counts(int created, int updated, int unchanged) {
    /** Nothing of this kind. */
    public static final Counts NONE = new Counts(0, 0, 0);

    /** Checks that no count is negative. */
    public Counts {
      if (created < 0 || updated < 0 || unchanged < 0) {
        throw new IllegalArgumentException("counts must not be negative");
      }
    }

    /** True when anything was created or updated. */
    public boolean changed() {
      return created > 0 || updated > 0;
    }

    /** Every one of this kind. */
    public int total() {
      return created + updated + unchanged;
    }

    Counts plus(Counts o) {
      return new Counts(created + o.created, updated + o.updated, unchanged + o.unchanged);
    }

    @Override
    public String toString() {
      return created + " created, " + updated + " updated, " + unchanged + " unchanged";
    }
  }
}
