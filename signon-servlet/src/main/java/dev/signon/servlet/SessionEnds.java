package dev.signon.servlet;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * The filter's record of which sessions to end, written when a back-channel logout or a gds-sso
 * reauth (or suspension) push arrives and read on every signed-in request. The container keeps the
 * sessions, so a notice cannot reach them directly: it is recorded here under a name of the person
 * or session, and each session is checked against it at its next request.
 *
 * <p>{@link InMemorySessionEnds} (the default) serves one instance of the app. With several, give
 * every instance the same {@link JdbcSessionEnds} so that a notice received by one ends the
 * person's sessions on all of them.
 *
 * <pre>{@code
 * SignonFilter filter = SignonFilter.builder(client)
 *     .sessionEnds(JdbcSessionEnds.create(dataSource))
 *     .build();
 * }</pre>
 *
 * <p>Names are opaque strings the filter makes, such as {@code sub:} and the subject, {@code uid:}
 * and the host's uid, or {@code sid:} and the provider's session id. Implementations must be
 * thread-safe and keep, for each name, the latest instant recorded.
 */
public interface SessionEnds {

  /**
   * Records that every session known by {@code name} that began before {@code at} has ended; an
   * earlier instant than one already recorded for the name changes nothing.
   *
   * @throws RelyingStoreException if the store fails
   */
  void end(String name, Instant at);

  /**
   * The latest end recorded for any of {@code names}, if any is still kept.
   *
   * @throws RelyingStoreException if the store fails
   */
  Optional<Instant> lastEnd(Collection<String> names);

  /**
   * Forgets the ends recorded before {@code horizon}, so the record does not grow forever; the
   * filter calls it now and then with its retention (24 hours) before its clock's now.
   *
   * @throws RelyingStoreException if the store fails
   */
  void forgetBefore(Instant horizon);
}
