package dev.signon.core.admin;

import dev.signon.core.account.AccountEvents;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import java.util.Objects;

/**
 * Emails a person their invitation and records it: {@link AuditEventType#INVITATION_SENT} the first
 * time, {@link AuditEventType#INVITATION_RESENT} after. The event is written once the email has
 * been handed over, so the log never claims an invitation that did not go out.
 */
final class Invitations {
  /** How far back the log is read to tell a first invitation from a repeated one. */
  private static final int HISTORY = 500;

  private final AdminTransactions transactions;
  private final AccountEvents events;

  Invitations(AdminTransactions transactions, AccountEvents events) {
    this.transactions = transactions;
    this.events = Objects.requireNonNull(events, "events");
  }

  /** Emails {@code person} (an invited account) an invitation link, then audits it. */
  void send(Actor actor, User person) {
    events.invited(person);
    transactions.write(
        actor,
        c -> {
          boolean before =
              c.tx.audit().listBySubject(person.uid(), HISTORY).stream()
                  .map(AuditEvent::type)
                  .anyMatch(
                      t ->
                          t == AuditEventType.INVITATION_SENT
                              || t == AuditEventType.INVITATION_RESENT);
          c.audit(
              before ? AuditEventType.INVITATION_RESENT : AuditEventType.INVITATION_SENT,
              person.uid(),
              null,
              null,
              "");
          return null;
        });
  }
}
