package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin operations on API users' application tokens: the runbook of GOV.UK Signon's seeds,
 * automated. A superadmin adds a token for an API user and one application; its value is shown
 * once; it expires (two years by default); its last use is recorded; it can be revoked; tokens
 * expiring soon can be listed; and a token can be rotated: the new one is issued at once, and the
 * old one is revoked when the new one is first used or when a grace period ends, whichever comes
 * first.
 *
 * <pre>{@code
 * NewApplicationToken t = server.applicationTokens().create(superadmin, apiUser.uid(), app.id());
 * deliver(t.value().reveal());                 // shown once
 * List<ExpiringToken> soon = server.applicationTokens().expiringWithin(Duration.ofDays(14));
 * }</pre>
 */
public final class ApplicationTokenAdmin {
  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration defaultValidity;
  private final ApplicationTokenIssuer issuer;
  private final TokenHandovers handovers;
  private final EmailSender mailer;
  private final SignonEmails emails;

  ApplicationTokenAdmin(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      Duration defaultValidity,
      TokenHandovers handovers,
      EmailSender mailer,
      SignonEmails emails) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.defaultValidity = Objects.requireNonNull(defaultValidity, "defaultValidity");
    this.issuer = new ApplicationTokenIssuer(clock, random, defaultValidity);
    this.handovers = Objects.requireNonNull(handovers, "handovers");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.emails = Objects.requireNonNull(emails, "emails");
  }

  /**
   * A token just made and sent to its API user's address as a one-time link; its value was never
   * shown to the admin.
   *
   * @param token what is stored
   * @param sentTo the API user's address the link went to
   * @param linkExpiresAt when the link stops working
   */
  public record SentApplicationToken(ApplicationToken token, Email sentTo, Instant linkExpiresAt) {}

  /**
   * A token just made: its record and its value, which is shown once and never stored.
   *
   * @param token what is stored
   * @param value the value to hand over once
   */
  public record NewApplicationToken(ApplicationToken token, TokenValue value) {}

  /**
   * A token that expires soon, with what an operator needs to act on it.
   *
   * @param token the token (no value)
   * @param apiUser its API user
   * @param application its application
   */
  public record ExpiringToken(ApplicationToken token, User apiUser, Application application) {}

  /** Creates a token valid for the default period. */
  public NewApplicationToken create(Actor actor, UserId apiUser, ApplicationId application) {
    return create(actor, apiUser, application, defaultValidity);
  }

  /**
   * Creates a token for {@code apiUser} and {@code application}, valid for {@code validity}, and
   * grants the API user {@code signin} on the application if it lacks it (superadmin only).
   */
  public NewApplicationToken create(
      Actor actor, UserId apiUser, ApplicationId application, Duration validity) {
    checkValidity(validity);
    return store.transaction(tx -> issuer.issue(tx, actor, apiUser, application, validity, null));
  }

  /**
   * Creates a token valid for the default period and, instead of showing it, emails the API user's
   * address a one-time link that shows it once ({@link TokenHandovers}).
   */
  public SentApplicationToken createAndSend(
      Actor actor, UserId apiUser, ApplicationId application) {
    return createAndSend(actor, apiUser, application, defaultValidity);
  }

  /**
   * Creates a token valid for {@code validity} and emails the API user's address a one-time link
   * that shows it once, as {@link #create(Actor, UserId, ApplicationId, Duration)} and {@link
   * TokenHandovers} describe. If the email cannot be handed over the new token is revoked (nobody
   * could ever read it) and the failure is thrown.
   *
   * @throws dev.signon.core.error.SignonFailureException with {@link EmailSender#EMAIL_UNAVAILABLE}
   *     if the email could not be sent
   */
  public SentApplicationToken createAndSend(
      Actor actor, UserId apiUser, ApplicationId application, Duration validity) {
    checkValidity(validity);
    return send(actor, tx -> issuer.issue(tx, actor, apiUser, application, validity, null));
  }

  /**
   * Rotates a token as {@link #rotate} does, and emails the successor to the API user's address as
   * a one-time link instead of showing it, as {@link #createAndSend(Actor, UserId, ApplicationId,
   * Duration)} does. If the email fails, the successor is revoked and the old token lives on.
   */
  public SentApplicationToken rotateAndSend(Actor actor, ApplicationTokenId id) {
    return send(actor, tx -> issuer.rotate(tx, actor, id));
  }

  private SentApplicationToken send(
      Actor actor, java.util.function.Function<StoreTransaction, NewApplicationToken> make) {
    record Pending(ApplicationToken token, User apiUser, String app, TokenHandovers.Offer offer) {}
    Pending p =
        store.transaction(
            tx -> {
              NewApplicationToken t = make.apply(tx);
              ApplicationToken token = t.token();
              User apiUser = tx.users().find(token.apiUser()).orElseThrow();
              String app =
                  tx.applications().find(token.application()).map(Application::name).orElseThrow();
              return new Pending(
                  token, apiUser, app, handovers.offer(tx, token, t.value(), token.createdAt()));
            });
    try {
      mailer.send(
          emails.applicationTokenLink(
              p.apiUser().email(),
              p.apiUser().name(),
              p.app(),
              p.offer().link(),
              p.offer().validity()));
    } catch (RuntimeException e) {
      revoke(actor, p.token().id(), "its link could not be emailed");
      throw e;
    }
    store.transaction(
        tx -> {
          ApplicationTokenIssuer.audit(
              tx,
              random,
              actor,
              AuditEventType.APPLICATION_TOKEN_LINK_SENT,
              p.token().apiUser(),
              p.token().application(),
              p.token().id(),
              clock.instant(),
              "to " + p.apiUser().email().value());
          return null;
        });
    return new SentApplicationToken(p.token(), p.apiUser().email(), p.offer().expiresAt());
  }

  private static void checkValidity(Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new InvalidInputException("validity must be positive");
    }
  }

  /**
   * Rotates a token: issues its successor at once, valid as long as a new token would be. The old
   * token stays valid until the successor is first used or a grace period passes (the host's
   * housekeeping revokes it then).
   */
  public NewApplicationToken rotate(Actor actor, ApplicationTokenId id) {
    return store.transaction(tx -> issuer.rotate(tx, actor, id));
  }

  /** Revokes a token at once (superadmin only). */
  public void revoke(Actor actor, ApplicationTokenId id) {
    revoke(actor, id, "");
  }

  private void revoke(Actor actor, ApplicationTokenId id, String why) {
    store.transaction(
        tx -> {
          ApplicationTokenIssuer.checkSuperadmin(tx, actor, "manage application tokens");
          ApplicationToken t =
              tx.applicationTokens()
                  .find(id)
                  .orElseThrow(() -> new NotFoundException("no application token " + id));
          Instant now = clock.instant();
          if (tx.applicationTokens().revoke(id, now)) {
            ApplicationTokenIssuer.audit(
                tx,
                random,
                actor,
                AuditEventType.APPLICATION_TOKEN_REVOKED,
                t.apiUser(),
                t.application(),
                id,
                now,
                why);
          }
          return null;
        });
  }

  /** Every token of an API user, newest first (values are never available again). */
  public List<ApplicationToken> list(UserId apiUser) {
    return store.transaction(tx -> tx.applicationTokens().listByApiUser(apiUser));
  }

  /**
   * Unrevoked tokens that expire within {@code window} from now, soonest first, with their API user
   * and application: what an operator needs to rotate them in time. GOV.UK Signon alerts under two
   * weeks.
   */
  public List<ExpiringToken> expiringWithin(Duration window) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          List<ExpiringToken> out = new ArrayList<>();
          for (ApplicationToken t : tx.applicationTokens().listExpiring(now, now.plus(window))) {
            Optional<User> u = tx.users().find(t.apiUser());
            Optional<Application> a = tx.applications().find(t.application());
            if (u.isPresent() && a.isPresent()) {
              out.add(new ExpiringToken(t, u.get(), a.get()));
            }
          }
          return out;
        });
  }
}
