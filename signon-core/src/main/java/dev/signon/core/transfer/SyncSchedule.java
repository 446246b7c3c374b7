package dev.signon.core.transfer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Objects;

/**
 * When a staging host pulls production's directory: slots of a fixed length from a fixed offset (in
 * UTC), such as every day at 05:30 ({@code daily:05:30}) or every six hours ({@code every:PT6H}).
 * Each slot's sync runs once, on whichever host instance claims it first.
 *
 * @param interval the length of a slot
 * @param offset where slots start, from midnight UTC of 1 January 1970 (less than {@code interval})
 */
public record SyncSchedule(Duration interval, Duration offset) {
  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if the interval is less than a minute or the offset is
   *     negative or not less than the interval
   */
  public SyncSchedule {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(offset, "offset");
    if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least a minute: " + interval);
    }
    if (offset.isNegative() || offset.compareTo(interval) >= 0) {
      throw new IllegalArgumentException("offset must be within the interval: " + offset);
    }
  }

  /** Every day at {@code at} UTC. */
  public static SyncSchedule daily(LocalTime at) {
    return new SyncSchedule(Duration.ofDays(1), Duration.ofSeconds(at.toSecondOfDay()));
  }

  /** Every {@code interval}, from midnight UTC. */
  public static SyncSchedule every(Duration interval) {
    return new SyncSchedule(interval, Duration.ZERO);
  }

  /**
   * Reads {@code daily:HH:MM} (UTC) or {@code every:<ISO-8601 duration>}.
   *
   * @throws IllegalArgumentException naming the text when it is neither
   */
  public static SyncSchedule parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    try {
      if (t.toLowerCase(Locale.ROOT).startsWith("daily:")) {
        return daily(LocalTime.parse(t.substring(6)));
      }
      if (t.toLowerCase(Locale.ROOT).startsWith("every:")) {
        return every(Duration.parse(t.substring(6)));
      }
    } catch (java.time.format.DateTimeParseException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "schedule must be daily:HH:MM (UTC) or every:<duration> such as every:PT6H: " + text);
  }

  /** The start of the slot {@code now} is in. */
  public Instant slot(Instant now) {
    long step = interval.getSeconds();
    long since = now.getEpochSecond() - offset.getSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(since, step) * step + offset.getSeconds());
  }
}
