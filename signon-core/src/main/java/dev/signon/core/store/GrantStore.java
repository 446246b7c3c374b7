package dev.signon.core.store;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.ApplicationId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Stores {@link Grant}s. There is at most one grant per application and grantee. */
public interface GrantStore {
  /**
   * Adds a grant.
   *
   * @throws dev.signon.core.error.ConflictException if the id is taken, or the grantee already has
   *     a grant for the application
   * @throws dev.signon.core.error.NotFoundException if the application or grantee is not stored
   */
  void insert(Grant grant);

  /**
   * Replaces the roles of a stored grant (the application and grantee never change).
   *
   * @throws dev.signon.core.error.NotFoundException if it is not stored
   */
  void update(Grant grant);

  /**
   * Removes a grant.
   *
   * @return whether a grant was removed
   */
  boolean delete(GrantId id);

  /** The grant with this id. */
  Optional<Grant> find(GrantId id);

  /** The grant of {@code application} to {@code grantee}, if there is one. */
  Optional<Grant> find(ApplicationId application, Grantee grantee);

  /** Every grant made to any of {@code grantees}, ordered by id. */
  List<Grant> listByGrantees(Collection<Grantee> grantees);

  /** Every grant of {@code application}, ordered by id. */
  List<Grant> listByApplication(ApplicationId application);

  /** Every grant, ordered by id. */
  List<Grant> list();
}
