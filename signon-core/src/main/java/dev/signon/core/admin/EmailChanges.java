package dev.signon.core.admin;

import dev.signon.core.account.EmailChange;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.signin.Origin;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Changing a person's email with confirmation, as GOV.UK Signon does: an admin asks for the change,
 * a one-time link goes to the new address and a notice to the old one, and the address changes only
 * when the link is followed. The link works once, for {@link #VALIDITY}; only its hash is stored; a
 * newer request or a cancellation stops it working.
 *
 * <pre>{@code
 * EmailChanges changes = server.emailChanges();
 * changes.request(me, joe.uid(), Email.of("joe.bloggs@example.com"));
 * changes.pending(me, joe.uid());   // shown on the person's console page
 * changes.cancel(me, joe.uid());
 * }</pre>
 */
public final class EmailChanges {
  /** How long a confirmation link works. */
  public static final Duration VALIDITY = Duration.ofDays(3);

  private final AdminTransactions transactions;
  private final SecureRandom random;
  private final EmailSender mailer;
  private final SignonEmails emails;
  private final String pageUrl;

  EmailChanges(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      EmailSender mailer,
      SignonEmails emails,
      URI issuer) {
    this.transactions = new AdminTransactions(store, clock, random);
    this.random = Objects.requireNonNull(random, "random");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.emails = Objects.requireNonNull(emails, "emails");
    String base = issuer.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    this.pageUrl = base + HostPaths.EMAIL_CHANGE_LINK;
  }

  /**
   * Asks to change {@code uid}'s email to {@code newEmail}: emails a confirmation link to the new
   * address and a notice to the old one, replacing any earlier request. Allowed to those who may
   * manage the person; audited as {@link AuditEventType#EMAIL_CHANGE_REQUESTED}.
   *
   * @return the change waiting for confirmation
   * @throws InvalidInputException when the address is the person's own already
   * @throws ConflictException when another account has the address
   * @throws dev.signon.core.error.AccessDeniedException when the actor may not manage the person
   * @throws dev.signon.core.error.NotFoundException for an unknown person
   */
  public EmailChange request(Actor actor, UserId uid, Email newEmail) {
    Objects.requireNonNull(newEmail, "newEmail");
    record Sent(User person, EmailChange change, URI link) {}
    Sent sent =
        transactions.write(
            actor,
            c -> {
              User u = c.managedUser(uid);
              if (u.email().equals(newEmail)) {
                throw new InvalidInputException("that is already their email address");
              }
              checkFree(c, uid, newEmail);
              TokenValue token = TokenValue.mint(random, TokenKind.LINK);
              EmailChange change =
                  new EmailChange(
                      uid, newEmail, token.hash(), actor.user(), c.now, c.now.plus(VALIDITY));
              c.tx.emailChanges().put(change);
              c.audit(
                  AuditEventType.EMAIL_CHANGE_REQUESTED,
                  uid,
                  null,
                  null,
                  u.email().value() + " -> " + newEmail.value());
              return new Sent(u, change, URI.create(pageUrl + "?token=" + token.reveal()));
            });
    mailer.send(
        emails.emailChangeConfirmation(newEmail, sent.person().name(), sent.link(), VALIDITY));
    mailer.send(emails.emailChangeNotice(sent.person().email(), sent.person().name(), newEmail));
    return sent.change();
  }

  /**
   * The change of {@code uid}'s email waiting for confirmation, if any, for someone who may see the
   * person as {@link AdminService#findUser} does.
   *
   * @throws dev.signon.core.error.NotFoundException for an unknown user or one the actor may not
   *     see
   */
  public Optional<EmailChange> pending(Actor actor, UserId uid) {
    return transactions.write(
        actor,
        c -> {
          User u = c.user(uid);
          if (!c.actor.uid().equals(uid) && !c.policy.mayManage(c.actor, u)) {
            throw new dev.signon.core.error.NotFoundException("no user " + uid);
          }
          return c.tx.emailChanges().find(uid);
        });
  }

  /**
   * Cancels the change of {@code uid}'s email waiting for confirmation: its link stops working.
   * Allowed to those who may manage the person; audited as {@link
   * AuditEventType#EMAIL_CHANGE_CANCELLED}.
   *
   * @throws InvalidInputException when no change is waiting
   */
  public void cancel(Actor actor, UserId uid) {
    transactions.write(
        actor,
        c -> {
          c.managedUser(uid);
          EmailChange change =
              c.tx
                  .emailChanges()
                  .find(uid)
                  .orElseThrow(() -> new InvalidInputException("no email change is waiting"));
          c.tx.emailChanges().remove(uid);
          c.audit(
              AuditEventType.EMAIL_CHANGE_CANCELLED, uid, null, null, change.newEmail().value());
          return null;
        });
  }

  /**
   * Follows a confirmation link: the person's email becomes the new address, the link is used up,
   * and the change is audited as {@link AuditEventType#EMAIL_CHANGED} with the follower's address.
   *
   * @param signedIn who is signed in where the link was followed, or {@code null}: a link followed
   *     while signed in as someone else is refused and still works for its person
   * @return the person as changed
   * @throws InvalidInputException for an unknown, used, cancelled or expired link, or one for
   *     someone other than {@code signedIn}
   * @throws ConflictException when another account took the address meanwhile (the link is used up)
   */
  public User confirm(TokenValue link, @Nullable UserId signedIn, Origin origin) {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(origin, "origin");
    InvalidInputException unusable =
        new InvalidInputException("This link has expired or has already been used.");
    if (!link.isKind(TokenKind.LINK)) {
      throw unusable;
    }
    EmailChange found =
        transactions
            .store()
            .transaction(tx -> tx.emailChanges().findByHash(link.hash()))
            .orElseThrow(() -> unusable);
    if (signedIn != null && !signedIn.equals(found.user())) {
      throw new InvalidInputException(
          "This link is for another person's account. Sign out, then open it again.");
    }
    Actor person = Actor.user(found.user(), origin.ipAddress(), origin.userAgent());
    // Decided in the transaction, refused after it commits: an expired or clashing link is used up.
    record Outcome(@Nullable User changed, @Nullable RuntimeException refusal) {}
    Outcome o =
        transactions.write(
            person,
            c -> {
              Optional<EmailChange> taken = c.tx.emailChanges().take(link.hash());
              if (taken.isEmpty() || !taken.get().user().equals(found.user())) {
                return new Outcome(null, unusable);
              }
              EmailChange change = taken.get();
              if (!c.now.isBefore(change.expiresAt())) {
                return new Outcome(null, unusable);
              }
              Optional<User> holder = c.tx.users().findByEmail(change.newEmail());
              if (holder.isPresent() && !holder.get().uid().equals(change.user())) {
                return new Outcome(
                    null,
                    new ConflictException(
                        "Another account now has that email address. Ask an administrator."));
              }
              User u = c.user(change.user());
              User changed = u.toBuilder().email(change.newEmail()).build();
              c.updateUser(
                  changed,
                  AuditEventType.EMAIL_CHANGED,
                  u.email().value() + " -> " + change.newEmail().value());
              c.outbox.userUpdated(c.tx, changed, c.now);
              return new Outcome(changed, null);
            });
    if (o.refusal() != null) {
      throw o.refusal();
    }
    return Objects.requireNonNull(o.changed());
  }

  private static void checkFree(AdminContext c, UserId uid, Email email) {
    Optional<User> holder = c.tx.users().findByEmail(email);
    if (holder.isPresent() && !holder.get().uid().equals(uid)) {
      throw new ConflictException("another account has that email address");
    }
  }
}
