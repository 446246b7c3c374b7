package dev.signon.servlet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What other requests have said about sessions this filter cannot reach: the container keeps the
 * sessions, so a back-channel logout or a gds-sso push cannot touch them directly. It records the
 * news here, and every request checks its own session against it.
 *
 * <p>Sessions are indexed at sign-in under their subject ({@code sub:}), host uid ({@code uid:})
 * and provider session ({@code sid:}). Ending a name marks every indexed session ended and also
 * records the instant in the {@link SessionEnds}, which ends sessions signed in earlier that the
 * index does not hold: sessions restored after a restart, and — when the app's instances share a
 * {@link JdbcSessionEnds} — the sessions of every other instance. Entries are forgotten after
 * {@code retention}.
 *
 * <p>The index and the gds-sso user updates live in this JVM: an update push reaching one instance
 * changes roles there at once, and on the others at their next role refresh. A push that says the
 * person is disabled also ends their sessions by uid, on every instance sharing the record.
 */
final class SessionRegistry {
  /** A gds-sso push for one person, applied to their sessions on their next request. */
  record Update(
      String id,
      Instant at,
      String name,
      String email,
      List<String> roles,
      @Nullable String organisation,
      boolean disabled) {
    Update {
      roles = List.copyOf(roles);
    }
  }

  /** How long ends and updates are kept: longer than any session goes without a request. */
  static final Duration RETENTION = Duration.ofHours(24);

  private final SessionEnds ends;
  private final Clock clock;
  private final Duration retention;
  private final Map<String, Map<String, Instant>> sessionsByName = new ConcurrentHashMap<>();
  private final Map<String, Instant> endedKeys = new ConcurrentHashMap<>();
  private final Map<String, Update> updates = new ConcurrentHashMap<>();
  private final Object pruneLock = new Object();
  private Instant lastPruned;

  SessionRegistry(SessionEnds ends, Clock clock, Duration retention) {
    this.ends = ends;
    this.clock = clock;
    this.retention = retention;
    this.lastPruned = clock.instant();
  }

  static String subject(String subject) {
    return "sub:" + subject;
  }

  static String uid(String uid) {
    return "uid:" + uid;
  }

  static String providerSession(String sid) {
    return "sid:" + sid;
  }

  /** Indexes a new session under every name it answers to. */
  void register(SessionState state) {
    for (String name : names(state)) {
      sessionsByName.compute(
          name,
          (n, sessions) -> {
            Map<String, Instant> map = sessions != null ? sessions : new ConcurrentHashMap<>();
            map.put(state.key, state.signedInAt);
            return map;
          });
    }
    pruneNowAndThen();
  }

  /** Ends every session known by {@code name} (see {@link #subject}, {@link #uid}). */
  void end(String name) {
    Instant now = clock.instant();
    ends.end(name, now);
    Map<String, Instant> sessions = sessionsByName.remove(name);
    if (sessions != null) {
      for (String key : sessions.keySet()) {
        endedKeys.put(key, now);
      }
    }
    pruneNowAndThen();
  }

  /** True if a logout or reauth push ended this session after it began. */
  boolean isEnded(SessionState state) {
    if (endedKeys.containsKey(state.key)) {
      return true;
    }
    Instant ended = ends.lastEnd(names(state)).orElse(null);
    return ended != null && state.signedInAt.isBefore(ended);
  }

  /** Records a gds-sso user push for the host uid {@code uid}. */
  void update(String uid, Update update) {
    updates.put(uid, update);
    if (update.disabled()) {
      end(uid(uid));
      return;
    }
    pruneNowAndThen();
  }

  /** The push this session has not yet applied and is not newer than, if any. */
  Optional<Update> pendingUpdate(SessionState state) {
    Update update = updates.get(state.uid);
    if (update == null
        || update.id().equals(state.appliedUpdate)
        || update.at().isBefore(state.rolesCheckedAt)) {
      return Optional.empty();
    }
    return Optional.of(update);
  }

  private static List<String> names(SessionState state) {
    return state.providerSessionId == null
        ? List.of(subject(state.subject), uid(state.uid))
        : List.of(subject(state.subject), uid(state.uid), providerSession(state.providerSessionId));
  }

  /** Forgets what is older than the retention, at most once a minute. */
  private void pruneNowAndThen() {
    Instant now = clock.instant();
    synchronized (pruneLock) {
      if (now.isBefore(lastPruned.plus(Duration.ofMinutes(1)))) {
        return;
      }
      lastPruned = now;
    }
    Instant horizon = now.minus(retention);
    endedKeys.values().removeIf(at -> at.isBefore(horizon));
    ends.forgetBefore(horizon);
    updates.values().removeIf(u -> u.at().isBefore(horizon));
    for (String name : sessionsByName.keySet()) {
      sessionsByName.computeIfPresent(
          name,
          (n, sessions) -> {
            sessions.values().removeIf(at -> at.isBefore(horizon));
            return sessions.isEmpty() ? null : sessions;
          });
    }
  }

  @Override
  public String toString() {
    return "SessionRegistry[names=" + sessionsByName.size() + ", " + ends + "]";
  }
}
