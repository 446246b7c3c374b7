package dev.signon.core.store;

import dev.signon.core.directory.UserId;
import dev.signon.core.notify.Notice;
import dev.signon.core.notify.SessionUse;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox of notices to relying applications, and which applications each host session was used
 * for. Shared by every host instance: a notice claimed by one is not claimed by another until its
 * claim lapses.
 */
public interface NoticeStore {
  /**
   * Adds a notice at the end of the outbox; the store gives its position.
   *
   * @throws dev.signon.core.error.ConflictException if the id is taken
   */
  void insert(Notice notice);

  /**
   * Claims up to {@code limit} notices until {@code claimedUntil}: each is due at {@code now},
   * unclaimed (or its claim lapsed), and first of its person and application, so that a stream of
   * notices is delivered in order. Rows another transaction holds are skipped, not waited for, so
   * two host instances claiming at once get different notices.
   *
   * @return the claimed notices, by position
   */
  List<Notice> claim(Instant now, Instant claimedUntil, int limit);

  /**
   * Stores a notice's failed attempt and releases its claim (same id).
   *
   * @return whether it was still in the outbox
   */
  boolean retry(Notice notice);

  /**
   * Removes a notice: delivered, or given up.
   *
   * @return whether it was in the outbox
   */
  boolean delete(UUID id);

  /** Up to {@code limit} notices in the outbox, by position. */
  List<Notice> list(int limit);

  /**
   * Records that a session was used to sign in to an application.
   *
   * @throws dev.signon.core.error.ConflictException if the family is recorded already (a store that
   *     holds the row back to send it with a later statement throws it then, from that statement or
   *     from the transaction's end)
   */
  void recordUse(SessionUse use);

  /** The use recorded for the token family {@code family}, if any. */
  Optional<SessionUse> findUse(UUID family);

  /** The uses of the host session {@code session}. */
  List<SessionUse> usesOfSession(TokenHash session);

  /** The uses of every session of {@code user}. */
  List<SessionUse> usesOfUser(UserId user);

  /** Up to {@code limit} uses whose host session no longer exists. */
  List<SessionUse> usesOfEndedSessions(int limit);

  /**
   * Forgets the uses of these token families.
   *
   * @return how many were forgotten
   */
  int forgetUses(Collection<UUID> families);
}
