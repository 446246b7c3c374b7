package dev.signon.core.transfer;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.ClientType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.store.StoreTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Checks a read {@link Document} against the store and, when nothing is wrong, writes it, all
 * within one store transaction. The checks run against the directory as it would be after the
 * import: the store with each entity the document names replaced by the document's version. {@link
 * References} resolves what the entries name, {@link Visibility} judges who may be granted an
 * application, and {@link ImportWriter} writes what passed.
 *
 * <p>Runs inside {@link dev.signon.core.store.SignonStore#transaction}, which may run it more than
 * once, so it has no effect outside the transaction and starts from scratch each time.
 */
final class Importer {
  // The order in which organisations are judged and written, where more than one could come next.
  static final Comparator<Organisation> BY_SLUG = Comparator.comparing(Organisation::slug);

  private final Document doc;
  private final StoreTransaction tx;
  private final Problems problems;

  // The store before the import.
  private final Entities inStore;
  // The document's entities, built with their references resolved, in document order.
  private final Entities fromDocument = Entities.inOrder();
  private final References refs;

  // The directory after the import.
  private final Map<OrganisationId, Organisation> orgsAfter = new HashMap<>();
  private OrganisationGraph graphAfter = OrganisationGraph.of(List.of());
  // Organisations the document names whose parents after the import are not fully known (a parent
  // is unknown, or the entry could not be built): what lies above them cannot be judged.
  private final Set<OrganisationId> vague = new HashSet<>();
  private final Map<UserId, User> usersAfter = new HashMap<>();
  private final Map<TeamId, Team> teamsAfter = new HashMap<>();
  private final Map<ApplicationId, Application> appsAfter = new HashMap<>();

  private Importer(Document doc, StoreTransaction tx, Problems problems) {
    this.doc = doc;
    this.tx = tx;
    this.problems = problems;
    this.inStore = Entities.stored(tx);
    this.refs = new References(doc, inStore, problems);
  }

  /**
   * Checks {@code doc} against the store and writes it.
   *
   * @param problems the problems already found in the document; the store's are added
   * @throws ImportRejectedException listing every problem, before anything is written
   */
  static ImportReport run(Document doc, StoreTransaction tx, Problems problems) {
    return new Importer(doc, tx, problems).run();
  }

  private ImportReport run() {
    checkOrganisations();
    checkUsers();
    checkTeams();
    checkApplications();
    Visibility after = new Visibility(graphAfter, teamsAfter, usersAfter, vague);
    checkGrants(after);
    checkStoredGrants(after);
    problems.throwIfAny();
    return ImportWriter.write(tx, fromDocument, inStore, lastSignIns());
  }

  // --- checks

  private void checkOrganisations() {
    Map<String, Organisation> storeBySlug = new HashMap<>();
    inStore.organisations().values().forEach(o -> storeBySlug.put(o.slug(), o));
    for (Document.OrganisationEntry e : doc.organisations()) {
      OrganisationId id = e.id();
      String slug = e.slug();
      if (id != null && slug != null) {
        Organisation holder = storeBySlug.get(slug);
        if (holder != null && !holder.id().equals(id)) {
          problems.add(
              Format.path(e.path(), Format.SLUG),
              "taken by another organisation (id " + holder.id() + ")");
        }
      }
      Set<OrganisationId> parents = new HashSet<>();
      boolean resolved = e.parentsRead();
      for (Located<String> p : e.parents()) {
        OrganisationId parent = refs.organisation(p);
        if (parent == null) {
          resolved = false;
        } else {
          parents.add(parent);
        }
      }
      if (id != null && !resolved) {
        vague.add(id);
      }
      Set<OrganisationId> feedParents = new HashSet<>();
      for (Located<String> p : e.feedParents()) {
        OrganisationId parent = refs.organisation(p);
        if (parent != null) {
          feedParents.add(parent);
        }
      }
      Organisation base = e.base();
      if (base != null && !fromDocument.organisations().containsKey(base.id())) {
        // With an unknown parent (reported) it still takes part in the checks, with the parents
        // that are known; being vague, it is never the reason something is judged outside.
        Organisation built =
            build(
                e.path(),
                e.complete() && resolved,
                () -> withStoredOrigin(base.toBuilder().parents(parents), feedParents));
        if (built != null) {
          fromDocument.organisations().put(built.id(), built);
        }
      }
      if (id != null && !fromDocument.organisations().containsKey(id)) {
        vague.add(id);
      }
    }
    // An organisation the document names but that could not be built keeps its stored place, if
    // any: removing it would cut what lies below it off from what lies above.
    orgsAfter.putAll(inStore.organisations());
    orgsAfter.putAll(fromDocument.organisations());
    checkCycles();
    graphAfter = OrganisationGraph.of(orgsAfter.values());
  }

  /** Reports each cycle the organisations would form, following child to parent. */
  private void checkCycles() {
    Map<OrganisationId, Integer> state = new HashMap<>(); // absent: unseen, 1: on path, 2: done
    List<Organisation> all = new ArrayList<>(orgsAfter.values());
    all.sort(BY_SLUG);
    for (Organisation start : all) {
      if (state.containsKey(start.id())) {
        continue;
      }
      List<Organisation> path = new ArrayList<>();
      List<Iterator<Organisation>> next = new ArrayList<>();
      path.add(start);
      next.add(parentsOf(start));
      state.put(start.id(), 1);
      while (!path.isEmpty()) {
        Iterator<Organisation> it = next.get(next.size() - 1);
        if (!it.hasNext()) {
          state.put(path.remove(path.size() - 1).id(), 2);
          next.remove(next.size() - 1);
          continue;
        }
        Organisation parent = it.next();
        Integer s = state.get(parent.id());
        if (s == null) {
          path.add(parent);
          next.add(parentsOf(parent));
          state.put(parent.id(), 1);
        } else if (s == 1) {
          List<String> slugs = new ArrayList<>();
          for (Organisation o : path.subList(path.indexOf(parent), path.size())) {
            slugs.add(o.slug());
          }
          slugs.add(parent.slug());
          problems.add(
              Format.path(Format.ROOT, Format.ORGANISATIONS),
              "cycle through " + String.join(" -> ", slugs));
        }
      }
    }
  }

  private Iterator<Organisation> parentsOf(Organisation o) {
    List<Organisation> parents = new ArrayList<>();
    for (OrganisationId p : o.parents()) {
      Organisation parent = orgsAfter.get(p);
      if (parent != null) {
        parents.add(parent);
      }
    }
    parents.sort(BY_SLUG);
    return parents.iterator();
  }

  private void checkUsers() {
    Map<Email, User> storeByEmail = new HashMap<>();
    inStore.users().values().forEach(u -> storeByEmail.put(u.email(), u));
    for (Document.UserEntry e : doc.users()) {
      UserId uid = e.uid();
      Email email = e.email();
      if (uid != null && email != null) {
        User holder = storeByEmail.get(email);
        if (holder != null && !holder.uid().equals(uid)) {
          problems.add(
              Format.path(e.path(), Format.EMAIL),
              "taken by another user (uid " + holder.uid() + ")");
        }
      }
      User stored = uid == null ? null : inStore.users().get(uid);
      if (stored != null && stored.apiUser() != e.apiUser()) {
        problems.add(
            Format.path(e.path(), Format.UID),
            e.apiUser()
                ? "is a person in the store, not an API user"
                : "is an API user in the store, not a person");
      }
      Located<String> orgRef = e.organisation();
      OrganisationId org = orgRef == null ? null : refs.organisation(orgRef);
      User base = e.base();
      if (base != null
          && (orgRef == null || org != null)
          && !fromDocument.users().containsKey(base.uid())) {
        User built =
            build(e.path(), e.complete(), () -> base.toBuilder().organisation(org).build());
        if (built != null) {
          fromDocument.users().put(built.uid(), built);
        }
      }
    }
    usersAfter.putAll(inStore.users());
    usersAfter.putAll(fromDocument.users());
    // Where a user could not be built, its organisation after the import is unknown: checks that
    // need it are skipped rather than judged against the stored one.
    for (Document.UserEntry e : doc.users()) {
      if (e.uid() != null && !fromDocument.users().containsKey(e.uid())) {
        usersAfter.remove(e.uid());
      }
    }
  }

  private void checkTeams() {
    for (Document.TeamEntry e : doc.teams()) {
      Located<String> orgRef = e.organisation();
      OrganisationId org = orgRef == null ? null : refs.organisation(orgRef);
      boolean membersKnown = true;
      for (Located<UserId> m : e.members()) {
        if (!refs.knowsUser(m.value())) {
          if (!doc.isOpaque(Document.Kind.USER)) {
            problems.add(m.path(), "unknown user uid " + m.value());
          }
          membersKnown = false;
        }
      }
      TeamId id = e.id();
      String name = e.name();
      if (id != null && org != null && !fromDocument.teams().containsKey(id)) {
        Set<UserId> members = values(e.members());
        members.removeIf(m -> !refs.knowsUser(m));
        Set<UserId> admins = values(e.admins());
        admins.retainAll(members);
        Team built =
            build(
                e.path(),
                e.complete() && membersKnown,
                () ->
                    Team.builder()
                        .id(id)
                        .name(name != null ? name : "unreadable")
                        .organisation(org)
                        .members(members)
                        .admins(admins)
                        .build());
        if (built != null) {
          fromDocument.teams().put(built.id(), built);
        }
      }
    }
    teamsAfter.putAll(inStore.teams());
    teamsAfter.putAll(fromDocument.teams());
    for (Document.TeamEntry e : doc.teams()) {
      if (e.id() != null && !fromDocument.teams().containsKey(e.id())) {
        teamsAfter.remove(e.id());
      }
    }
  }

  private void checkApplications() {
    Map<String, Application> storeByClientId = new HashMap<>();
    inStore.applications().values().forEach(a -> storeByClientId.put(a.clientId(), a));
    for (Document.ApplicationEntry e : doc.applications()) {
      ApplicationId id = e.id();
      String clientId = e.clientId();
      if (id != null && clientId != null) {
        Application holder = storeByClientId.get(clientId);
        if (holder != null && !holder.id().equals(id)) {
          problems.add(
              Format.path(e.path(), Format.CLIENT_ID),
              "taken by another application (id " + holder.id() + ")");
        }
      }
      Located<String> orgRef = e.organisation();
      OrganisationId org = orgRef == null ? null : refs.organisation(orgRef);
      Application base = e.base();
      if (base != null
          && (orgRef == null || org != null)
          && !fromDocument.applications().containsKey(base.id())) {
        Application stored = inStore.applications().get(base.id());
        Application built =
            build(
                e.path(),
                e.complete(),
                () ->
                    withStoredCredentials(
                        withStoredNotices(base.toBuilder().organisation(org), stored, e), stored));
        if (built != null) {
          fromDocument.applications().put(built.id(), built);
        }
      }
    }
    appsAfter.putAll(inStore.applications());
    appsAfter.putAll(fromDocument.applications());
    for (Document.ApplicationEntry e : doc.applications()) {
      if (e.id() != null && !fromDocument.applications().containsKey(e.id())) {
        appsAfter.remove(e.id());
      }
    }
  }

  /**
   * The document's organisation with which parents the register gave and whether it closed it. A
   * version 1 document says neither: the stored ones are kept (the feed parents that are still
   * parents), so an older tool's document never reopens a closed organisation.
   */
  private Organisation withStoredOrigin(
      Organisation.Builder fromDoc, Set<OrganisationId> feedParents) {
    Organisation built = fromDoc.build();
    if (doc.version() != Format.VERSION_1) {
      return fromDoc.feedParents(feedParents).build();
    }
    Organisation stored = inStore.organisations().get(built.id());
    if (stored == null) {
      return built;
    }
    return fromDoc.feedParents(stored.feedParents()).closed(stored.closed()).build();
  }

  /**
   * The document's application with what the document cannot carry taken from the stored one. A
   * secret never travels: a confidential client keeps its stored secret, and one new to the store
   * has none, so it cannot authenticate until an admin sets one (it does not become public). A
   * version 1 document says nothing of client settings at all: the stored ones are kept whole.
   */
  private Application withStoredCredentials(
      Application.Builder fromDoc, @Nullable Application stored) {
    if (stored == null) {
      return fromDoc.build();
    }
    if (doc.version() == Format.VERSION_1) {
      return fromDoc
          .clientSecretHash(stored.clientSecretHash())
          .jwks(stored.jwks())
          .jwksUri(stored.jwksUri())
          .clientType(stored.clientType())
          .idTokenSigningAlgorithm(stored.idTokenSigningAlgorithm())
          .accessTokenFormat(stored.accessTokenFormat())
          .postLogoutRedirectUris(stored.postLogoutRedirectUris())
          .build();
    }
    Application app = fromDoc.build();
    if (app.clientType() == ClientType.CONFIDENTIAL
        && stored.clientType() == ClientType.CONFIDENTIAL
        && stored.clientSecretHash() != null) {
      return fromDoc.clientSecretHash(stored.clientSecretHash()).build();
    }
    return app;
  }

  /**
   * The document's application with the stored one's notice settings (pushes, back-channel logout,
   * give-up time) when the document says nothing of them, as documents written before they
   * travelled do not.
   */
  private static Application.Builder withStoredNotices(
      Application.Builder fromDoc, @Nullable Application stored, Document.ApplicationEntry e) {
    if (stored == null || e.saysNotices()) {
      return fromDoc;
    }
    return fromDoc
        .supportsPushUpdates(stored.supportsPushUpdates())
        .pushBaseUri(stored.pushBaseUri())
        .backchannelLogout(stored.backchannelLogoutUri(), stored.backchannelLogoutSessionRequired())
        .noticeGiveUpAfter(stored.noticeGiveUpAfter());
  }

  /** When each person the document names and that is written last signed in, if it says. */
  private Map<UserId, Instant> lastSignIns() {
    Map<UserId, Instant> out = new HashMap<>();
    for (Document.UserEntry e : doc.users()) {
      Instant at = e.lastSignInAt();
      UserId uid = e.uid();
      if (at != null && uid != null && fromDocument.users().containsKey(uid)) {
        out.put(uid, at);
      }
    }
    return out;
  }

  private void checkGrants(Visibility after) {
    Map<List<Object>, Grant> storeByPair = new HashMap<>();
    inStore
        .grants()
        .values()
        .forEach(g -> storeByPair.put(List.of(g.application(), g.grantee()), g));
    for (Document.GrantEntry e : doc.grants()) {
      Located<String> appRef = e.application();
      ApplicationId appId = appRef == null ? null : refs.application(appRef);
      Located<Grantee> granteeRef = e.grantee();
      Grantee grantee = granteeRef == null ? null : refs.grantee(granteeRef);
      if (appId == null || granteeRef == null || grantee == null) {
        continue;
      }
      GrantId id = e.id();
      Grant stored = id == null ? null : inStore.grants().get(id);
      if (stored != null
          && (!stored.application().equals(appId) || !stored.grantee().equals(grantee))) {
        problems.add(
            e.path(),
            "grant "
                + id
                + " is stored for another application or grantee; a grant's application and"
                + " grantee never change, so give the new one a new id");
      }
      Grant other = storeByPair.get(List.of(appId, grantee));
      if (other != null && !other.id().equals(id)) {
        problems.add(
            e.path(),
            "the "
                + (grantee instanceof Grantee.ToTeam ? "team" : "user")
                + " already has a grant of this application, "
                + other.id());
      }
      Application app = appsAfter.get(appId);
      if (app != null) {
        for (Located<String> r : e.roles()) {
          if (!app.hasRole(r.value())) {
            problems.add(r.path(), noRole(app, r.value()));
          }
        }
        String invisible = after.refusal(app, grantee);
        if (invisible != null) {
          problems.add(granteeRef.path(), invisible);
        }
      }
      if (e.complete() && id != null && !fromDocument.grants().containsKey(id)) {
        fromDocument.grants().put(id, new Grant(id, appId, grantee, values(e.roles())));
      }
    }
  }

  /**
   * Reports stored grants the document does not name that were sound before the import and would
   * not be after it: an application losing a role they give, or a change of organisations that puts
   * their grantee outside the application's organisation.
   */
  private void checkStoredGrants(Visibility after) {
    Visibility before =
        new Visibility(
            OrganisationGraph.of(inStore.organisations().values()),
            inStore.teams(),
            inStore.users(),
            Set.of());
    Set<GrantId> docGrantIds = new HashSet<>();
    for (Document.GrantEntry e : doc.grants()) {
      if (e.id() != null) {
        docGrantIds.add(e.id());
      }
    }
    for (Grant g : inStore.grants().values()) {
      if (docGrantIds.contains(g.id())) {
        continue;
      }
      Application appBefore = inStore.applications().get(g.application());
      Application appAfter = appsAfter.get(g.application());
      if (appBefore == null
          || appAfter == null
          || missingRole(g, appBefore) != null
          || before.refusal(appBefore, g.grantee()) != null) {
        continue; // already unsound: not this document's doing
      }
      String missing = missingRole(g, appAfter);
      String invisible = after.refusal(appAfter, g.grantee());
      if (missing == null && invisible == null) {
        continue;
      }
      String appPath = refs.pathOf(appAfter.id());
      String granteePath = refs.pathOf(g.grantee());
      // Point at what the document changed: the application's roles or owner, else the grantee's
      // organisation, else the organisation graph.
      boolean ownerMoved = !Objects.equals(appBefore.organisation(), appAfter.organisation());
      String path;
      if (appPath != null && missing != null) {
        path = Format.path(appPath, Format.ROLES);
      } else if (appPath != null && ownerMoved) {
        path = Format.path(appPath, Format.ORGANISATION);
      } else if (granteePath != null) {
        path = Format.path(granteePath, Format.ORGANISATION);
      } else {
        path = Format.path(Format.ROOT, Format.ORGANISATIONS);
      }
      problems.add(
          path,
          "would break stored grant "
              + g.id()
              + " (not in this document): "
              + (missing != null ? missing : invisible));
    }
  }

  private static @Nullable String missingRole(Grant g, Application app) {
    for (String r : new TreeSet<>(g.roles())) {
      if (!app.hasRole(r)) {
        return noRole(app, r);
      }
    }
    return null;
  }

  private static String noRole(Application app, String role) {
    return "application " + app.clientId() + " has no role " + role;
  }

  /**
   * Builds with the domain's rules. A refusal is recorded at {@code path} when the entry was {@code
   * clean} (read and resolved without a problem); otherwise it stems from a problem already
   * recorded.
   */
  private <T> @Nullable T build(String path, boolean clean, Supplier<T> builder) {
    try {
      return builder.get();
    } catch (InvalidInputException e) {
      if (clean) {
        problems.add(path, String.valueOf(e.getMessage()));
      }
      return null;
    }
  }

  private static <T> Set<T> values(List<Located<T>> located) {
    Set<T> out = new HashSet<>();
    located.forEach(l -> out.add(l.value()));
    return out;
  }
}
