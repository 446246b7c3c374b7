package dev.signon.core.orgfeed;

import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.internal.Ids;
import dev.signon.core.store.OrganisationStore;
import dev.signon.core.store.SignonStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the host's organisations in line with an {@link OrganisationFeed}.
 *
 * <ul>
 *   <li>An organisation is found by the register's content id, else by slug; one found neither way
 *       is created. Its name, slug and closed state follow the register.
 *   <li>Nothing is deleted: a closed organisation is marked closed, and one the register no longer
 *       lists is left as it is.
 *   <li>Parent links the feed made are replaced by the register's; links an admin added locally are
 *       kept through every refresh (GOV.UK Signon's manual fix "will reset when the organisations
 *       are imported from Whitehall"; here it does not). A feed link that would make a cycle with
 *       local links is skipped and reported.
 * </ul>
 *
 * <p>The whole register is read before anything is written, and everything is written in one
 * transaction: a register that fails half-way changes nothing. Running on several host instances at
 * once is safe (the store serializes the transactions and the result is the same).
 *
 * <pre>{@code
 * FeedSyncResult result = OrganisationFeedSync.of(store, random).run(feed);
 * }</pre>
 */
public final class OrganisationFeedSync {
  private static final Logger log = LoggerFactory.getLogger(OrganisationFeedSync.class);

  /** More pages than any register of organisations has; a feed that goes on is refused. */
  static final int MAX_PAGES = 1_000;

  private final SignonStore store;
  private final SecureRandom random;

  private OrganisationFeedSync(SignonStore store, SecureRandom random) {
    this.store = store;
    this.random = random;
  }

  /** A sync writing to {@code store}, drawing new organisation ids from {@code random}. */
  public static OrganisationFeedSync of(SignonStore store, SecureRandom random) {
    return new OrganisationFeedSync(
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(random, "random"));
  }

  /**
   * Reads every page of {@code feed} and applies it.
   *
   * @throws SignonFailureException when the feed cannot be read, repeats a page or never ends;
   *     nothing is written then
   * @throws dev.signon.core.error.StorageException when the store cannot be reached
   */
  public FeedSyncResult run(OrganisationFeed feed) {
    Objects.requireNonNull(feed, "feed");
    List<FeedOrganisation> records = readAll(feed);
    FeedSyncResult result = store.transaction(tx -> new Run(tx.organisations()).apply(records));
    log.info(
        "organisation feed: {} read, {} created, {} updated, {} closed, {} skipped",
        result.read(),
        result.created(),
        result.updated(),
        result.closed(),
        result.problems().size());
    for (String problem : result.problems()) {
      log.warn("organisation feed: {}", problem);
    }
    return result;
  }

  private static List<FeedOrganisation> readAll(OrganisationFeed feed) {
    List<FeedOrganisation> records = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    @Nullable String next = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      FeedPage p = Objects.requireNonNull(feed.read(next), "feed page");
      records.addAll(p.organisations());
      next = p.next();
      if (next == null) {
        return records;
      }
      if (!seen.add(next)) {
        throw new SignonFailureException(
            "server_error", "organisation feed repeats a page: " + next, null);
      }
    }
    throw new SignonFailureException(
        "server_error", "organisation feed has more than " + MAX_PAGES + " pages", null);
  }

  /** One application of the register inside a transaction; rerun whole if the store retries. */
  private final class Run {
    private final OrganisationStore organisations;
    private final Map<OrganisationId, Organisation> byId = new LinkedHashMap<>();
    private final Map<String, OrganisationId> bySlug = new HashMap<>();
    private final Map<UUID, OrganisationId> byContentId = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<OrganisationId> updated = new HashSet<>();
    private int created;
    private int closed;

    Run(OrganisationStore organisations) {
      this.organisations = organisations;
      for (Organisation o : organisations.list()) {
        remember(o);
      }
    }

    private void remember(Organisation o) {
      Organisation before = byId.put(o.id(), o);
      if (before != null) {
        bySlug.remove(before.slug());
      }
      bySlug.put(o.slug(), o.id());
      byContentId.put(o.contentId(), o.id());
    }

    FeedSyncResult apply(List<FeedOrganisation> records) {
      Map<OrganisationId, FeedOrganisation> applied = new LinkedHashMap<>();
      for (FeedOrganisation record : records) {
        OrganisationId id = upsert(record);
        if (id != null && applied.putIfAbsent(id, record) != null) {
          problems.add(record.slug() + ": listed twice; the first is used");
        }
      }
      applied.forEach(this::linkParents);
      return new FeedSyncResult(records.size(), created, updated.size(), closed, problems);
    }

    /** Creates or updates the organisation itself; its parents come once every record is in. */
    private @Nullable OrganisationId upsert(FeedOrganisation record) {
      OrganisationId id = byContentId.get(record.contentId());
      if (id == null) {
        id = bySlug.get(record.slug());
      }
      OrganisationId slugHolder = bySlug.get(record.slug());
      if (id != null && slugHolder != null && !slugHolder.equals(id)) {
        problems.add(record.slug() + ": slug is another organisation's; not applied");
        return null;
      }
      try {
        if (id == null) {
          Organisation o =
              Organisation.builder()
                  .id(new OrganisationId(Ids.randomUuid(random)))
                  .slug(record.slug())
                  .name(record.title())
                  .contentId(record.contentId())
                  .closed(record.closed())
                  .build();
          organisations.insert(o);
          remember(o);
          created++;
          return o.id();
        }
        Organisation before = Objects.requireNonNull(byId.get(id));
        Organisation after =
            before.toBuilder()
                .slug(record.slug())
                .name(record.title())
                .contentId(record.contentId())
                .closed(record.closed())
                .build();
        save(before, after);
        if (after.closed() && !before.closed()) {
          closed++;
        }
        return id;
      } catch (InvalidInputException e) {
        problems.add(record.slug() + ": " + e.getMessage() + "; not applied");
        return null;
      }
    }

    /** Replaces the feed's parent links, keeping the local ones. */
    private void linkParents(OrganisationId id, FeedOrganisation record) {
      Organisation before = Objects.requireNonNull(byId.get(id));
      Set<OrganisationId> local = new LinkedHashSet<>(before.parents());
      local.removeAll(before.feedParents());
      Set<OrganisationId> feed = new LinkedHashSet<>();
      for (String slug : record.parentSlugs()) {
        OrganisationId parent = bySlug.get(slug);
        if (parent == null) {
          problems.add(record.slug() + ": parent " + slug + " is not known; link skipped");
        } else if (!before.parents().contains(parent) && !canLink(id, parent)) {
          problems.add(record.slug() + ": parent " + slug + " would make a cycle; link skipped");
        } else {
          feed.add(parent);
        }
      }
      Set<OrganisationId> parents = new LinkedHashSet<>(local);
      parents.addAll(feed);
      save(before, before.toBuilder().parents(parents).feedParents(feed).build());
    }

    private boolean canLink(OrganisationId child, OrganisationId parent) {
      try {
        OrganisationGraph.of(byId.values()).checkCanLink(child, parent);
        return true;
      } catch (InvalidInputException e) {
        return false;
      }
    }

    private void save(Organisation before, Organisation after) {
      if (!after.equals(before)) {
        organisations.update(after);
        remember(after);
        updated.add(after.id());
      }
    }
  }
}
