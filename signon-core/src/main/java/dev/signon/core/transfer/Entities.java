package dev.signon.core.transfer;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.StoreTransaction;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Organisations, users, teams, applications and grants, each by id. */
record Entities(
    Map<OrganisationId, Organisation> organisations,
    Map<UserId, User> users,
    Map<TeamId, Team> teams,
    Map<ApplicationId, Application> applications,
    Map<GrantId, Grant> grants) {

  /** None yet; what is put in keeps its order. */
  static Entities inOrder() {
    return new Entities(
        new LinkedHashMap<>(),
        new LinkedHashMap<>(),
        new LinkedHashMap<>(),
        new LinkedHashMap<>(),
        new LinkedHashMap<>());
  }

  /** What the store holds; the grants in the order the store lists them. */
  static Entities stored(StoreTransaction tx) {
    Entities stored =
        new Entities(
            new HashMap<>(),
            new HashMap<>(),
            new HashMap<>(),
            new HashMap<>(),
            new LinkedHashMap<>());
    tx.organisations().list().forEach(o -> stored.organisations().put(o.id(), o));
    tx.users().list().forEach(u -> stored.users().put(u.uid(), u));
    tx.teams().list().forEach(t -> stored.teams().put(t.id(), t));
    tx.applications().list().forEach(a -> stored.applications().put(a.id(), a));
    tx.grants().list().forEach(g -> stored.grants().put(g.id(), g));
    return stored;
  }
}
