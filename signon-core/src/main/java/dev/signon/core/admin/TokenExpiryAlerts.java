package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.rotation.ApiTokenHealth;
import dev.signon.core.rotation.ApiTokenHealth.Status;
import dev.signon.core.rotation.ApiTokenHealth.TokenHealth;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Warnings before an application token expires without a replacement: the health of every live
 * token ({@code /healthcheck/api-tokens}), and emails to the API user's address at 30, 14, 7 and 1
 * days when a token will not rotate itself, each sent once (claimed in the store's one-time keys).
 */
final class TokenExpiryAlerts {
  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final TokenRotationSettings settings;
  private final EmailSender mailer;
  private final SignonEmails emails;

  TokenExpiryAlerts(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      TokenRotationSettings settings,
      EmailSender mailer,
      SignonEmails emails) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.settings = settings;
    this.mailer = mailer;
    this.emails = emails;
  }

  ApiTokenHealth health(TokenRotations rotations) {
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          List<TokenHealth> out = new ArrayList<>();
          Status worst = Status.OK;
          Set<ApplicationTokenId> superseded = superseded(tx, now);
          for (ApplicationToken t :
              tx.applicationTokens().listExpiring(now, TokenRotations.horizon(now))) {
            Optional<User> u = tx.users().find(t.apiUser());
            Optional<Application> a = tx.applications().find(t.application());
            if (u.isEmpty() || a.isEmpty() || superseded.contains(t.id())) {
              continue;
            }
            TokenRotationState r = openRotation(tx, t);
            String rotation = r == null ? null : stage(r);
            boolean failing = failing(r);
            boolean rotates = rotatesItself(tx, t, r, rotations);
            Status s = rotates ? Status.OK : byExpiry(t, now);
            if (failing) {
              s = s.worst(Status.WARNING);
            }
            worst = worst.worst(s);
            out.add(
                new TokenHealth(
                    s,
                    t.id(),
                    u.get().email().value(),
                    a.get().name(),
                    t.expiresAt(),
                    t.lastUsedAt(),
                    rotates,
                    rotation));
          }
          return new ApiTokenHealth(worst, now, out);
        });
  }

  /**
   * Tokens replaced by a live successor issued by hand, which is used or waiting out its grace
   * period: the old token's expiry is no longer anyone's problem.
   */
  private static Set<ApplicationTokenId> superseded(StoreTransaction tx, Instant now) {
    Set<ApplicationTokenId> out = new HashSet<>();
    for (ApplicationToken t :
        tx.applicationTokens().listExpiring(now, TokenRotations.horizon(now))) {
      ApplicationTokenId replaced = t.replaces();
      if (replaced != null && tx.tokenRotations().find(replaced).isEmpty()) {
        out.add(replaced);
      }
    }
    return out;
  }

  /** The automatic rotation of {@code t} under way, or {@code null}. */
  private static @Nullable TokenRotationState openRotation(
      StoreTransaction tx, ApplicationToken t) {
    return tx.tokenRotations().find(t.id()).filter(r -> r.completedAt() == null).orElse(null);
  }

  /**
   * Whether a rotation under way needs a person: its delivery fails, or its successor is unused.
   */
  private static boolean failing(@Nullable TokenRotationState open) {
    return open != null && (open.stalledAt() != null || (open.pending() && open.attempts() > 0));
  }

  /**
   * Whether {@code t} will be replaced without a person: its rotation is under way and going well,
   * or none has been and its policy and a route say one will be. A token whose rotation ended
   * without it being revoked (its successor was revoked) is never claimed again.
   */
  private static boolean rotatesItself(
      StoreTransaction tx,
      ApplicationToken t,
      @Nullable TokenRotationState open,
      TokenRotations rotations) {
    if (open != null) {
      return !failing(open);
    }
    return tx.tokenRotations().find(t.id()).isEmpty() && rotations.rotatesItself(tx, t);
  }

  private static String stage(TokenRotationState r) {
    if (r.stalledAt() != null) {
      return "stalled";
    }
    if (r.pending()) {
      return r.attempts() > 0 ? "delivery-failing" : "delivering";
    }
    return "awaiting-first-use";
  }

  private Status byExpiry(ApplicationToken t, Instant now) {
    Duration left = Duration.between(now, t.expiresAt());
    if (left.compareTo(settings.critical()) <= 0) {
      return Status.CRITICAL;
    }
    return left.compareTo(settings.warning()) <= 0 ? Status.WARNING : Status.OK;
  }

  /** A notice claimed in the store, to send after the transaction commits. */
  private record Notice(EmailMessage message, ApplicationToken token, int days) {}

  int sendExpiryNotices(TokenRotations rotations) {
    if (settings.noticeDays().isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    int largest = settings.noticeDays().get(0);
    List<Notice> notices =
        store.transaction(
            tx -> {
              List<Notice> out = new ArrayList<>();
              Set<ApplicationTokenId> superseded = superseded(tx, now);
              for (ApplicationToken t :
                  tx.applicationTokens()
                      .listExpiring(now, now.plus(Duration.ofDays(largest + 1L)))) {
                if (superseded.contains(t.id())
                    || rotatesItself(tx, t, openRotation(tx, t), rotations)) {
                  continue;
                }
                Optional<User> u = tx.users().find(t.apiUser()).filter(User::isActive);
                Optional<Application> a = tx.applications().find(t.application());
                if (u.isEmpty() || a.isEmpty()) {
                  continue;
                }
                long hoursLeft = Duration.between(now, t.expiresAt()).toHours();
                int daysLeft = (int) Math.max(1, (hoursLeft + 23) / 24);
                // The nearest notice not sent yet: 10 days left is the 14-day notice; the ones
                // before it that were missed are claimed too, so none is sent late.
                boolean due = false;
                int sentFor = 0;
                for (int d : settings.noticeDays()) {
                  if (d >= daysLeft
                      && tx.oneTimeUses()
                          .claim("token-expiry-notice:" + t.id() + ":" + d, t.expiresAt())) {
                    due = true;
                    sentFor = d;
                  }
                }
                if (due) {
                  out.add(
                      new Notice(
                          emails.applicationTokenExpiring(
                              u.get().email(), u.get().name(), a.get().name(), daysLeft),
                          t,
                          sentFor));
                  ApplicationTokenIssuer.audit(
                      tx,
                      random,
                      Actor.host(),
                      AuditEventType.APPLICATION_TOKEN_EXPIRY_NOTICE_SENT,
                      t.apiUser(),
                      t.application(),
                      t.id(),
                      now,
                      sentFor + "-day notice to " + u.get().email().value());
                }
              }
              return out;
            });
    notices.forEach(n -> mailer.send(n.message()));
    return notices.size();
  }

  /** The health check's JSON. */
  static ProtocolResponse json(ApiTokenHealth health) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", health.status().text());
    body.put("checked_at", health.checkedAt().toString());
    List<Map<String, @Nullable Object>> tokens = new ArrayList<>();
    for (TokenHealth t : health.tokens()) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("status", t.status().text());
      m.put("api_user", t.apiUser());
      m.put("application", t.application());
      m.put("token_id", t.token().toString());
      m.put("expires_at", t.expiresAt().toString());
      Instant used = t.lastUsedAt();
      m.put("last_used_at", used == null ? null : used.toString());
      m.put("rotates_itself", t.rotatesItself());
      m.put("rotation", t.rotation());
      tokens.add(m);
    }
    body.put("tokens", tokens);
    return AdminJson.json(200, body).noStore();
  }
}
