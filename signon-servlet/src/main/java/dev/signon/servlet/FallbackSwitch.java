package dev.signon.servlet;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The operator's switch for the fallback sign-in by email link, read by {@link SignonFilter} while
 * it runs, so turning it on or off needs no restart. Pick the source an operator can reach during
 * an outage:
 *
 * <ul>
 *   <li>{@link #flagFile} — a file whose presence turns the fallback on; on Kubernetes, a key of a
 *       ConfigMap mounted as a volume reaches every pod without a restart.
 *   <li>{@link #manual} — switched from code: an admin page, a message listener, a scheduled job.
 *   <li>{@link #of} — any setting the app reads at run time, such as a Spring property.
 *   <li>{@link #environmentVariable} — the old way: a running JVM never sees its environment
 *       change, so it switches only at the next start. Kept for apps that already use it.
 * </ul>
 *
 * <pre>{@code
 * SignonFilter filter = SignonFilter.builder(client)
 *     .fallback(accounts, emailSender)
 *     .fallbackSwitch(FallbackSwitch.flagFile(Path.of("/etc/signon/fallback"), Duration.ofSeconds(10))
 *         .or(FallbackSwitch.environmentVariable("AUTHENTICATION_FALLBACK_FOR_JOBSEEKERS")))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface FallbackSwitch {

  /**
   * Whether the fallback is switched on now. Called on requests that may need sign-in, so it must
   * be cheap; an implementation that reads something slow caches it for a while by {@code now}.
   *
   * @param now the filter's clock
   */
  boolean isOn(Instant now);

  /**
   * On while either switch is on; its {@link #toString()} names the one that was on at the last
   * check, which the audit event gives as the reason.
   */
  default FallbackSwitch or(FallbackSwitch other) {
    return new Switches.Either(this, Objects.requireNonNull(other, "other"));
  }

  /**
   * A switch over a setting the app reads at run time, such as a property.
   *
   * @param name what to call it in the log and the audit events, such as {@code property
   *     signon.filter.fallback.enabled}
   */
  static FallbackSwitch of(String name, BooleanSupplier setting) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(setting, "setting");
    return new Switches.Named(name, now -> setting.getAsBoolean());
  }

  /**
   * On while {@code file} exists and does not say {@code false}, {@code off}, {@code no} or {@code
   * 0}: {@code touch} it to switch on, remove it to switch off. The file is looked at no more often
   * than {@code checkEvery} (by the filter's clock), so a request pays for one {@code stat} at most
   * that often; a file that cannot be read counts as off.
   *
   * @throws IllegalArgumentException if {@code checkEvery} is negative or above one hour
   */
  static FallbackSwitch flagFile(Path file, Duration checkEvery) {
    return new Switches.FlagFile(file, checkEvery);
  }

  /** A switch turned on and off from code, starting off; thread-safe. */
  static ManualFallbackSwitch manual() {
    return new ManualFallbackSwitch();
  }

  /**
   * On while the environment variable {@code name} is {@code true}, {@code on}, {@code yes} or
   * {@code 1}. A running JVM never sees its environment change: prefer {@link #flagFile} or a
   * property, which switch without a restart.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  static FallbackSwitch environmentVariable(String name) {
    return environmentVariable(name, System::getenv);
  }

  /**
   * On while {@code environment} gives {@code true}, {@code on}, {@code yes} or {@code 1} for
   * {@code name}; for tests, or a source shaped like the environment.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  static FallbackSwitch environmentVariable(
      String name, Function<String, @Nullable String> environment) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return new Switches.Named(
        "environment variable " + name, now -> Switches.switchedOn(environment.apply(name)));
  }
}
