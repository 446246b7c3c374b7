package dev.signon.core.transfer;

import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.UserId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How the document's entries refer to the directory after the import, and where the document holds
 * each entity. Resolving a reference that names nothing records a problem at the reference.
 */
final class References {
  private final Document doc;
  private final Problems problems;

  // A name held by an entry whose id could not be read is "unusable": references to it are not
  // reported as unknown, since the entry itself already is.
  private final Map<String, OrganisationId> orgBySlug = new HashMap<>();
  private final Set<String> unusableSlugs = new HashSet<>();
  private final Map<String, ApplicationId> appByClientId = new HashMap<>();
  private final Set<String> unusableClientIds = new HashSet<>();
  private final Set<UserId> knownUsers = new HashSet<>();
  private final Set<TeamId> knownTeams = new HashSet<>();

  // Where the document holds each entity, to point problems with stored grants at their cause.
  private final Map<UserId, String> userPaths = new HashMap<>();
  private final Map<TeamId, String> teamPaths = new HashMap<>();
  private final Map<ApplicationId, String> appPaths = new HashMap<>();

  References(Document doc, Entities stored, Problems problems) {
    this.doc = doc;
    this.problems = problems;
    index(
        doc.organisations(),
        Document.OrganisationEntry::id,
        Document.OrganisationEntry::slug,
        stored.organisations().values(),
        Organisation::id,
        Organisation::slug,
        orgBySlug,
        unusableSlugs);
    knownUsers.addAll(stored.users().keySet());
    for (Document.UserEntry e : doc.users()) {
      if (e.uid() != null) {
        knownUsers.add(e.uid());
        userPaths.putIfAbsent(e.uid(), e.path());
      }
    }
    knownTeams.addAll(stored.teams().keySet());
    for (Document.TeamEntry e : doc.teams()) {
      if (e.id() != null) {
        knownTeams.add(e.id());
        teamPaths.putIfAbsent(e.id(), e.path());
      }
    }
    for (Document.ApplicationEntry e : doc.applications()) {
      if (e.id() != null) {
        appPaths.putIfAbsent(e.id(), e.path());
      }
    }
    index(
        doc.applications(),
        Document.ApplicationEntry::id,
        Document.ApplicationEntry::clientId,
        stored.applications().values(),
        Application::id,
        Application::clientId,
        appByClientId,
        unusableClientIds);
  }

  /**
   * Names each entity of one kind as it will be after the import: a stored entity by its stored
   * name unless the document names that entity, a document entry by its name (the first entry to
   * use a name wins).
   */
  private static <I, E, S> void index(
      List<E> entries,
      Function<E, @Nullable I> entryId,
      Function<E, @Nullable String> entryName,
      Collection<S> stored,
      Function<S, I> storedId,
      Function<S, String> storedName,
      Map<String, I> byName,
      Set<String> unusable) {
    Set<I> named = new HashSet<>();
    Map<String, I> docNames = new HashMap<>();
    for (E e : entries) {
      I id = entryId.apply(e);
      String name = entryName.apply(e);
      if (id != null) {
        named.add(id);
      }
      if (name != null) {
        if (id != null) {
          docNames.putIfAbsent(name, id);
        } else {
          unusable.add(name);
        }
      }
    }
    for (S s : stored) {
      if (!named.contains(storedId.apply(s))) {
        byName.put(storedName.apply(s), storedId.apply(s));
      }
    }
    byName.putAll(docNames);
  }

  @Nullable OrganisationId organisation(Located<String> slug) {
    return resolve(
        slug, orgBySlug, unusableSlugs, Document.Kind.ORGANISATION, "unknown organisation slug ");
  }

  @Nullable ApplicationId application(Located<String> clientId) {
    return resolve(
        clientId,
        appByClientId,
        unusableClientIds,
        Document.Kind.APPLICATION,
        "unknown application client id ");
  }

  private <I> @Nullable I resolve(
      Located<String> name,
      Map<String, I> byName,
      Set<String> unusable,
      Document.Kind kind,
      String unknown) {
    I id = byName.get(name.value());
    if (id == null && !unusable.contains(name.value()) && !doc.isOpaque(kind)) {
      problems.add(name.path(), unknown + name.value());
    }
    return id;
  }

  @Nullable Grantee grantee(Located<Grantee> ref) {
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

  /** Whether the store or the document holds the user, without reporting anything. */
  boolean knowsUser(UserId uid) {
    return knownUsers.contains(uid);
  }

  /** Where the document holds the application, if it does. */
  @Nullable String pathOf(ApplicationId id) {
    return appPaths.get(id);
  }

  /** Where the document holds the grantee, if it does. */
  @Nullable String pathOf(Grantee grantee) {
    return grantee instanceof Grantee.ToTeam t
        ? teamPaths.get(t.team())
        : userPaths.get(((Grantee.ToUser) grantee).user());
  }
}
