package dev.signon.core.notify;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.ConflictException;
import dev.signon.core.internal.Ids;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer tokens the host pushes with: application tokens of its own API user, which holds
 * {@code user_update_permission} on each application it pushes to, as gds-sso expects of GOV.UK
 * Signon's.
 *
 * <p>The clear token is kept in this object's memory only, never at rest: the store holds its hash
 * like any application token's. Encrypting it into the store would let every instance share one
 * token, but would put a usable credential for every application behind one key; instead each
 * instance issues its own token per application when it first needs one, and again when its token
 * nears expiry or was revoked. A restart costs one new token per application; the old ones expire
 * on their own and can be revoked as any application token is.
 */
final class PushCredentials {
  /** The role a relying app's gds-sso checks on the pushing token. */
  static final String UPDATE_PERMISSION = "user_update_permission";

  /** The host's push API user, found by this address. */
  static final Email PUSH_USER = Email.of("push@signon.invalid");

  private final SignonStore store;
  private final SecureRandom random;
  private final Duration validity;
  private final Map<ApplicationId, Held> held = new ConcurrentHashMap<>();

  private record Held(ApplicationTokenId id, TokenValue value, Instant expiresAt) {}

  PushCredentials(SignonStore store, SecureRandom random, Duration validity) {
    this.store = store;
    this.random = random;
    this.validity = validity;
  }

  /** A live token of the push API user for {@code app}, issuing one if need be. */
  TokenValue tokenFor(ApplicationId app, Instant now) {
    Held h = held.get(app);
    if (h != null && now.isBefore(h.expiresAt().minus(validity.dividedBy(4)))) {
      boolean live =
          store.transaction(
              tx -> tx.applicationTokens().find(h.id()).map(t -> t.isLive(now)).orElse(false));
      if (live) {
        return h.value();
      }
    }
    Held issued;
    try {
      issued = store.transaction(tx -> issue(tx, app, now));
    } catch (ConflictException e) {
      // Another instance created the push user at the same moment: it exists now.
      issued = store.transaction(tx -> issue(tx, app, now));
    }
    held.put(app, issued);
    return issued.value();
  }

  private Held issue(StoreTransaction tx, ApplicationId appId, Instant now) {
    User pushUser = pushUser(tx, now);
    Application app =
        tx.applications()
            .find(appId)
            .orElseThrow(() -> new IllegalStateException("no application " + appId));
    if (!app.hasRole(UPDATE_PERMISSION)) {
      tx.applications().update(app.toBuilder().role(Role.of(UPDATE_PERMISSION)).build());
    }
    Set<String> roles = Set.of(Role.SIGNIN, UPDATE_PERMISSION);
    Optional<Grant> grant = tx.grants().find(appId, Grantee.user(pushUser.uid()));
    if (grant.isEmpty()) {
      tx.grants()
          .insert(
              new Grant(
                  new GrantId(Ids.randomUuid(random)), appId, Grantee.user(pushUser.uid()), roles));
    } else if (!grant.get().roles().containsAll(roles)) {
      Set<String> more = new HashSet<>(grant.get().roles());
      more.addAll(roles);
      tx.grants().update(grant.get().withRoles(more));
    }
    TokenValue value = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);
    ApplicationToken token =
        new ApplicationToken(
            new ApplicationTokenId(Ids.randomUuid(random)),
            value.hash(),
            pushUser.uid(),
            appId,
            now,
            now.plus(validity),
            null,
            null,
            null,
            null);
    tx.applicationTokens().insert(token);
    tx.audit()
        .append(
            new AuditEvent(
                Ids.randomUuid(random),
                now,
                AuditEventType.APPLICATION_TOKEN_CREATED,
                pushUser.uid(),
                null,
                appId,
                token.id().toString(),
                null,
                null,
                "for pushes to " + app.clientId()));
    return new Held(token.id(), value, token.expiresAt());
  }

  private User pushUser(StoreTransaction tx, Instant now) {
    Optional<User> found = tx.users().findByEmail(PUSH_USER);
    if (found.isPresent()) {
      return found.get();
    }
    User u =
        User.builder()
            .uid(new UserId(Ids.randomUuid(random)))
            .name("Signon pushes")
            .email(PUSH_USER)
            .apiUser(true)
            .status(UserStatus.ACTIVE)
            .createdAt(now)
            .build();
    tx.users().insert(u);
    tx.audit()
        .append(
            new AuditEvent(
                Ids.randomUuid(random),
                now,
                AuditEventType.API_USER_CREATED,
                u.uid(),
                null,
                null,
                null,
                null,
                null,
                "the host's own API user for pushes"));
    return u;
  }
}
