package dev.signon.core.store.memory;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.AuditStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The audit log, newest first in the order events were appended. */
final class InMemoryAuditStore extends InMemoryAggregateStore implements AuditStore {
  InMemoryAuditStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void append(AuditEvent event) {
    tx.checkOpen();
    data.audit.add(event);
    tx.onUndo(() -> data.audit.remove(data.audit.size() - 1));
  }

  @Override
  public Optional<AuditEvent> find(UUID id) {
    tx.checkOpen();
    return data.audit.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  @Override
  public List<AuditEvent> listBySubject(UserId subject, int limit) {
    tx.checkOpen();
    return newestFirst(
        data.audit.stream().filter(e -> subject.equals(e.subject())).toList(), limit);
  }

  @Override
  public List<AuditEvent> listRecent(int limit) {
    tx.checkOpen();
    return newestFirst(data.audit, limit);
  }

  private static List<AuditEvent> newestFirst(List<AuditEvent> events, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
    List<AuditEvent> out = new ArrayList<>();
    for (int i = events.size() - 1; i >= 0 && out.size() < limit; i--) {
      out.add(events.get(i));
    }
    return out;
  }
}
