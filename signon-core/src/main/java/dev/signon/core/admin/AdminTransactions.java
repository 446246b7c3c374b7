package dev.signon.core.admin;

import dev.signon.core.internal.Ids;
import dev.signon.core.store.SignonStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one way an admin operation runs: load the actor, check the policy, change the store and write
 * the audit event, all in one transaction, so a refused or failed operation leaves no trace but its
 * exception.
 */
final class AdminTransactions {
  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;

  AdminTransactions(SignonStore store, Clock clock, SecureRandom random) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Runs {@code work} for {@code actor} in one transaction; see {@link AdminContext}. */
  <T> T write(Actor actor, Function<AdminContext, T> work) {
    Objects.requireNonNull(actor, "actor");
    return store.transaction(
        tx -> work.apply(new AdminContext(tx, actor, clock.instant(), random)));
  }

  /** Checks that {@code actor} is a superadmin (or the host), changing nothing. */
  void checkSuperadmin(Actor actor, String what) {
    write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, what);
          return null;
        });
  }

  SignonStore store() {
    return store;
  }

  SecureRandom random() {
    return random;
  }

  UUID uuid() {
    return Ids.randomUuid(random);
  }
}
