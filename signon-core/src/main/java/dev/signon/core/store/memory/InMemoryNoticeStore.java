package dev.signon.core.store.memory;

import dev.signon.core.directory.UserId;
import dev.signon.core.notify.Notice;
import dev.signon.core.notify.SessionUse;
import dev.signon.core.store.NoticeStore;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The outbox and the session uses. Transactions of the in-memory store run one at a time, so a
 * claim is never contended; the claim's expiry still keeps a notice from being sent twice while one
 * delivery is under way.
 */
final class InMemoryNoticeStore extends InMemoryAggregateStore implements NoticeStore {
  InMemoryNoticeStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(Notice n) {
    requireAbsent(data.notices, n.id(), "notice id is taken");
    long position = data.noticePositions.incrementAndGet();
    tx.put(
        data.notices,
        n.id(),
        new InMemoryData.StoredNotice(
            new Notice(
                n.id(),
                position,
                n.kind(),
                n.user(),
                n.application(),
                n.sid(),
                n.createdAt(),
                n.dueAt(),
                n.attempts()),
            null));
  }

  @Override
  public List<Notice> claim(Instant now, Instant claimedUntil, int limit) {
    tx.checkOpen();
    Set<String> streams = new HashSet<>();
    List<Notice> claimed = new ArrayList<>();
    for (InMemoryData.StoredNotice s : sorted()) {
      Notice n = s.notice();
      if (!streams.add(n.user() + "/" + n.application())) {
        continue; // not the first of its stream
      }
      Instant claim = s.claimedUntil();
      if (claimed.size() < limit
          && !n.dueAt().isAfter(now)
          && (claim == null || !claim.isAfter(now))) {
        tx.put(data.notices, n.id(), new InMemoryData.StoredNotice(n, claimedUntil));
        claimed.add(n);
      }
    }
    return claimed;
  }

  @Override
  public boolean retry(Notice notice) {
    InMemoryData.StoredNotice s = data.notices.get(notice.id());
    if (s == null) {
      return false;
    }
    tx.put(
        data.notices,
        notice.id(),
        new InMemoryData.StoredNotice(
            new Notice(
                notice.id(),
                s.notice().position(),
                notice.kind(),
                notice.user(),
                notice.application(),
                notice.sid(),
                notice.createdAt(),
                notice.dueAt(),
                notice.attempts()),
            null));
    return true;
  }

  @Override
  public boolean delete(UUID id) {
    return tx.remove(data.notices, id);
  }

  @Override
  public List<Notice> list(int limit) {
    tx.checkOpen();
    return sorted().stream().map(InMemoryData.StoredNotice::notice).limit(limit).toList();
  }

  @Override
  public void recordUse(SessionUse use) {
    requireAbsent(data.sessionUses, use.family(), "session use is recorded already");
    tx.put(data.sessionUses, use.family(), use);
  }

  @Override
  public Optional<SessionUse> findUse(UUID family) {
    return tx.get(data.sessionUses, family);
  }

  @Override
  public List<SessionUse> usesOfSession(TokenHash session) {
    return uses(u -> u.session().equals(session), Integer.MAX_VALUE);
  }

  @Override
  public List<SessionUse> usesOfUser(UserId user) {
    return uses(u -> u.user().equals(user), Integer.MAX_VALUE);
  }

  @Override
  public List<SessionUse> usesOfEndedSessions(int limit) {
    return uses(u -> !data.sessions.containsKey(u.session()), limit);
  }

  @Override
  public int forgetUses(Collection<UUID> families) {
    int n = 0;
    for (UUID f : families) {
      if (tx.remove(data.sessionUses, f)) {
        n++;
      }
    }
    return n;
  }

  private List<InMemoryData.StoredNotice> sorted() {
    List<InMemoryData.StoredNotice> all = new ArrayList<>(data.notices.values());
    all.sort(Comparator.comparingLong(s -> s.notice().position()));
    return all;
  }

  private List<SessionUse> uses(Predicate<SessionUse> which, int limit) {
    tx.checkOpen();
    return data.sessionUses.values().stream()
        .filter(which)
        .sorted(Comparator.comparing(SessionUse::usedAt))
        .limit(limit)
        .toList();
  }
}
