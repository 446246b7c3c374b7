package dev.signon.core.store;

/**
 * How strictly a {@linkplain SignonStore#transaction(Isolation, java.util.function.Function)
 * transaction} is kept apart from concurrent ones. A store may always run a transaction more
 * strictly than asked (the in-memory store runs every transaction alone).
 */
public enum Isolation {
  /**
   * As if no other transaction ran at the same time. For work whose rule rests on what it read
   * staying true until it commits (the last superadmin is not removed, an organisation graph gets
   * no cycle). The default of {@link SignonStore#transaction(java.util.function.Function)}.
   */
  SERIALIZABLE,

  /**
   * Each statement sees what was committed when it started. Enough for reads, for writes of rows of
   * their own (a new token), and for a change decided by one conditional statement that the
   * database applies to the latest committed row under its lock (a code redeemed by {@code UPDATE
   * ... WHERE consumed_at IS NULL}).
   */
  READ_COMMITTED
}
