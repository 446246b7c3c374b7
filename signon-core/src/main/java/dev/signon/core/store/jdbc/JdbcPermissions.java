package dev.signon.core.store.jdbc;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.application.Application;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.User;
import org.jspecify.annotations.Nullable;

/**
 * A person's permissions on an application, as {@code StoreTransaction.permissions} defines them,
 * in one read instead of three: the grants for the application to the person or their teams, with
 * those teams, in one statement ({@link JdbcGrantStore#accessTo}), and the organisation graph from
 * the {@link ApplicationCache} when the transaction may use it (read otherwise, and only when there
 * is a grant to place in it).
 */
final class JdbcPermissions {
  private JdbcPermissions() {}

  static EffectivePermissions read(
      JdbcGrantStore grants,
      JdbcOrganisationStore organisations,
      @Nullable ApplicationCache cache,
      User user,
      Application app) {
    if (!user.isActive() || app.retired()) {
      return EffectivePermissions.none(app.id());
    }
    JdbcGrantStore.Access access = grants.accessTo(user.uid(), app.id());
    if (access.grants().isEmpty()) {
      return EffectivePermissions.none(app.id());
    }
    OrganisationGraph graph =
        cache != null
            ? cache.organisationGraph(() -> OrganisationGraph.of(organisations.list()))
            : OrganisationGraph.of(organisations.list());
    return EffectivePermissions.compute(user, app, access.teams(), access.grants(), graph);
  }
}
