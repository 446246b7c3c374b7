package dev.signon.core.store;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.UserId;
import java.util.List;

/** Keeps the audit log. Entries are only ever appended. */
public interface AuditStore {
  /** Appends an entry. */
  void append(AuditEvent event);

  /** The newest {@code limit} entries whose subject is {@code subject}, newest first. */
  List<AuditEvent> listBySubject(UserId subject, int limit);

  /** The newest {@code limit} entries, newest first. */
  List<AuditEvent> listRecent(int limit);
}
