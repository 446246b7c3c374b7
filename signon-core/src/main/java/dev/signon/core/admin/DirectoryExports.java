package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.transfer.DirectoryTransfer;
import java.util.Optional;

/**
 * The admin API's read of the whole directory document ({@code GET <base>/directory}), which a
 * staging host pulls to mirror production. The document holds no secret, but it lists every person
 * and API user, so the read is allowed to a superadmin, or to an API user holding the dedicated
 * role {@value #PERMISSION} on the host's admin application (a staging host's sync user needs no
 * admin role at all), and every read is audited.
 */
final class DirectoryExports {
  /** The role on the host's admin application that lets an API user read the whole directory. */
  static final String PERMISSION = "directory_export";

  private final AdminTransactions transactions;
  private final DirectoryTransfer transfer;
  private final String adminClientId;

  DirectoryExports(AdminTransactions transactions, DirectoryTransfer transfer, String clientId) {
    this.transactions = transactions;
    this.transfer = transfer;
    this.adminClientId = clientId;
  }

  /**
   * The document, for {@code caller}.
   *
   * @throws AccessDeniedException unless the caller is a superadmin or an API user holding {@value
   *     #PERMISSION} on the admin application
   */
  ProtocolResponse read(Actor caller) {
    transactions.write(
        caller,
        c -> {
          if (!mayRead(c)) {
            throw new AccessDeniedException(
                "reading the whole directory needs a superadmin, or an API user with the "
                    + PERMISSION
                    + " role on the admin application");
          }
          return null;
        });
    String json = transfer.exportJson();
    transactions.write(
        caller,
        c -> {
          c.audit(
              AuditEventType.DIRECTORY_EXPORTED,
              null,
              null,
              null,
              "directory read through the admin API (" + json.length() + " characters)");
          return null;
        });
    return ProtocolResponse.json(200, json);
  }

  private boolean mayRead(AdminContext c) {
    User me = c.actor;
    if (me.role() == UserRole.SUPERADMIN && me.isActive()) {
      return true;
    }
    if (!me.apiUser() || !me.isActive()) {
      return false;
    }
    Optional<Application> admin = c.tx.applications().findByClientId(adminClientId);
    return admin.isPresent() && c.tx.permissions(me, admin.get()).has(PERMISSION);
  }
}
