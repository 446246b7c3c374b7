package dev.signon.core.transfer;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Checks a read {@link Document} against the store and, when nothing is wrong, writes it, all
 * within one store transaction. The checks run against the directory as it would be after the
 * import: the store with each entity the document names replaced by the document's version.
 *
 * <p>Runs inside {@link dev.signon.core.store.SignonStore#transaction}, which may run it more than
 * once, so it has no effect outside the transaction and starts from scratch each time.
 */
final class Importer {
  private static final Comparator<Organisation> BY_SLUG = Comparator.comparing(Organisation::slug);

  private final Document doc;
  private final StoreTransaction tx;
  private final Problems problems;

  // The store before the import.
  private final Map<OrganisationId, Organisation> storeOrgs = new HashMap<>();
  private final Map<UserId, User> storeUsers = new HashMap<>();
  private final Map<TeamId, Team> storeTeams = new HashMap<>();
  private final Map<ApplicationId, Application> storeApps = new HashMap<>();
  private final Map<GrantId, Grant> storeGrants = new LinkedHashMap<>();

  // The document's entities, built with their references resolved, in document order.
  private final Map<OrganisationId, Organisation> orgs = new LinkedHashMap<>();
  private final Map<UserId, User> users = new LinkedHashMap<>();
  private final Map<TeamId, Team> teams = new LinkedHashMap<>();
  private final Map<ApplicationId, Application> apps = new LinkedHashMap<>();
  private final Map<GrantId, Grant> grants = new LinkedHashMap<>();

  // The directory after the import, and how the document names its parts. A name held by an entry
  // whose id could not be read is "unusable": references to it are not reported as unknown, since
  // the entry itself already is.
  private final Map<String, OrganisationId> orgBySlug = new HashMap<>();
  private final Set<String> unusableSlugs = new HashSet<>();
  private final Map<OrganisationId, Organisation> orgsAfter = new HashMap<>();
  private OrganisationGraph graphAfter = OrganisationGraph.of(List.of());
  // Organisations the document names whose parents after the import are not fully known (a parent
  // is unknown, or the entry could not be built): what lies above them cannot be judged.
  private final Set<OrganisationId> vague = new HashSet<>();
  private final Set<UserId> knownUsers = new HashSet<>();
  private final Map<UserId, User> usersAfter = new HashMap<>();
  private final Set<TeamId> knownTeams = new HashSet<>();
  private final Map<TeamId, Team> teamsAfter = new HashMap<>();
  private final Map<String, ApplicationId> appByClientId = new HashMap<>();
  private final Set<String> unusableClientIds = new HashSet<>();
  private final Map<ApplicationId, Application> appsAfter = new HashMap<>();

  // Where the document holds each entity, to point problems with stored grants at their cause.
  private final Map<UserId, String> userPaths = new HashMap<>();
  private final Map<TeamId, String> teamPaths = new HashMap<>();
  private final Map<ApplicationId, String> appPaths = new HashMap<>();
  private final Set<GrantId> docGrantIds = new HashSet<>();

  private Importer(Document doc, StoreTransaction tx, Problems problems) {
    this.doc = doc;
    this.tx = tx;
    this.problems = problems;
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
    load();
    checkOrganisations();
    checkUsers();
    checkTeams();
    checkApplications();
    checkGrants();
    checkStoredGrants();
    problems.throwIfAny();
    return write();
  }

  private void load() {
    tx.organisations().list().forEach(o -> storeOrgs.put(o.id(), o));
    tx.users().list().forEach(u -> storeUsers.put(u.uid(), u));
    tx.teams().list().forEach(t -> storeTeams.put(t.id(), t));
    tx.applications().list().forEach(a -> storeApps.put(a.id(), a));
    tx.grants().list().forEach(g -> storeGrants.put(g.id(), g));
  }

  // --- checks

  private void checkOrganisations() {
    Set<OrganisationId> named = new HashSet<>();
    Map<String, OrganisationId> docSlugs = new HashMap<>();
    for (Document.OrganisationEntry e : doc.organisations()) {
      OrganisationId id = e.id();
      String slug = e.slug();
      if (id != null) {
        named.add(id);
      }
      if (slug != null) {
        if (id != null) {
          docSlugs.putIfAbsent(slug, id);
        } else {
          unusableSlugs.add(slug);
        }
      }
    }
    Map<String, Organisation> storeBySlug = new HashMap<>();
    for (Organisation o : storeOrgs.values()) {
      storeBySlug.put(o.slug(), o);
      if (!named.contains(o.id())) {
        orgBySlug.put(o.slug(), o.id());
      }
    }
    orgBySlug.putAll(docSlugs);

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
        OrganisationId parent = organisation(p);
        if (parent == null) {
          resolved = false;
        } else {
          parents.add(parent);
        }
      }
      if (id != null && !resolved) {
        vague.add(id);
      }
      Organisation base = e.base();
      if (base != null && !orgs.containsKey(base.id())) {
        // With an unknown parent (reported) it still takes part in the checks, with the parents
        // that are known; being vague, it is never the reason something is judged outside.
        Organisation built =
            build(
                e.path(),
                e.complete() && resolved,
                () -> base.toBuilder().parents(parents).build());
        if (built != null) {
          orgs.put(built.id(), built);
        }
      }
      if (id != null && !orgs.containsKey(id)) {
        vague.add(id);
      }
    }
    // An organisation the document names but that could not be built keeps its stored place, if
    // any: removing it would cut what lies below it off from what lies above.
    orgsAfter.putAll(storeOrgs);
    orgsAfter.putAll(orgs);
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
    storeUsers.values().forEach(u -> storeByEmail.put(u.email(), u));
    knownUsers.addAll(storeUsers.keySet());
    for (Document.UserEntry e : doc.users()) {
      if (e.uid() != null) {
        knownUsers.add(e.uid());
        userPaths.putIfAbsent(e.uid(), e.path());
      }
    }
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
      User stored = uid == null ? null : storeUsers.get(uid);
      if (stored != null && stored.apiUser() != e.apiUser()) {
        problems.add(
            Format.path(e.path(), Format.UID),
            e.apiUser()
                ? "is a person in the store, not an API user"
                : "is an API user in the store, not a person");
      }
      Located<String> orgRef = e.organisation();
      OrganisationId org = orgRef == null ? null : organisation(orgRef);
      User base = e.base();
      if (base != null && (orgRef == null || org != null) && !users.containsKey(base.uid())) {
        User built =
            build(e.path(), e.complete(), () -> base.toBuilder().organisation(org).build());
        if (built != null) {
          users.put(built.uid(), built);
        }
      }
    }
    usersAfter.putAll(storeUsers);
    usersAfter.putAll(users);
    // Where a user could not be built, its organisation after the import is unknown: checks that
    // need it are skipped rather than judged against the stored one.
    for (Document.UserEntry e : doc.users()) {
      if (e.uid() != null && !users.containsKey(e.uid())) {
        usersAfter.remove(e.uid());
      }
    }
  }

  private void checkTeams() {
    knownTeams.addAll(storeTeams.keySet());
    for (Document.TeamEntry e : doc.teams()) {
      if (e.id() != null) {
        knownTeams.add(e.id());
        teamPaths.putIfAbsent(e.id(), e.path());
      }
    }
    for (Document.TeamEntry e : doc.teams()) {
      Located<String> orgRef = e.organisation();
      OrganisationId org = orgRef == null ? null : organisation(orgRef);
      boolean membersKnown = true;
      for (Located<UserId> m : e.members()) {
        if (!knownUsers.contains(m.value())) {
          if (!doc.isOpaque(Document.Kind.USER)) {
            problems.add(m.path(), "unknown user uid " + m.value());
          }
          membersKnown = false;
        }
      }
      TeamId id = e.id();
      String name = e.name();
      if (id != null && org != null && !teams.containsKey(id)) {
        Set<UserId> members = values(e.members());
        members.retainAll(knownUsers);
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
          teams.put(built.id(), built);
        }
      }
    }
    teamsAfter.putAll(storeTeams);
    teamsAfter.putAll(teams);
    for (Document.TeamEntry e : doc.teams()) {
      if (e.id() != null && !teams.containsKey(e.id())) {
        teamsAfter.remove(e.id());
      }
    }
  }

  private void checkApplications() {
    Set<ApplicationId> named = new HashSet<>();
    Map<String, ApplicationId> docClientIds = new HashMap<>();
    for (Document.ApplicationEntry e : doc.applications()) {
      ApplicationId id = e.id();
      String clientId = e.clientId();
      if (id != null) {
        named.add(id);
        appPaths.putIfAbsent(id, e.path());
      }
      if (clientId != null) {
        if (id != null) {
          docClientIds.putIfAbsent(clientId, id);
        } else {
          unusableClientIds.add(clientId);
        }
      }
    }
    Map<String, Application> storeByClientId = new HashMap<>();
    for (Application a : storeApps.values()) {
      storeByClientId.put(a.clientId(), a);
      if (!named.contains(a.id())) {
        appByClientId.put(a.clientId(), a.id());
      }
    }
    appByClientId.putAll(docClientIds);

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
      OrganisationId org = orgRef == null ? null : organisation(orgRef);
      Application base = e.base();
      if (base != null && (orgRef == null || org != null) && !apps.containsKey(base.id())) {
        Application built =
            build(e.path(), e.complete(), () -> base.toBuilder().organisation(org).build());
        if (built != null) {
          apps.put(built.id(), built);
        }
      }
    }
    appsAfter.putAll(storeApps);
    appsAfter.putAll(apps);
    for (Document.ApplicationEntry e : doc.applications()) {
      if (e.id() != null && !apps.containsKey(e.id())) {
        appsAfter.remove(e.id());
      }
    }
  }

  private void checkGrants() {
    Map<List<Object>, Grant> storeByPair = new HashMap<>();
    storeGrants.values().forEach(g -> storeByPair.put(List.of(g.application(), g.grantee()), g));
    for (Document.GrantEntry e : doc.grants()) {
      if (e.id() != null) {
        docGrantIds.add(e.id());
      }
    }
    for (Document.GrantEntry e : doc.grants()) {
      Located<String> appRef = e.application();
      ApplicationId appId = appRef == null ? null : application(appRef);
      Located<Grantee> granteeRef = e.grantee();
      Grantee grantee = granteeRef == null ? null : grantee(granteeRef);
      if (appId == null || granteeRef == null || grantee == null) {
        continue;
      }
      GrantId id = e.id();
      Grant stored = id == null ? null : storeGrants.get(id);
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
        String invisible = invisibilityAfter(app, grantee);
        if (invisible != null) {
          problems.add(granteeRef.path(), invisible);
        }
      }
      if (e.complete() && id != null && !grants.containsKey(id)) {
        grants.put(id, new Grant(id, appId, grantee, values(e.roles())));
      }
    }
  }

  /**
   * Reports stored grants the document does not name that were sound before the import and would
   * not be after it: an application losing a role they give, or a change of organisations that puts
   * their grantee outside the application's organisation.
   */
  private void checkStoredGrants() {
    OrganisationGraph graphBefore = OrganisationGraph.of(storeOrgs.values());
    for (Grant g : storeGrants.values()) {
      if (docGrantIds.contains(g.id())) {
        continue;
      }
      Application before = storeApps.get(g.application());
      Application after = appsAfter.get(g.application());
      if (before == null
          || after == null
          || missingRole(g, before) != null
          || invisibility(before, g.grantee(), graphBefore, storeTeams, storeUsers, Set.of())
              != null) {
        continue; // already unsound: not this document's doing
      }
      String missing = missingRole(g, after);
      String invisible = invisibilityAfter(after, g.grantee());
      if (missing == null && invisible == null) {
        continue;
      }
      String appPath = appPaths.get(after.id());
      String granteePath =
          g.grantee() instanceof Grantee.ToTeam t
              ? teamPaths.get(t.team())
              : userPaths.get(((Grantee.ToUser) g.grantee()).user());
      // Point at what the document changed: the application's roles or owner, else the grantee's
      // organisation, else the organisation graph.
      boolean ownerMoved = !Objects.equals(before.organisation(), after.organisation());
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

  private @Nullable String invisibilityAfter(Application app, Grantee grantee) {
    return invisibility(app, grantee, graphAfter, teamsAfter, usersAfter, vague);
  }

  /**
   * Why {@code grantee} may not be granted {@code app}: an application with an owning organisation
   * is visible only within that organisation's subtree. {@code null} when it may, or when that
   * cannot be judged: the grantee is unknown, or a {@code vague} organisation lies on the way up
   * (both reported elsewhere).
   */
  private static @Nullable String invisibility(
      Application app,
      Grantee grantee,
      OrganisationGraph graph,
      Map<TeamId, Team> teams,
      Map<UserId, User> users,
      Set<OrganisationId> vague) {
    OrganisationId owner = app.organisation();
    if (owner == null) {
      return null;
    }
    String scope =
        ", outside organisation "
            + slug(graph, owner)
            + ", which owns application "
            + app.clientId();
    if (grantee instanceof Grantee.ToTeam t) {
      Team team = teams.get(t.team());
      if (team == null || within(graph, team.organisation(), owner, vague)) {
        return null;
      }
      return "team "
          + team.name()
          + " belongs to organisation "
          + slug(graph, team.organisation())
          + scope;
    }
    UserId uid = ((Grantee.ToUser) grantee).user();
    User user = users.get(uid);
    if (user == null) {
      return null;
    }
    OrganisationId org = user.organisation();
    if (org == null) {
      return "user " + uid + " belongs to no organisation" + scope;
    }
    if (within(graph, org, owner, vague)) {
      return null;
    }
    return "user " + uid + " belongs to organisation " + slug(graph, org) + scope;
  }

  /** Whether {@code inner} lies within {@code outer}, taking "cannot tell" for yes. */
  private static boolean within(
      OrganisationGraph graph,
      OrganisationId inner,
      OrganisationId outer,
      Set<OrganisationId> vague) {
    if (graph.isWithin(inner, outer)) {
      return true;
    }
    if (vague.isEmpty()) {
      return false;
    }
    if (vague.contains(inner)) {
      return true;
    }
    for (OrganisationId a : graph.ancestors(inner)) {
      if (vague.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static String slug(OrganisationGraph graph, OrganisationId id) {
    return graph.find(id).map(Organisation::slug).orElse(id.toString());
  }

  // --- references

  private @Nullable OrganisationId organisation(Located<String> slug) {
    OrganisationId id = orgBySlug.get(slug.value());
    if (id == null
        && !unusableSlugs.contains(slug.value())
        && !doc.isOpaque(Document.Kind.ORGANISATION)) {
      problems.add(slug.path(), "unknown organisation slug " + slug.value());
    }
    return id;
  }

  private @Nullable ApplicationId application(Located<String> clientId) {
    ApplicationId id = appByClientId.get(clientId.value());
    if (id == null
        && !unusableClientIds.contains(clientId.value())
        && !doc.isOpaque(Document.Kind.APPLICATION)) {
      problems.add(clientId.path(), "unknown application client id " + clientId.value());
    }
    return id;
  }

  private @Nullable Grantee grantee(Located<Grantee> ref) {
    Grantee g = ref.value();
    if (g instanceof Grantee.ToTeam t) {
      if (knownTeams.contains(t.team())) {
        return g;
      }
      if (!doc.isOpaque(Document.Kind.TEAM)) {
        problems.add(ref.path(), "unknown team id " + t.team());
      }
      return null;
    }
    UserId uid = ((Grantee.ToUser) g).user();
    if (knownUsers.contains(uid)) {
      return g;
    }
    if (!doc.isOpaque(Document.Kind.USER)) {
      problems.add(ref.path(), "unknown user uid " + uid);
    }
    return null;
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

  // --- writes

  private ImportReport write() {
    ImportReport.Counts orgCounts =
        write(
            parentsFirst(),
            Organisation::id,
            storeOrgs,
            tx.organisations()::insert,
            tx.organisations()::update);
    // People and API users before teams, which list them as members.
    ImportReport.Counts userCounts =
        write(
            users.values().stream().filter(u -> !u.apiUser()).toList(),
            User::uid,
            storeUsers,
            tx.users()::insert,
            tx.users()::update);
    ImportReport.Counts apiUserCounts =
        write(
            users.values().stream().filter(User::apiUser).toList(),
            User::uid,
            storeUsers,
            tx.users()::insert,
            tx.users()::update);
    ImportReport.Counts teamCounts =
        write(teams.values(), Team::id, storeTeams, tx.teams()::insert, tx.teams()::update);
    ImportReport.Counts appCounts =
        write(
            apps.values(),
            Application::id,
            storeApps,
            tx.applications()::insert,
            tx.applications()::update);
    ImportReport.Counts grantCounts =
        write(grants.values(), Grant::id, storeGrants, tx.grants()::insert, tx.grants()::update);
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
  private List<Organisation> parentsFirst() {
    Map<OrganisationId, Integer> waitingFor = new HashMap<>();
    Map<OrganisationId, List<Organisation>> children = new HashMap<>();
    PriorityQueue<Organisation> ready = new PriorityQueue<>(BY_SLUG);
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
      throw new IllegalStateException("organisations form a cycle"); // refused by checkCycles
    }
    return out;
  }
}
