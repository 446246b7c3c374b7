package dev.signon.core.admin;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.internal.Ids;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.TokenRoute;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Issues application tokens inside a caller's transaction: a new token, or a rotation's successor,
 * checked, granted {@code signin} and audited. Shared by the admin operations ({@link
 * ApplicationTokenAdmin}) and the host's automatic rotation ({@link TokenRotations}).
 */
final class ApplicationTokenIssuer {
  private final Clock clock;
  private final SecureRandom random;
  private final Duration defaultValidity;

  ApplicationTokenIssuer(Clock clock, SecureRandom random, Duration defaultValidity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.defaultValidity = Objects.requireNonNull(defaultValidity, "defaultValidity");
  }

  /** How long a new token is valid unless told otherwise. */
  Duration defaultValidity() {
    return defaultValidity;
  }

  ApplicationTokenAdmin.NewApplicationToken issue(
      StoreTransaction tx,
      Actor actor,
      UserId apiUserId,
      ApplicationId appId,
      Duration validity,
      @Nullable ApplicationTokenId replaces) {
    checkSuperadmin(tx, actor, "manage application tokens");
    User apiUser =
        tx.users().find(apiUserId).orElseThrow(() -> new NotFoundException("no user " + apiUserId));
    if (!apiUser.apiUser()) {
      throw new InvalidInputException("application tokens are for API users only");
    }
    if (!apiUser.isActive()) {
      throw new InvalidInputException("the API user is not active");
    }
    Application app =
        tx.applications()
            .find(appId)
            .orElseThrow(() -> new NotFoundException("no application " + appId));
    if (app.retired()) {
      throw new InvalidInputException("application " + app.clientId() + " is retired");
    }
    Instant now = clock.instant();
    Optional<Grant> grant = tx.grants().find(appId, Grantee.user(apiUserId));
    if (grant.isEmpty()) {
      tx.grants()
          .insert(
              new Grant(
                  new GrantId(Ids.randomUuid(random)),
                  appId,
                  Grantee.user(apiUserId),
                  Set.of(Role.SIGNIN)));
    } else if (!grant.get().roles().contains(Role.SIGNIN)) {
      Set<String> roles = new HashSet<>(grant.get().roles());
      roles.add(Role.SIGNIN);
      tx.grants().update(grant.get().withRoles(roles));
    }
    TokenValue value = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);
    ApplicationToken token =
        new ApplicationToken(
            new ApplicationTokenId(Ids.randomUuid(random)),
            value.hash(),
            apiUserId,
            appId,
            now,
            now.plus(validity),
            null,
            null,
            actor.user(),
            replaces);
    tx.applicationTokens().insert(token);
    audit(tx, actor, AuditEventType.APPLICATION_TOKEN_CREATED, apiUserId, appId, token.id(), now);
    return new ApplicationTokenAdmin.NewApplicationToken(token, value);
  }

  ApplicationTokenAdmin.NewApplicationToken rotate(
      StoreTransaction tx, Actor actor, ApplicationTokenId id) {
    ApplicationToken old =
        tx.applicationTokens()
            .find(id)
            .orElseThrow(() -> new NotFoundException("no application token " + id));
    if (old.revokedAt() != null) {
      throw new InvalidInputException("a revoked token cannot be rotated");
    }
    ApplicationTokenAdmin.NewApplicationToken successor =
        issue(tx, actor, old.apiUser(), old.application(), defaultValidity, id);
    // The successor follows the same rotation policy as the token it replaces.
    Optional<RotationPolicy> policy = tx.tokenRotations().policy(id);
    if (policy.isPresent()) {
      tx.tokenRotations().setPolicy(successor.token().id(), policy.get());
    }
    // ... and goes where the token it replaces was routed, if it had a route of its own.
    Optional<TokenRoute> route = tx.tokenRotations().route(id);
    if (route.isPresent()) {
      tx.tokenRotations().setRoute(successor.token().id(), route.get());
    }
    audit(
        tx,
        actor,
        AuditEventType.APPLICATION_TOKEN_ROTATED,
        old.apiUser(),
        old.application(),
        id,
        successor.token().createdAt(),
        "successor application-token:" + successor.token().id());
    return successor;
  }

  static void checkSuperadmin(StoreTransaction tx, Actor actor, String what) {
    UserId uid = actor.user();
    if (uid == null) {
      return;
    }
    User u = tx.users().find(uid).orElseThrow(() -> new AccessDeniedException("unknown actor"));
    AdminPolicy.over(OrganisationGraph.of(List.of())).checkSuperadmin(u, what);
  }

  private void audit(
      StoreTransaction tx,
      Actor actor,
      AuditEventType type,
      UserId subject,
      ApplicationId app,
      ApplicationTokenId token,
      Instant now) {
    audit(tx, random, actor, type, subject, app, token, now, "");
  }

  private void audit(
      StoreTransaction tx,
      Actor actor,
      AuditEventType type,
      UserId subject,
      ApplicationId app,
      ApplicationTokenId token,
      Instant now,
      String detail) {
    audit(tx, random, actor, type, subject, app, token, now, detail);
  }

  /** Appends an event about the application token {@code token}, done by {@code actor}. */
  static void audit(
      StoreTransaction tx,
      SecureRandom random,
      Actor actor,
      AuditEventType type,
      UserId subject,
      ApplicationId app,
      ApplicationTokenId token,
      Instant now,
      String detail) {
    tx.audit()
        .append(
            new AuditEvent(
                Ids.randomUuid(random),
                now,
                type,
                subject,
                actor.user(),
                app,
                "application-token:" + token,
                actor.ipAddress(),
                actor.userAgent(),
                detail));
  }
}
