package dev.signon.core.pages;

import dev.signon.core.admin.UserSummary;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.Map;

/**
 * Activating or refusing a pending account from its page: the account of someone who arrived from
 * an upstream and matched nobody. Activation gives them an organisation, a role and applications
 * (only what the signed-in admin may give, as on the new-user form); refusal asks first, with a
 * reason, and deactivates the account. Both go through {@link
 * dev.signon.core.admin.AccountActivations}, which checks the policy and audits them.
 */
final class ConsoleUserActivation {
  /** The Activate form's fields, beside the page's other forms. */
  static final ConsoleAccessFields ACCESS = ConsoleAccessFields.prefixed("activate-");

  private ConsoleUserActivation() {}

  /** Activates the pending account with what its page's Activate form chose. */
  static ProtocolResponse activate(ConsoleCall call, UserSummary user) {
    FormErrors errors = new FormErrors();
    ConsoleAccessFields.Chosen chosen = ACCESS.read(call, errors);
    if (!errors.isEmpty()) {
      return ConsoleUserPage.invalid(call, user, errors);
    }
    call.admin()
        .admin()
        .activations()
        .activate(call.actor(), user.uid(), chosen.organisation(), chosen.role(), chosen.grants());
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
