package dev.signon.core.admin;

import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.federation.Activation;
import dev.signon.core.federation.Upstream;
import dev.signon.core.federation.UpstreamGrant;
import dev.signon.core.federation.UpstreamLink;
import dev.signon.core.internal.Checks;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The admin side of activation (seed 004): the pending accounts of people who arrived from an
 * upstream and matched nobody, activating or refusing each, and pre-activating an account before
 * its person ever arrives — for an email (optionally through one upstream only) or for an upstream
 * subject. Each operation is checked against the admin policy and audited in its transaction.
 *
 * <pre>{@code
 * AccountActivations a = server.admin().activations();
 * for (User p : a.pending(me)) {
 *   a.activate(me, p.uid(), moj.id(), UserRole.NORMAL, List.of(UpstreamGrant.of("visits")));
 * }
 * }</pre>
 */
public final class AccountActivations {
  private final AdminTransactions transactions;
  private final Activation activation;

  AccountActivations(AdminTransactions transactions) {
    this.transactions = transactions;
    this.activation = new Activation(transactions.random());
  }

  /** The pending accounts {@code actor} may see, oldest first. */
  public List<User> pending(Actor actor) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkListUsers(c.actor);
          return c.tx.users().list().stream()
              .filter(u -> u.status() == UserStatus.PENDING)
              .filter(u -> c.isHost || c.policy.maySee(c.actor, u))
              .sorted(Comparator.comparing(User::createdAt))
              .toList();
        });
  }

  /**
   * Activates a pending account in {@code organisation} with {@code role} and the grants (each with
   * {@code signin}). Admins activate anywhere, organisation admins in their organisations; only a
   * superadmin gives a role other than normal.
   *
   * @throws InvalidInputException if the account is not pending
   * @throws dev.signon.core.error.AccessDeniedException if the actor may not
   */
  public User activate(
      Actor actor,
      UserId uid,
      @Nullable OrganisationId organisation,
      UserRole role,
      List<UpstreamGrant> grants) {
    Objects.requireNonNull(role, "role");
    List<UpstreamGrant> copy = List.copyOf(grants);
    return transactions.write(
        actor,
        c -> {
          User u = c.user(uid);
          if (u.status() != UserStatus.PENDING) {
            throw new InvalidInputException("only a pending account can be activated");
          }
          checkMayCreate(c, organisation, role);
          return activation.activate(
              c.tx, u, organisation, role, copy, c.request.user(), c.now, "by an admin");
        });
  }

  /**
   * Refuses a pending account: it becomes deactivated, so its person cannot sign in by any route,
   * and arriving again from its upstream is refused.
   *
   * @throws InvalidInputException if the account is not pending
   */
  public User refuse(Actor actor, UserId uid, String reason) {
    String why = Checks.text("reason", reason, 500);
    return transactions.write(
        actor,
        c -> {
          User u = c.user(uid);
          if (u.status() != UserStatus.PENDING) {
            throw new InvalidInputException("only a pending account can be refused");
          }
          checkMayCreate(c, null, UserRole.NORMAL);
          return c.updateUser(
              u.toBuilder().status(UserStatus.DEACTIVATED).build(),
              AuditEventType.ACCOUNT_REFUSED,
              why);
        });
  }

  /**
   * Creates an active account for an email before its person signs in; the first sign-in through an
   * upstream that asserts that email verified links to it. With {@code onlyUpstream}, only an
   * identity from the upstream of that name is linked (seed 004's {@code identity_url_prefix}).
   *
   * @throws ConflictException if the email is taken
   */
  public User preActivate(
      Actor actor, NewUser spec, List<UpstreamGrant> grants, @Nullable String onlyUpstream) {
    List<UpstreamGrant> copy = List.copyOf(grants);
    return transactions.write(
        actor,
        c -> {
          User u = insertPreActivated(c, spec, copy, "email");
          if (onlyUpstream != null) {
            c.tx.upstreamLinks().restrictEmailMatch(u.uid(), onlyUpstream);
          }
          return u;
        });
  }

  /**
   * Creates an active account for an upstream identity (its subject there) before its person signs
   * in; their first sign-in through that upstream is this account, whatever email it asserts.
   *
   * @throws ConflictException if the email is taken or the identity is linked already
   */
  public User preActivateIdentity(
      Actor actor, NewUser spec, List<UpstreamGrant> grants, Upstream upstream, String subject) {
    Objects.requireNonNull(upstream, "upstream");
    String sub = Checks.text("subject", subject, 255);
    List<UpstreamGrant> copy = List.copyOf(grants);
    return transactions.write(
        actor,
        c -> {
          User u = insertPreActivated(c, spec, copy, "identity at " + upstream.name());
          c.tx
              .upstreamLinks()
              .insert(
                  new UpstreamLink(
                      upstream.issuer().toString(), sub, u.uid(), upstream.name(), c.now));
          c.audit(AuditEventType.UPSTREAM_LINKED, u.uid(), null, null, upstream.name());
          return u;
        });
  }

  private User insertPreActivated(
      AdminContext c, NewUser spec, List<UpstreamGrant> grants, String what) {
    checkMayCreate(c, spec.organisation(), spec.role());
    if (c.tx.users().findByEmail(spec.email()).isPresent()) {
      throw new ConflictException("an account has that email already");
    }
    User u =
        User.builder()
            .uid(new UserId(c.uuid()))
            .name(Checks.text("name", spec.name(), 255))
            .firstName(spec.firstName())
            .lastName(spec.lastName())
            .email(spec.email())
            .status(UserStatus.PENDING)
            .createdAt(c.now)
            .build();
    c.tx.users().insert(u);
    c.audit(AuditEventType.ACCOUNT_PRE_ACTIVATED, u.uid(), null, null, what);
    return activation.activate(
        c.tx,
        u,
        spec.organisation(),
        spec.role(),
        grants,
        c.request.user(),
        c.now,
        "pre-activated");
  }

  private static void checkMayCreate(
      AdminContext c, @Nullable OrganisationId organisation, UserRole role) {
    if (organisation != null) {
      c.organisation(organisation);
    }
    c.policy.checkCreateUserIn(c.actor, organisation);
    if (role != UserRole.NORMAL) {
      c.policy.checkSuperadmin(c.actor, "give a role other than normal");
    }
  }
}
