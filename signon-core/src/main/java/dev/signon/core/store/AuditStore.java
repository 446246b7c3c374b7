package dev.signon.core.store;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.UserId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Keeps the audit log. Entries are only ever appended. */
public interface AuditStore {
  /** Appends an entry. */
  void append(AuditEvent event);

  /** The entry with this id; an import uses it to add each event of another system once. */
  Optional<AuditEvent> find(UUID id);

  /** The newest {@code limit} entries whose subject is {@code subject}, newest first. */
  List<AuditEvent> listBySubject(UserId subject, int limit);

  /** The newest {@code limit} entries, newest first. */
  List<AuditEvent> listRecent(int limit);
}
