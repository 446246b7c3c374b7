package dev.signon.core.transfer;

import dev.signon.core.access.Grant;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.store.StoreTransaction;
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
 * before those that refer to them, as the store requires.
 */
final class ImportWriter {
  private ImportWriter() {}

  /**
   * Writes {@code document} over {@code stored}, what the store held before, and counts what
   * changed.
   */
  static ImportReport write(StoreTransaction tx, Entities document, Entities stored) {
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
