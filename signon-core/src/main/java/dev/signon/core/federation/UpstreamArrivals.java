package dev.signon.core.federation;

import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.internal.Ids;
import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.signin.HostSessions;
import dev.signon.core.signin.Origin;
import dev.signon.core.signin.SignInServices;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.KeyEncryptionKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to a person an upstream has vouched for (seed 003's rule, on the host):
 *
 * <ol>
 *   <li>An identity linked before (issuer and {@code sub}) is that account.
 *   <li>Otherwise an account is matched by email, and only when the upstream asserted {@code
 *       email_verified}; an account pre-activated for another upstream is not matched.
 *   <li>Otherwise a new account is made: active at once when the upstream is trusted and its rules
 *       hold (email-domain allow-list, active at a Signon upstream), else pending until an admin
 *       activates it.
 * </ol>
 *
 * <p>Only an active account signs in; a pending one is told to wait and every other (suspended,
 * locked, deactivated, refused, invited) is refused. A linked person's email follows the upstream's
 * verified one. Every link, email change, pending account, activation and refusal is audited.
 *
 * <pre>{@code
 * Arrival a = server.upstreamArrivals().arrive(identity, origin);
 * }</pre>
 */
public final class UpstreamArrivals {
  private static final Logger log = LoggerFactory.getLogger(UpstreamArrivals.class);

  /** How long a started upstream sign-in may take to come back. */
  public static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

  private static final String PENDING_CONTEXT = "upstream-pending:";

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final HostSessions sessions;
  private final FederationSettings settings;
  private final Activation activation;
  private final KeyEncryptionKey kek;
  private final SignonMetrics metrics;

  private UpstreamArrivals(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      HostSessions sessions,
      FederationSettings settings,
      KeyEncryptionKey kek,
      SignonMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.kek = Objects.requireNonNull(kek, "kek");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.activation = new Activation(random);
  }

  /** The arrivals of a host's upstreams; {@code SignonServer} builds the one a host uses. */
  public static UpstreamArrivals create(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      SignInServices signIn,
      FederationSettings settings,
      KeyEncryptionKey kek,
      SignonMetrics metrics) {
    return new UpstreamArrivals(
        store, clock, random, signIn.hostSessions(), settings, kek, metrics);
  }

  /** The upstreams and the password switch these arrivals follow. */
  public FederationSettings settings() {
    return settings;
  }

  /**
   * Seals what an upstream sign-in keeps until its callback, for a cookie: encrypted and
   * authenticated under the host's key, bound to the upstream's name and valid for {@link
   * #PENDING_LIFETIME}.
   */
  public String sealPending(String upstream, String state, String kept) {
    Instant expires = clock.instant().plus(PENDING_LIFETIME);
    String plain = expires.getEpochSecond() + "\n" + state + "\n" + kept;
    return kek.encrypt(plain, PENDING_CONTEXT + upstream, random);
  }

  /**
   * Opens a sealed pending sign-in of {@code upstream} once: empty when it is forged, for another
   * upstream, expired, or its {@code state} completed before (on any host instance).
   */
  public Optional<Pending> openPending(String upstream, String sealed) {
    String plain;
    try {
      plain = kek.decrypt(sealed, PENDING_CONTEXT + upstream);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    String[] parts = plain.split("\n", 3);
    if (parts.length != 3) {
      return Optional.empty();
    }
    Instant expires;
    try {
      expires = Instant.ofEpochSecond(Long.parseLong(parts[0]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(expires)) {
      return Optional.empty();
    }
    String state = parts[1];
    boolean first =
        store.transaction(
            tx -> tx.oneTimeUses().claim("upstream-state:" + upstream + ":" + state, expires));
    return first ? Optional.of(new Pending(state, parts[2])) : Optional.empty();
  }

  /**
   * A pending upstream sign-in, opened once.
   *
   * @param state the {@code state} the callback must carry
   * @param kept what the protocol kept for the callback
   */
  public record Pending(String state, String kept) {
    /** Does not show what is kept. */
    @Override
    public String toString() {
      return "Pending[██]";
    }
  }

  /**
   * Matches {@code identity} to an account and signs the person in, leaves them pending, or refuses
   * them, in one transaction.
   *
   * @throws IllegalArgumentException if the identity names an upstream the host does not have, or
   *     an issuer other than that upstream's
   */
  public Arrival arrive(UpstreamIdentity identity, Origin origin) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(origin, "origin");
    Upstream upstream =
        settings
            .upstream(identity.upstream())
            .orElseThrow(
                () -> new IllegalArgumentException("no upstream named " + identity.upstream()));
    if (!sameIssuer(upstream.issuer().toString(), identity.issuer().toString())) {
      throw new IllegalArgumentException("identity issuer is not the upstream's");
    }
    Arrival a = store.transaction(tx -> decide(tx, upstream, identity, origin));
    if (a instanceof Arrival.Refused r) {
      log.debug("arrival from upstream {} refused: {}", upstream.name(), r.reason());
      metrics.signIn("upstream", "refused", r.reason());
    } else {
      metrics.signIn("upstream", a instanceof Arrival.Pending ? "pending" : "signed_in", "none");
    }
    return a;
  }

  private Arrival decide(
      StoreTransaction tx, Upstream upstream, UpstreamIdentity id, Origin origin) {
    Instant now = clock.instant();
    String issuer = id.issuer().toString();
    Optional<UpstreamLink> link = tx.upstreamLinks().find(issuer, id.subject());
    if (link.isPresent()) {
      Optional<User> user = tx.users().find(link.get().user());
      if (user.isEmpty()) {
        return refuse(tx, null, "account_missing", now, origin);
      }
      return linked(tx, upstream, id, user.get(), now, origin);
    }
    Email email = id.email();
    if (email != null && id.emailVerified()) {
      Optional<User> byEmail = tx.users().findByEmail(email);
      if (byEmail.isPresent()) {
        User u = byEmail.get();
        Optional<String> only = tx.upstreamLinks().emailMatchRestriction(u.uid());
        if (only.isPresent() && !only.get().equals(upstream.name())) {
          return refuse(tx, u.uid(), "restricted_to_another_upstream", now, origin);
        }
        if (u.apiUser()) {
          return refuse(tx, u.uid(), "api_user", now, origin);
        }
        boolean sameIssuer =
            tx.upstreamLinks().listByUser(u.uid()).stream()
                .anyMatch(l -> l.issuer().equals(issuer));
        if (sameIssuer) {
          // The account belongs to another identity at this upstream already.
          return refuse(tx, u.uid(), "linked_to_another_subject", now, origin);
        }
        if (u.status() != UserStatus.ACTIVE && u.status() != UserStatus.PENDING) {
          return refuse(tx, u.uid(), "account_" + u.status().wireName(), now, origin);
        }
        tx.upstreamLinks()
            .insert(new UpstreamLink(issuer, id.subject(), u.uid(), upstream.name(), now));
        activation.audit(
            tx, AuditEventType.UPSTREAM_LINKED, u.uid(), null, now, upstream.name(), origin);
        return linked(tx, upstream, id, u, now, origin);
      }
    } else if (email != null && tx.users().findByEmail(email).isPresent()) {
      // An unverified email never matches, and cannot name a second account either.
      return refuse(tx, null, "email_unverified", now, origin);
    }
    if (email == null) {
      return refuse(tx, null, "no_email", now, origin);
    }
    return newAccount(tx, upstream, id, email, now, origin);
  }

  /** A linked account: let in when active, told to wait when pending, else refused. */
  private Arrival linked(
      StoreTransaction tx,
      Upstream upstream,
      UpstreamIdentity id,
      User user,
      Instant now,
      Origin origin) {
    if (upstream.requireActiveAtUpstream() && !Boolean.TRUE.equals(id.activeAtUpstream())) {
      return refuse(tx, user.uid(), "inactive_at_upstream", now, origin);
    }
    User u = user;
    if (u.status() == UserStatus.PENDING && mayActivate(upstream, id)) {
      u = activateByUpstream(tx, upstream, u, now);
    }
    if (u.status() == UserStatus.PENDING) {
      return new Arrival.Pending(u.uid());
    }
    if (u.status() != UserStatus.ACTIVE) {
      return refuse(tx, u.uid(), "account_" + u.status().wireName(), now, origin);
    }
    u = followEmail(tx, upstream, id, u, now, origin);
    return new Arrival.SignedIn(sessions.startVerifiedSession(tx, u, origin));
  }

  /** A verified email that changed at the upstream replaces the account's, unless it is taken. */
  private User followEmail(
      StoreTransaction tx,
      Upstream upstream,
      UpstreamIdentity id,
      User u,
      Instant now,
      Origin origin) {
    Email email = id.email();
    if (email == null || !id.emailVerified() || email.equals(u.email())) {
      return u;
    }
    if (tx.users().findByEmail(email).isPresent()) {
      log.info("upstream {} email of {} not followed: taken by another account", upstream, u.uid());
      return u;
    }
    User changed = u.toBuilder().email(email).build();
    tx.users().update(changed);
    activation.audit(
        tx,
        AuditEventType.UPSTREAM_EMAIL_FOLLOWED,
        u.uid(),
        null,
        now,
        "from " + u.email() + " to " + email + " at " + upstream.name(),
        origin);
    return changed;
  }

  private Arrival newAccount(
      StoreTransaction tx,
      Upstream upstream,
      UpstreamIdentity id,
      Email email,
      Instant now,
      Origin origin) {
    String name = id.name();
    User u =
        User.builder()
            .uid(new UserId(Ids.randomUuid(random)))
            .name(name == null || name.isBlank() ? email.value() : name.strip())
            .email(email)
            .status(UserStatus.PENDING)
            .createdAt(now)
            .build();
    tx.users().insert(u);
    tx.upstreamLinks()
        .insert(
            new UpstreamLink(id.issuer().toString(), id.subject(), u.uid(), upstream.name(), now));
    activation.audit(
        tx, AuditEventType.ACCOUNT_PENDING, u.uid(), null, now, upstream.name(), origin);
    activation.audit(
        tx, AuditEventType.UPSTREAM_LINKED, u.uid(), null, now, upstream.name(), origin);
    if (upstream.requireActiveAtUpstream() && !Boolean.TRUE.equals(id.activeAtUpstream())) {
      return new Arrival.Pending(u.uid());
    }
    return linked(tx, upstream, id, u, now, origin);
  }

  /** Whether a trusted upstream's rules let it activate this person. */
  private static boolean mayActivate(Upstream upstream, UpstreamIdentity id) {
    Email email = id.email();
    return upstream.autoActivate()
        && email != null
        && id.emailVerified()
        && upstream.allowsDomainOf(email.value())
        && (!upstream.requireActiveAtUpstream() || Boolean.TRUE.equals(id.activeAtUpstream()));
  }

  /**
   * Activates {@code u} with the upstream's defaults; while one of them names what the directory
   * lacks (an organisation or application not created yet, a role the application lacks) the person
   * stays pending and the host logs which, rather than being let in with less than configured.
   */
  private User activateByUpstream(StoreTransaction tx, Upstream upstream, User u, Instant now) {
    List<Activation.UnresolvedDefault> missing = Activation.unresolvedDefaults(tx, upstream);
    if (!missing.isEmpty()) {
      log.error(
          "upstream {} cannot activate {}: its activation defaults name what this host lacks ({});"
              + " the person waits as pending until an admin activates them",
          upstream.name(),
          u.uid(),
          missing.stream().map(m -> m.setting() + ": " + m.problem()).toList());
      return u;
    }
    String slug = upstream.defaultOrganisationSlug();
    OrganisationId organisation =
        slug == null
            ? upstream.defaultOrganisation()
            : tx.organisations().findBySlug(slug).map(o -> o.id()).orElse(null);
    return activation.activate(
        tx,
        u,
        organisation,
        UserRole.NORMAL,
        upstream.defaultGrants(),
        null,
        now,
        "by upstream " + upstream.name());
  }

  private Arrival refuse(
      StoreTransaction tx, @Nullable UserId user, String reason, Instant now, Origin origin) {
    activation.audit(tx, AuditEventType.UPSTREAM_SIGN_IN_REFUSED, user, null, now, reason, origin);
    return new Arrival.Refused(reason);
  }

  /** Issuers compare equal with or without one trailing slash. */
  private static boolean sameIssuer(String a, String b) {
    return strip(a).equals(strip(b));
  }

  private static String strip(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
