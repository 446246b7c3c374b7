package dev.signon.core.throttle;

import dev.signon.core.error.TooManyRequestsException;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.ThrottleStore;
import dev.signon.core.token.KeyEncryptionKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Counts attempts per client address and per account in fixed windows kept in the store, and
 * refuses an attempt over a {@link ThrottleSettings limit} with a {@link TooManyRequestsException}
 * before the attempt is looked at. The sign-in services and the token endpoint use it; {@code
 * SignonServer} builds the one a host uses.
 *
 * <p>An attempt is counted when it is let in ({@link #enter}): each counter is incremented and read
 * back in the caller's transaction, and over the limit the transaction is rolled back, so a refused
 * attempt counts for nothing and parallel attempts on several host instances never pass the limit
 * together. For actions where only failures count, a success gives its attempt back ({@link
 * #succeeded}). Counters are keyed by an HMAC (under the host's key-encryption key) of the action,
 * the address or account and the window, never by the address or account in clear.
 */
public final class Throttle {
  private final SignonStore store;
  private final Clock clock;
  private final ThrottleSettings settings;
  private final KeyEncryptionKey kek;

  private Throttle(
      SignonStore store, Clock clock, ThrottleSettings settings, KeyEncryptionKey kek) {
    this.kek = Objects.requireNonNull(kek, "kek");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * A throttle over {@code store}'s counters, keyed by HMACs under {@code kek} (the same on every
   * host instance).
   */
  public static Throttle create(
      SignonStore store, Clock clock, ThrottleSettings settings, KeyEncryptionKey kek) {
    return new Throttle(store, clock, settings, kek);
  }

  /** The limits in force. */
  public ThrottleSettings settings() {
    return settings;
  }

  /**
   * An attempt let in: the counters to give back if it succeeds. Only {@link Throttle} makes one.
   */
  public static final class Admission {
    private static final Admission NONE = new Admission(List.of());
    private final List<String> refunds;

    private Admission(List<String> refunds) {
      this.refunds = List.copyOf(refunds);
    }
  }

  /**
   * Lets in and counts one attempt at {@code action}, in its own transaction.
   *
   * @param address the client address, or null when unknown (then only the account is limited)
   * @param account the email address entered, the person or the client id; null when none
   * @throws TooManyRequestsException over a limit; nothing is counted then
   */
  public Admission admit(
      ThrottledAction action, @Nullable String address, @Nullable String account) {
    Instant now = clock.instant();
    return store.transaction(tx -> enter(tx, action, address, account, now));
  }

  /**
   * Lets in and counts one attempt at {@code action} in {@code tx}.
   *
   * @throws TooManyRequestsException over a limit; the caller's transaction must then roll back,
   *     which it does when the exception leaves it
   */
  public Admission enter(
      StoreTransaction tx,
      ThrottledAction action,
      @Nullable String address,
      @Nullable String account,
      Instant now) {
    Objects.requireNonNull(tx, "tx");
    List<String> counted = new ArrayList<>();
    Duration wait = Duration.ZERO;
    for (Counter c : counters(action, address, account, now)) {
      long hits = tx.throttle().add(c.key(), 1, c.end());
      counted.add(c.key());
      if (hits > c.limit().max()) {
        wait = max(wait, Duration.between(now, c.end()));
      }
    }
    refuseIfWaiting(action, wait);
    return action.failuresOnly() ? new Admission(counted) : Admission.NONE;
  }

  /**
   * Gives back, in its own transaction, an attempt that succeeded; see {@link
   * #succeeded(StoreTransaction, Admission)}.
   */
  public void succeeded(Admission admission) {
    Objects.requireNonNull(admission, "admission");
    if (!admission.refunds.isEmpty()) {
      store.transaction(
          tx -> {
            succeeded(tx, admission);
            return null;
          });
    }
  }

  /**
   * Gives back an attempt that succeeded, for actions where only failures count; nothing for the
   * others.
   */
  public void succeeded(StoreTransaction tx, Admission admission) {
    for (String key : admission.refunds) {
      tx.throttle().add(key, -1, clock.instant());
    }
  }

  /**
   * Refuses an attempt at {@code action} over a limit without counting it: for a check before an
   * attempt whose failure {@link #failed} counts afterwards. Cheaper than {@link #enter} (reads
   * only, nothing to give back on success), but parallel attempts may together pass the limit by as
   * many as run at once.
   *
   * <p>The store may evaluate the check later in {@code tx} (see {@link
   * dev.signon.core.store.ThrottleStore#requireBelow}): the JDBC store carries it in the statement
   * that writes the transaction's new row, so a token request costs no read of its own. It always
   * evaluates it before {@code tx} keeps anything it wrote and before its result or exception
   * leaves it, so an attempt over a limit is refused the same way whatever the work would have
   * answered.
   *
   * @throws TooManyRequestsException over a limit, here or when the store evaluates the check
   */
  public void check(
      StoreTransaction tx,
      ThrottledAction action,
      @Nullable String address,
      @Nullable String account,
      Instant now) {
    Objects.requireNonNull(tx, "tx");
    List<Counter> counters = counters(action, address, account, now);
    if (counters.isEmpty()) {
      return;
    }
    tx.throttle()
        .requireBelow(
            counters.stream().map(c -> new ThrottleStore.Limit(c.key(), c.limit().max())).toList(),
            hits -> refusal(action, counters, hits, now));
  }

  /** The refusal of an attempt whose counters read {@code hits}, one of them at its limit. */
  private static TooManyRequestsException refusal(
      ThrottledAction action, List<Counter> counters, long[] hits, Instant now) {
    Duration wait = Duration.ZERO;
    for (int i = 0; i < hits.length; i++) {
      Counter c = counters.get(i);
      if (hits[i] >= c.limit().max()) {
        wait = max(wait, Duration.between(now, c.end()));
      }
    }
    return new TooManyRequestsException(wait, action.key() + " throttled");
  }

  /** Counts a failed attempt at {@code action} that {@link #check} let in. */
  public void failed(
      StoreTransaction tx,
      ThrottledAction action,
      @Nullable String address,
      @Nullable String account,
      Instant now) {
    Objects.requireNonNull(tx, "tx");
    for (Counter c : counters(action, address, account, now)) {
      tx.throttle().add(c.key(), 1, c.end());
    }
  }

  private static void refuseIfWaiting(ThrottledAction action, Duration wait) {
    if (!wait.isZero() && !wait.isNegative()) {
      throw new TooManyRequestsException(wait, action.key() + " throttled");
    }
  }

  /** One counter: its hashed key, its limit and when its window ends. */
  private record Counter(String key, ThrottleSettings.Limit limit, Instant end) {}

  /** The counters of an attempt in the window of {@code now}; none when throttling is off. */
  private List<Counter> counters(
      ThrottledAction action, @Nullable String address, @Nullable String account, Instant now) {
    Objects.requireNonNull(action, "action");
    List<Counter> out = new ArrayList<>(2);
    if (!settings.enabled()) {
      return out;
    }
    if (address != null && !address.isBlank()) {
      out.add(counter(action, "address", address, settings.perAddress(action), now));
    }
    if (account != null && !account.isBlank()) {
      out.add(counter(action, "account", account, settings.perAccount(action), now));
    }
    return out;
  }

  private Counter counter(
      ThrottledAction action, String scope, String who, ThrottleSettings.Limit limit, Instant now) {
    long window = limit.window().getSeconds();
    long start = Math.floorDiv(now.getEpochSecond(), window) * window;
    String normalised = who.strip().toLowerCase(Locale.ROOT);
    String key = hash(action.key() + "\n" + scope + "\n" + normalised + "\n" + start);
    return new Counter(key, limit, Instant.ofEpochSecond(start + window));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * An HMAC under the host's key, not a bare hash: an email address is easy to guess from its
   * SHA-256, not from this without the key.
   */
  private String hash(String s) {
    return HexFormat.of().formatHex(kek.mac("throttle", s.getBytes(StandardCharsets.UTF_8)));
  }
}
