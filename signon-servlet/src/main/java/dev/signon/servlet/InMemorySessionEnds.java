package dev.signon.servlet;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SessionEnds} held in memory: the default, for an app on one instance (or one whose
 * requests for a session always reach the same instance), and tests.
 */
public final class InMemorySessionEnds implements SessionEnds {
  private final Map<String, Instant> ends = new ConcurrentHashMap<>();

  /** Creates an empty record. */
  public InMemorySessionEnds() {}

  @Override
  public void end(String name, Instant at) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(at, "at");
    ends.merge(name, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public Optional<Instant> lastEnd(Collection<String> names) {
    Instant latest = null;
    for (String name : names) {
      Instant at = ends.get(name);
      if (at != null && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    return Optional.ofNullable(latest);
  }

  @Override
  public void forgetBefore(Instant horizon) {
    Objects.requireNonNull(horizon, "horizon");
    ends.values().removeIf(at -> at.isBefore(horizon));
  }

  @Override
  public String toString() {
    return "InMemorySessionEnds[" + ends.size() + " names]";
  }
}
