package dev.signon.core.store;

import java.time.Instant;

/**
 * Remembers keys that may be used only once until they expire: a client assertion's {@code jti}, a
 * TOTP code within its window, a sign-in link. Claiming is one atomic step, so of any number of
 * concurrent callers on any number of host instances exactly one succeeds.
 */
public interface OneTimeUseStore {
  /**
   * Claims {@code key} until {@code expiresAt}.
   *
   * @return true if this call claimed it; false if it was claimed before and has not expired
   */
  boolean claim(String key, Instant expiresAt);

  /**
   * Forgets up to {@code limit} keys that expired before {@code before}.
   *
   * @return how many were forgotten
   */
  int purgeExpired(Instant before, int limit);
}
