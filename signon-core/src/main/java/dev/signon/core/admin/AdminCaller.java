package dev.signon.core.admin;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.User;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.store.StoreTransaction;

/**
 * An authenticated caller of the admin API: the token's user as stored when the request came, and
 * how to audit them.
 */
record AdminCaller(User user, Actor actor) {
  /** The caller as stored now, in {@code tx}. */
  User current(StoreTransaction tx) {
    return tx.users()
        .find(user.uid())
        .orElseThrow(() -> new AccessDeniedException("unknown actor"));
  }

  /** The admin policy over the organisations as stored in {@code tx}. */
  static AdminPolicy policy(StoreTransaction tx) {
    return AdminPolicy.over(OrganisationGraph.of(tx.organisations().list()));
  }

  /** Checks, in {@code tx}, that the caller is a superadmin now. */
  void checkSuperadmin(StoreTransaction tx, String what) {
    policy(tx).checkSuperadmin(current(tx), what);
  }
}
