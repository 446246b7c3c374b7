package dev.signon.core.admin;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin read of the audit log, newest first, answering only about what the actor may see: an
 * event that happened to a person is seen by those who may see that person in the list of users
 * ({@link dev.signon.core.access.AdminPolicy#maySee}); an event that happened to no person (an
 * organisation, team or application changed, a directory imported) by superadmins and admins only.
 * Normal users may not read the log at all.
 *
 * <p>The filters run in memory over the newest {@value #MAX_SCANNED} events, which suits a host's
 * log of some months; a query in the store is the next step for longer ones.
 */
final class EventQueries {
  /** The most events a search looks through. */
  static final int MAX_SCANNED = 100_000;

  private final AdminTransactions transactions;

  EventQueries(AdminTransactions transactions) {
    this.transactions = transactions;
  }

  Page<AuditEvent> search(Actor actor, EventSearch search) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkListUsers(c.actor);
          Map<UserId, Boolean> seen = new HashMap<>();
          List<AuditEvent> found = new ArrayList<>();
          for (AuditEvent e : c.tx.audit().listRecent(MAX_SCANNED)) {
            if (matches(e, search) && sees(c, e, seen)) {
              found.add(e);
            }
          }
          return Page.of(found, search.page(), search.pageSize());
        });
  }

  private static boolean matches(AuditEvent e, EventSearch s) {
    Instant from = s.from();
    Instant to = s.to();
    UserId subject = s.subject();
    UserId initiator = s.initiator();
    return (s.type() == null || e.type() == s.type())
        && (subject == null || subject.equals(e.subject()))
        && (initiator == null || initiator.equals(e.initiator()))
        && (from == null || !e.occurredAt().isBefore(from))
        && (to == null || e.occurredAt().isBefore(to));
  }

  private static boolean sees(AdminContext c, AuditEvent e, Map<UserId, Boolean> seen) {
    UserId subject = e.subject();
    if (subject == null) {
      return c.actor.role() == UserRole.SUPERADMIN || c.actor.role() == UserRole.ADMIN;
    }
    return seen.computeIfAbsent(
        subject,
        uid -> {
          User u = c.tx.users().find(uid).orElse(null);
          return u != null && c.policy.maySee(c.actor, u);
        });
  }
}
