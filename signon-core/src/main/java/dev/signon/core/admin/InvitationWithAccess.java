package dev.signon.core.admin;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.User;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.mail.EmailSender;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an invited account together with its access to applications in one transaction, then
 * emails the invitation: a refused grant leaves no account behind. This is what each row of a batch
 * invitation does.
 */
final class InvitationWithAccess {
  private static final Logger log = LoggerFactory.getLogger(InvitationWithAccess.class);

  private final AdminTransactions transactions;
  private final Invitations invitations;

  InvitationWithAccess(AdminTransactions transactions, Invitations invitations) {
    this.transactions = transactions;
    this.invitations = invitations;
  }

  /**
   * Creates {@code spec} with {@code access} (roles by application, each checked as {@link
   * AdminService#grant} checks it) and emails the invitation. If only the email fails, the account
   * stands, a warning is logged, and {@link AdminService#invite} sends it again.
   */
  User invite(Actor actor, NewUser spec, Map<ApplicationId, Set<String>> access) {
    Map<ApplicationId, Set<String>> ordered =
        new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    ordered.putAll(access);
    User created =
        transactions.write(
            actor,
            c -> {
              User u = UserAdmin.insert(c, spec);
              ordered.forEach(
                  (app, roles) -> {
                    if (!roles.isEmpty()) {
                      GrantAdmin.changeRoles(
                          c, app, dev.signon.core.access.Grantee.user(u.uid()), before -> roles);
                    }
                  });
              return u;
            });
    try {
      invitations.send(actor, created);
    } catch (SignonFailureException e) {
      if (!e.errorCode().equals(EmailSender.EMAIL_UNAVAILABLE)) {
        throw e;
      }
      log.warn("{} was created but the invitation could not be sent", created.uid(), e);
    }
    return created;
  }
}
