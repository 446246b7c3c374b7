package dev.signon.core.store;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import java.util.List;
import java.util.Optional;

/** Stores {@link Application}s with their roles and redirect URIs. */
public interface ApplicationStore {
  /**
   * Adds an application.
   *
   * @throws dev.signon.core.error.ConflictException if the id or client id is taken
   * @throws dev.signon.core.error.NotFoundException if the owning organisation is not stored
   */
  void insert(Application application);

  /**
   * Replaces a stored application.
   *
   * @throws dev.signon.core.error.NotFoundException if it or its organisation is not stored
   * @throws dev.signon.core.error.ConflictException if the new client id is taken
   */
  void update(Application application);

  /** The application with this id. */
  Optional<Application> find(ApplicationId id);

  /** The application with this OAuth client id. */
  Optional<Application> findByClientId(String clientId);

  /** Every application, ordered by client id. */
  List<Application> list();
}
