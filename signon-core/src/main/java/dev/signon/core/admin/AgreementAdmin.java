package dev.signon.core.admin;

import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.AccessDeniedException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin operations on user agreements: list the versions and add a new one (superadmins only),
 * and read who accepted which version. People accept a version when they next sign in once its date
 * has come; see {@link dev.signon.core.agreement.UserAgreements}.
 *
 * <pre>{@code
 * UserAgreement v2 = server.agreements().add(me, "Terms of use", text, Instant.parse("2027-01-01T00:00:00Z"));
 * List<AgreementAcceptance> joe = server.agreements().acceptances(me, joeUid);
 * }</pre>
 */
public final class AgreementAdmin {
  private final AdminTransactions transactions;

  AgreementAdmin(AdminTransactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  /**
   * Adds the next version of the user agreement, numbered one above the newest, which people must
   * accept from {@code requiredFrom} on (at once if it has passed; until then the version before it
   * stays required). Superadmins only; audited as {@link AuditEventType#USER_AGREEMENT_ADDED}.
   *
   * @throws dev.signon.core.error.InvalidInputException for a blank or too long title or text
   * @throws AccessDeniedException if {@code actor} is not a superadmin
   */
  public UserAgreement add(Actor actor, String title, String text, Instant requiredFrom) {
    Objects.requireNonNull(requiredFrom, "requiredFrom");
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "add user agreements");
          List<UserAgreement> all = c.tx.agreements().list();
          int version = all.isEmpty() ? 1 : all.get(0).version() + 1;
          UserAgreement a = new UserAgreement(version, title, text, requiredFrom, c.now);
          c.tx.agreements().insert(a);
          c.audit(
              AuditEventType.USER_AGREEMENT_ADDED,
              null,
              null,
              "version " + version,
              a.title() + ", required from " + requiredFrom);
          return a;
        });
  }

  /**
   * Every version of the user agreement, the newest first. Superadmins only.
   *
   * @throws AccessDeniedException if {@code actor} is not a superadmin
   */
  public List<UserAgreement> list(Actor actor) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "list user agreements");
          return c.tx.agreements().list();
        });
  }

  /**
   * The version people must have accepted now, if any. Superadmins only.
   *
   * @throws AccessDeniedException if {@code actor} is not a superadmin
   */
  public Optional<UserAgreement> required(Actor actor) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "list user agreements");
          return c.tx.agreements().required(c.now);
        });
  }

  /**
   * The versions {@code uid} has accepted, the newest first, with when and from which address.
   * Allowed to those who may see the person in the admin list of users.
   *
   * @throws dev.signon.core.error.NotFoundException if there is no such user
   * @throws AccessDeniedException if {@code actor} may not see them
   */
  public List<AgreementAcceptance> acceptances(Actor actor, UserId uid) {
    return transactions.write(
        actor,
        c -> {
          User u = c.user(uid);
          if (!c.policy.maySee(c.actor, u)) {
            throw new AccessDeniedException("may not see user " + uid);
          }
          return c.tx.agreements().acceptances(uid);
        });
  }
}
