package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.rotation.ApiTokenHealth;
import dev.signon.core.rotation.ClientSecretDelivery;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.rotation.TokenRoute;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.KeyEncryptionKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host rotating API users' application tokens by itself, GOV.UK's "token expires soon" runbook
 * automated. When a token's {@link RotationPolicy} says it is due and a {@link SecretRoute} says
 * where its consuming application reads it, the host's housekeeping issues its successor, keeps the
 * successor's value sealed under the host's key until a {@link dev.signon.core.rotation.SecretSink}
 * has taken it (retrying with backoff), and then watches: the successor's first authenticated use
 * revokes the old token; if the successor goes unused for the grace period, the old token keeps
 * working until its own expiry and the host raises an alert (an audit event and {@link #health()}).
 * Every step happens once across host instances sharing a store.
 *
 * <pre>{@code
 * server.tokenRotations().setPolicy(superadmin, tokenId, RotationPolicy.every(Duration.ofDays(90)));
 * ApiTokenHealth health = server.tokenRotations().health();   // what /healthcheck/api-tokens says
 * }</pre>
 */
public final class TokenRotations {
  /** Where hosts serve {@link #healthResponse()}, below the issuer. */
  public static final String HEALTHCHECK_PATH = "/healthcheck/api-tokens";

  private static final Logger log = LoggerFactory.getLogger(TokenRotations.class);

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final KeyEncryptionKey kek;
  private final ApplicationTokenIssuer issuer;
  private final TokenRotationSettings settings;
  private final SecretDeliveries deliveries;
  private final ClientSecretRotations clientSecrets;
  private final TokenExpiryAlerts alerts;
  private final SignonMetrics metrics;

  TokenRotations(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      KeyEncryptionKey kek,
      ApplicationTokenIssuer issuer,
      TokenRotationSettings settings,
      TokenExpiryAlerts alerts,
      SignonMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.kek = Objects.requireNonNull(kek, "kek");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.deliveries = new SecretDeliveries(store, clock, random, kek, settings, metrics);
    this.clientSecrets = new ClientSecretRotations(store, clock, random, kek, settings, metrics);
    this.alerts = Objects.requireNonNull(alerts, "alerts");
  }

  /** The policies, sinks, routes and alert thresholds in force. */
  public TokenRotationSettings settings() {
    return settings;
  }

  /**
   * Gives a token a rotation policy of its own (superadmin only); its successors inherit it.
   *
   * @throws NotFoundException if there is no such token
   * @throws dev.signon.core.error.AccessDeniedException if the actor is not a superadmin
   */
  public void setPolicy(Actor actor, ApplicationTokenId token, RotationPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    changeToken(actor, token, tx -> tx.tokenRotations().setPolicy(token, policy), policy.text());
  }

  /**
   * Gives a token a route of its own (superadmin only; audited), which takes precedence over the
   * host's configured routes and which its successors inherit; {@code null} removes it, so the
   * host's configuration applies again.
   *
   * @throws NotFoundException if there is no such token
   * @throws InvalidInputException if the route names a sink the host has not configured
   * @throws dev.signon.core.error.AccessDeniedException if the actor is not a superadmin
   */
  public void setRoute(Actor actor, ApplicationTokenId token, @Nullable TokenRoute route) {
    Objects.requireNonNull(token, "token");
    changeToken(
        actor,
        token,
        tx -> {
          // Checked after the actor, so only a superadmin learns which sinks exist.
          if (route != null && !settings.sinks().containsKey(route.sink())) {
            throw new InvalidInputException(
                "no sink named '" + route.sink() + "' is configured on this host");
          }
          tx.tokenRotations().setRoute(token, route);
        },
        route == null ? "route: the host's configuration" : "route " + route.text());
  }

  /**
   * Makes {@code change} to how {@code token} rotates, as a superadmin, and audits it with {@code
   * detail}.
   */
  private void changeToken(
      Actor actor,
      ApplicationTokenId token,
      java.util.function.Consumer<dev.signon.core.store.StoreTransaction> change,
      String detail) {
    store.transaction(
        tx -> {
          ApplicationTokenIssuer.checkSuperadmin(tx, actor, "manage application tokens");
          ApplicationToken t =
              tx.applicationTokens()
                  .find(token)
                  .orElseThrow(() -> new NotFoundException("no application token " + token));
          change.accept(tx);
          ApplicationTokenIssuer.audit(
              tx,
              random,
              actor,
              AuditEventType.APPLICATION_TOKEN_ROTATION_POLICY_SET,
              t.apiUser(),
              t.application(),
              token,
              clock.instant(),
              detail);
          return null;
        });
  }

  /** The route {@code token} has of its own, if one was set with {@link #setRoute}. */
  public Optional<TokenRoute> ownRoute(ApplicationTokenId token) {
    return store.transaction(tx -> tx.tokenRotations().route(token));
  }

  /**
   * Where {@code token}'s successor would be delivered: its own route, else the host's configured
   * route for its API user and application; empty if neither, or its API user or application is no
   * longer live.
   */
  public Optional<SecretRoute> route(ApplicationTokenId token) {
    return store.transaction(tx -> tx.applicationTokens().find(token).flatMap(t -> route(tx, t)));
  }

  /** The policy {@code token} follows: its own, or the host's default. */
  public RotationPolicy policy(ApplicationTokenId token) {
    return store.transaction(tx -> policy(tx, token));
  }

  private RotationPolicy policy(StoreTransaction tx, ApplicationTokenId token) {
    return tx.tokenRotations().policy(token).orElse(settings.defaultPolicy());
  }

  /** The rotation that replaces {@code predecessor}, if one was started. */
  public Optional<TokenRotationState> rotationOf(ApplicationTokenId predecessor) {
    return store.transaction(tx -> tx.tokenRotations().find(predecessor));
  }

  /**
   * Starts the rotation of every token that is due by its policy and has a route: claims it (once
   * across host instances), issues its successor and seals the successor's value for delivery. The
   * housekeeping calls it; each token is rotated in a transaction of its own, so one that cannot be
   * (its API user suspended meanwhile) does not hold up the others.
   *
   * @return how many rotations were started
   */
  public int rotateDue() {
    Instant now = clock.instant();
    List<Due> due = store.transaction(tx -> listDue(tx, now));
    int started = 0;
    int failed = 0;
    for (Due d : due) {
      try {
        if (store.transaction(tx -> start(tx, d, now))) {
          started++;
        }
      } catch (SignonRejectedException e) {
        failed++;
        log.warn("application token {} could not be rotated: {}", d.token(), e.getMessage());
      }
    }
    metrics.rotations("started", started);
    metrics.rotations("failed", failed);
    return started;
  }

  /** A token due for rotation and where its successor goes. */
  private record Due(ApplicationTokenId token, SecretRoute route) {}

  private List<Due> listDue(StoreTransaction tx, Instant now) {
    List<ApplicationToken> live =
        tx.applicationTokens().listExpiring(now, TokenRotations.horizon(now));
    // A token already replaced by a live successor (rotated by hand) is not rotated again.
    Set<ApplicationTokenId> replaced = new HashSet<>();
    for (ApplicationToken t : live) {
      if (t.replaces() != null) {
        replaced.add(t.replaces());
      }
    }
    List<Due> out = new ArrayList<>();
    for (ApplicationToken t : live) {
      if (replaced.contains(t.id())) {
        continue;
      }
      Optional<Instant> dueAt = policy(tx, t.id()).dueAt(t);
      if (dueAt.isEmpty() || dueAt.get().isAfter(now)) {
        continue;
      }
      route(tx, t).ifPresent(r -> out.add(new Due(t.id(), r)));
    }
    return out;
  }

  /** The route of {@code t}'s successor, if its API user and application are live and routed. */
  Optional<SecretRoute> route(StoreTransaction tx, ApplicationToken t) {
    Optional<User> user = tx.users().find(t.apiUser()).filter(User::isActive);
    Optional<Application> app = tx.applications().find(t.application()).filter(a -> !a.retired());
    if (user.isEmpty() || app.isEmpty()) {
      return Optional.empty();
    }
    String email = user.get().email().value();
    Optional<TokenRoute> own = tx.tokenRotations().route(t.id());
    if (own.isPresent()) {
      return Optional.of(own.get().forToken(email, app.get().clientId()));
    }
    return settings.route(email, app.get().clientId(), app.get().name());
  }

  private boolean start(StoreTransaction tx, Due d, Instant now) {
    if (!tx.tokenRotations().claim(d.token(), now)) {
      return false; // another host instance rotated it, or it was revoked meanwhile
    }
    ApplicationTokenAdmin.NewApplicationToken successor =
        issuer.rotate(tx, Actor.host(), d.token());
    ApplicationToken s = successor.token();
    SecretRoute r = d.route();
    tx.tokenRotations()
        .insert(
            new TokenRotationState(
                d.token(),
                s.id(),
                s.apiUser(),
                s.application(),
                r.sink(),
                r.target(),
                r.key(),
                kek.encrypt(
                    successor.value().reveal(), SecretDeliveries.context(d.token()), random),
                now,
                0,
                now,
                null,
                null,
                null,
                null));
    return true;
  }

  /**
   * Delivers every successor whose next attempt is due to its sink, once across host instances; a
   * failure is recorded and tried again after a backoff. The housekeeping calls it.
   *
   * @return how many were delivered
   */
  public int deliverPending() {
    if (metrics.enabled()) {
      health(); // keeps the expiry gauges current at every housekeeping run
    }
    int delivered = deliveries.deliverPending() + clientSecrets.deliverPending();
    reportOpen();
    return delivered;
  }

  /**
   * Gives a confidential application a new client secret (superadmin only; audited), which takes
   * effect at once, and when a {@link dev.signon.core.rotation.ClientSecretRoute} names a sink for
   * the application, delivers it there: tried at once, and if the sink fails, kept sealed and tried
   * again by the housekeeping with a backoff until the sink takes it. The secret is never logged.
   *
   * @return the secret, to show once, and its delivery if routed
   * @throws NotFoundException if there is no such application
   * @throws dev.signon.core.error.InvalidInputException if it authenticates without a secret
   * @throws dev.signon.core.error.AccessDeniedException if the actor is not a superadmin
   */
  public RotatedClientSecret rotateClientSecret(Actor actor, ApplicationId application) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(application, "application");
    return clientSecrets.rotate(actor, application);
  }

  /** The latest delivery of {@code application}'s client secret to a sink, if one was routed. */
  public Optional<ClientSecretDelivery> clientSecretDelivery(ApplicationId application) {
    return store.transaction(tx -> tx.clientSecretDeliveries().find(application));
  }

  /**
   * Raises the alert for every rotation whose successor went unused for the grace period: audited
   * once, and shown by {@link #health()}. The old token keeps working until it expires.
   *
   * @return how many alerts were raised
   */
  public int raiseStalled() {
    Instant now = clock.instant();
    int stalled =
        store.transaction(
            tx -> {
              int n = 0;
              for (TokenRotationState r : tx.tokenRotations().listOpen()) {
                if (r.stalledAt() != null || r.startedAt().plus(settings.grace()).isAfter(now)) {
                  continue;
                }
                Optional<ApplicationToken> s = tx.applicationTokens().find(r.successor());
                if (s.isEmpty() || s.get().lastUsedAt() != null) {
                  continue; // gone, or used: the completion deals with it
                }
                if (tx.tokenRotations().stalled(r.predecessor(), now)) {
                  ApplicationTokenIssuer.audit(
                      tx,
                      random,
                      Actor.host(),
                      AuditEventType.APPLICATION_TOKEN_ROTATION_STALLED,
                      r.apiUser(),
                      r.application(),
                      r.predecessor(),
                      now,
                      "successor application-token:"
                          + r.successor()
                          + " unused after "
                          + settings.grace().toDays()
                          + " days; the old token works until it expires");
                  log.warn(
                      "application token {} was rotated but its successor has not been used",
                      r.predecessor());
                  n++;
                }
              }
              return n;
            });
    metrics.rotations("stalled", stalled);
    reportOpen();
    return stalled;
  }

  /** Sets the open-rotation gauges from the rotations not completed. */
  private void reportOpen() {
    if (!metrics.enabled()) {
      return;
    }
    List<TokenRotationState> open = store.transaction(tx -> tx.tokenRotations().listOpen());
    int delivering = 0;
    int awaitingUse = 0;
    int stalled = 0;
    for (TokenRotationState r : open) {
      if (r.stalledAt() != null) {
        stalled++;
      } else if (r.pending()) {
        delivering++;
      } else {
        awaitingUse++;
      }
    }
    metrics.openRotations(delivering, awaitingUse, stalled);
  }

  /**
   * Emails API users about tokens that will not rotate themselves and expire soon (30, 14, 7 and 1
   * days before by default), each notice once across host instances.
   *
   * @return how many were sent
   */
  public int sendExpiryNotices() {
    return alerts.sendExpiryNotices(this);
  }

  /**
   * Every live token's expiry and whether it will rotate itself, and the worst status: what {@code
   * /healthcheck/api-tokens} serves and what metrics can read. Never holds a token value.
   */
  public ApiTokenHealth health() {
    ApiTokenHealth health = alerts.health(this);
    metrics.apiTokens(health);
    return health;
  }

  /**
   * {@link #health()} as the JSON of {@code /healthcheck/api-tokens}: {@code status} ({@code ok},
   * {@code warning} or {@code critical}) and each token's API user, application, expiry and last
   * use. Always 200, so a monitor reads the status from the body.
   */
  public ProtocolResponse healthResponse() {
    return TokenExpiryAlerts.json(health());
  }

  /** The far end of "every live token": a hundred years on, which every database can store. */
  static Instant horizon(Instant now) {
    return now.plus(java.time.Duration.ofDays(36_500));
  }

  /** Whether {@code t} rotates itself: a policy that is not manual and a route. */
  boolean rotatesItself(StoreTransaction tx, ApplicationToken t) {
    return policy(tx, t.id()).kind() != RotationPolicy.Kind.MANUAL && route(tx, t).isPresent();
  }
}
