package dev.signon.core.transfer;

import dev.signon.core.access.Grant;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.StoreTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes a checked document's entities by id: each one the store lacks is inserted, each one that
 * differs from the stored one is updated, and the rest are left alone. Referenced entities go
 * before those that refer to them, as the store requires. A person's last sign-in, kept with their
 * credentials, moves forward to the document's when that is later; a person whose only change is
 * that counts as updated.
 */
final class ImportWriter {
  private ImportWriter() {}

  /**
   * Writes {@code document} over {@code stored}, what the store held before, and counts what
   * changed.
   *
   * @param lastSignIns when people the document names last signed in, as it says
   */
  static ImportReport write(
      StoreTransaction tx, Entities document, Entities stored, Map<UserId, Instant> lastSignIns) {
    ImportReport.Counts orgCounts =
        write(
            parentsFirst(document.organisations()),
            Organisation::id,
            stored.organisations(),
            tx.organisations()::insert,
            tx.organisations()::update);
    // People and API users before teams, which list them as members.
    ImportReport.Counts userCounts =
        write(
            document.users().values().stream().filter(u -> !u.apiUser()).toList(),
            User::uid,
            stored.users(),
            tx.users()::insert,
            tx.users()::update);
    int signInsOnly = 0;
    for (Map.Entry<UserId, Instant> e : lastSignIns.entrySet()) {
      User old = stored.users().get(e.getKey());
      boolean userWritten = old == null || !old.equals(document.users().get(e.getKey()));
      if (moveLastSignIn(tx, e.getKey(), e.getValue()) && !userWritten) {
        signInsOnly++;
      }
    }
    userCounts =
        new ImportReport.Counts(
            userCounts.created(),
            userCounts.updated() + signInsOnly,
            userCounts.unchanged() - signInsOnly);
    ImportReport.Counts apiUserCounts =
        write(
            document.users().values().stream().filter(User::apiUser).toList(),
            User::uid,
            stored.users(),
            tx.users()::insert,
            tx.users()::update);
    ImportReport.Counts teamCounts =
        write(
            document.teams().values(),
            Team::id,
            stored.teams(),
            tx.teams()::insert,
            tx.teams()::update);
    ImportReport.Counts appCounts =
        write(
            document.applications().values(),
            Application::id,
            stored.applications(),
            tx.applications()::insert,
            tx.applications()::update);
    ImportReport.Counts grantCounts =
        write(
            document.grants().values(),
            Grant::id,
            stored.grants(),
            tx.grants()::insert,
            tx.grants()::update);
    return new ImportReport(
        orgCounts, teamCounts, userCounts, apiUserCounts, appCounts, grantCounts);
  }

  /**
   * Moves {@code user}'s last sign-in forward to {@code at}, unless the store already knows a later
   * one (they signed in here since): the inactivity rule counts from it, and a sync must not make
   * active people look idle. Reminders already sent are forgotten, as at a sign-in.
   *
   * @return whether anything was written
   */
  private static boolean moveLastSignIn(StoreTransaction tx, UserId user, Instant at) {
    UserCredentials c = tx.credentials().find(user).orElse(UserCredentials.none(user));
    Instant known = c.lastSignInAt();
    if (known != null && !known.isBefore(at)) {
      return false;
    }
    tx.credentials().save(c.copy().lastSignInAt(at).remindersSent(List.of()).build());
    return true;
  }

  private static <K, V> ImportReport.Counts write(
      Collection<V> entities,
      Function<V, K> id,
      Map<K, V> stored,
      Consumer<V> insert,
      Consumer<V> update) {
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    for (V entity : entities) {
      V old = stored.get(id.apply(entity));
      if (old == null) {
        insert.accept(entity);
        created++;
      } else if (!old.equals(entity)) {
        update.accept(entity);
        updated++;
      } else {
        unchanged++;
      }
    }
    return new ImportReport.Counts(created, updated, unchanged);
  }

  /**
   * The document's organisations with every parent before its children (the store refuses a parent
   * it does not hold yet); among those ready at once, by slug.
   */
  private static List<Organisation> parentsFirst(Map<OrganisationId, Organisation> orgs) {
    Map<OrganisationId, Integer> waitingFor = new HashMap<>();
    Map<OrganisationId, List<Organisation>> children = new HashMap<>();
    PriorityQueue<Organisation> ready = new PriorityQueue<>(Importer.BY_SLUG);
    for (Organisation o : orgs.values()) {
      int waiting = 0;
      for (OrganisationId p : o.parents()) {
        if (orgs.containsKey(p)) {
          waiting++;
          children.computeIfAbsent(p, k -> new ArrayList<>()).add(o);
        }
      }
      waitingFor.put(o.id(), waiting);
      if (waiting == 0) {
        ready.add(o);
      }
    }
    List<Organisation> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      Organisation o = ready.remove();
      out.add(o);
      for (Organisation child : children.getOrDefault(o.id(), List.of())) {
        int left = Objects.requireNonNull(waitingFor.get(child.id())) - 1;
        waitingFor.put(child.id(), left);
        if (left == 0) {
          ready.add(child);
        }
      }
    }
    if (out.size() != orgs.size()) {
      // Refused by the check for cycles.
      throw new IllegalStateException("organisations form a cycle");
    }
    return out;
  }
}
