package dev.signon.core.admin;

import dev.signon.core.access.Grant;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.token.ClientSecret;
import java.util.HashSet;
import java.util.Set;

/** The admin operations on applications (superadmins only); see {@link AdminService}. */
final class ApplicationAdmin {
  private final AdminTransactions transactions;

  ApplicationAdmin(AdminTransactions transactions) {
    this.transactions = transactions;
  }

  Application create(Actor actor, Application application) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "register applications");
          checkOrganisation(c, application);
          c.tx.applications().insert(application);
          audit(c, AuditEventType.APPLICATION_CREATED, application);
          return application;
        });
  }

  Application update(Actor actor, Application application) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "edit applications");
          c.application(application.id());
          checkOrganisation(c, application);
          c.tx.applications().update(application);
          for (Grant g : c.tx.grants().listByApplication(application.id())) {
            Set<String> kept = new HashSet<>(g.roles());
            kept.removeIf(r -> !application.hasRole(r));
            if (!kept.equals(g.roles())) {
              c.tx.grants().update(g.withRoles(kept));
            }
          }
          audit(c, AuditEventType.APPLICATION_UPDATED, application);
          return application;
        });
  }

  ClientSecret newSecret() {
    return ClientSecret.mint(transactions.random());
  }

  ApplicationId newId() {
    return new ApplicationId(transactions.uuid());
  }

  private static void checkOrganisation(AdminContext c, Application application) {
    if (application.organisation() != null) {
      c.organisation(application.organisation());
    }
  }

  private static void audit(AdminContext c, AuditEventType type, Application application) {
    c.audit(type, null, application.id(), null, application.clientId());
  }
}
