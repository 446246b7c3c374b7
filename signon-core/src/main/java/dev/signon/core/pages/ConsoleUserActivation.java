package dev.signon.core.pages;

import dev.signon.core.admin.UserSummary;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Activating or refusing a pending account from its page: the account of someone who arrived from
 * an upstream and matched nobody. Activation puts them in an organisation as a normal user; refusal
 * asks first, with a reason, and deactivates the account.
 */
final class ConsoleUserActivation {
  private ConsoleUserActivation() {}

  /** Activates the pending account in the organisation chosen on its page. */
  static ProtocolResponse activate(ConsoleCall call, UserSummary user) {
    String slug = call.form("activateOrganisation");
    @Nullable OrganisationId org = null;
    if (!slug.isEmpty()) {
      org =
          ConsoleUserNew.organisations(call).stream()
              .filter(o -> o.slug().equals(slug))
              .map(Organisation::id)
              .findFirst()
              .orElse(null);
      if (org == null) {
        FormErrors errors = new FormErrors();
        errors.add("activateOrganisation", "Choose an organisation from the list");
        return ConsoleUserPage.invalid(call, user, errors);
      }
    }
    call.admin()
        .admin()
        .activations()
        .activate(call.actor(), user.uid(), org, UserRole.NORMAL, List.of());
    return ConsoleUserActions.done(call, user, "activated");
  }

  /** Asks for a reason, then refuses the pending account. */
  static ProtocolResponse refuse(ConsoleCall call, UserSummary user) {
    String back = ConsoleUserPage.path(user.uid());
    FormErrors errors = new FormErrors();
    if (call.confirmed()) {
      String reason = call.form("reason").strip();
      if (reason.isEmpty()) {
        errors.add("reason", "Enter why you are refusing the account");
      } else {
        call.admin().admin().activations().refuse(call.actor(), user.uid(), reason);
        return ConsoleUserActions.done(call, user, "refused");
      }
    } else if (!call.get() && !call.post()) {
      return call.getOnly();
    }
    return call.confirm(
        "Refuse " + user.name(),
        "Refuse the account of "
            + user.name()
            + " ("
            + user.email().value()
            + ")? It will be deactivated, and signing in again through their identity provider"
            + " will be refused.",
        back + "/refuse",
        Map.of(),
        "Refuse account",
        back,
        "Reason for refusing",
        errors);
  }
}
