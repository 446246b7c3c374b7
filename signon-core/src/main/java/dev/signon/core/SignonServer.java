package dev.signon.core;

import dev.signon.core.admin.AdminApi;
import dev.signon.core.admin.AdminService;
import dev.signon.core.admin.AdminServices;
import dev.signon.core.admin.ApplicationTokenAdmin;
import dev.signon.core.admin.Housekeeping;
import dev.signon.core.admin.HousekeepingSettings;
import dev.signon.core.admin.TokenHandovers;
import dev.signon.core.admin.TokenRotations;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.federation.UpstreamArrivals;
import dev.signon.core.health.HostHealth;
import dev.signon.core.notify.NoticeDelivery;
import dev.signon.core.notify.NoticeSender;
import dev.signon.core.notify.NoticeSettings;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.EndpointPaths;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.SignInGate;
import dev.signon.core.oauth.TokenLifetimes;
import dev.signon.core.pages.HostPages;
import dev.signon.core.pages.PageRenderer;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.signin.DeviseSha512;
import dev.signon.core.signin.EmailedLinks;
import dev.signon.core.signin.HostSessions;
import dev.signon.core.signin.PasswordSignIn;
import dev.signon.core.signin.SignInServices;
import dev.signon.core.signin.SignInSettings;
import dev.signon.core.signin.TwoStep;
import dev.signon.core.store.SignonStore;
import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.token.KeyEncryptionKey;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Signon host: the directory, its admin operations, and (as they are added) sign-in and the token
 * engine, over one store. Build one per process and share it; it is thread-safe and holds no state
 * of its own beyond the store, so several instances over one database act as one host.
 *
 * <pre>{@code
 * SignonServer server = SignonServer.builder()
 *     .issuer(URI.create("https://signon.example.gov.uk"))
 *     .store(JdbcSignonStore.embedded(Path.of("data")))
 *     .keyEncryptionKey(KeyEncryptionKey.fromBase64(System.getenv("SIGNON_KEY_ENCRYPTION_KEY")))
 *     .build();
 * User joe = server.admin().createUser(Actor.host(), NewUser.of("Joe", Email.of("joe@example.com")));
 * }</pre>
 */
public final class SignonServer implements AutoCloseable {
  private final URI issuer;
  private final SignonStore store;
  private final Clock clock;
  private final AuthorizationServer authorizationServer;
  private final SignInSettings signInSettings;
  private final SignInServices signIn;
  private final AdminServices admin;
  private final Housekeeping housekeeping;
  private final HostPaths paths;
  private final boolean magicLinks;
  private final SecureRandom random;
  private final ThrottleSettings throttleSettings;
  private final @Nullable NoticeDelivery noticeDelivery;
  private final NoticeSettings noticeSettings;
  private final HostHealth health;
  private final UpstreamArrivals arrivals;

  private SignonServer(
      Builder b, URI issuer, SignonStore given, KeyEncryptionKey kek, SecureRandom random) {
    ServerAssembly parts = new ServerAssembly(b, issuer, given, kek, random);
    this.issuer = issuer;
    this.store = parts.store;
    this.health = HostHealth.of(store, HostHealth.DEFAULT_TIMEOUT);
    this.clock = b.clock;
    this.signInSettings = b.signInSettings;
    this.paths = parts.paths;
    this.magicLinks = b.magicLinks;
    this.random = random;
    this.throttleSettings = b.throttleSettings;
    this.signIn = parts.signIn;
    this.authorizationServer = parts.authorizationServer;
    this.admin = parts.admin;
    this.housekeeping = admin.housekeeping();
    this.arrivals = parts.arrivals;
    this.noticeSettings = b.noticeSettings;
    this.noticeDelivery = parts.noticeDelivery;
  }

  /** A builder; {@code issuer} and {@code store} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The issuer identifier: the host's base URL, exactly as relying apps configure it. */
  public URI issuer() {
    return issuer;
  }

  /** Where the host serves its endpoints and pages, below the issuer. */
  public HostPaths paths() {
    return paths;
  }

  /**
   * The host's own pages for people (sign-in, two-step verification, emailed links, profile,
   * sign-out), drawn by {@code renderer}; {@code signon-servlet}'s endpoint servlet serves them.
   * Who signs in here is who the authorization endpoint sees, unless the builder was given another
   * {@link Builder#signInGate gate}.
   */
  public HostPages pages(PageRenderer renderer) {
    return HostPages.create(
        signIn,
        signInSettings,
        store,
        paths,
        magicLinks,
        random,
        Objects.requireNonNull(renderer, "renderer"),
        admin,
        arrivals);
  }

  /** People arriving from the host's upstream identity providers, and those upstreams. */
  public UpstreamArrivals upstreamArrivals() {
    return arrivals;
  }

  /** The store the host keeps its state in. */
  public SignonStore store() {
    return store;
  }

  /** Whether the host is live and ready to serve (its store answers). */
  public HostHealth health() {
    return health;
  }

  /** The clock the host reads time from. */
  public Clock clock() {
    return clock;
  }

  /** The admin operations on the directory, including inviting people and resetting 2SV. */
  public AdminService admin() {
    return admin.admin();
  }

  /** The OAuth 2.0 / OpenID Connect endpoints, as functions. */
  public AuthorizationServer authorizationServer() {
    return authorizationServer;
  }

  /** The numbers of signing in in force (lockout, idle timeout, link lifetimes, inactivity). */
  public SignInSettings signInSettings() {
    return signInSettings;
  }

  /**
   * The throttling limits in force, and whose {@code X-Forwarded-For} names the client address
   * (which the servlet reads).
   */
  public ThrottleSettings throttleSettings() {
    return throttleSettings;
  }

  /** Signing in with a password, and changing it. */
  public PasswordSignIn passwordSignIn() {
    return signIn.passwordSignIn();
  }

  /** Two-step verification: checking codes and setting it up. */
  public TwoStep twoStep() {
    return signIn.twoStep();
  }

  /** The emailed one-time links: accepting invitations, password resets, unlocking, magic links. */
  public EmailedLinks emailedLinks() {
    return signIn.emailedLinks();
  }

  /** The host's own sessions: looking one up from its cookie, and signing out. */
  public HostSessions hostSessions() {
    return signIn.hostSessions();
  }

  /** The admin operations on the user agreement: list and add versions, read acceptances. */
  public dev.signon.core.admin.AgreementAdmin agreements() {
    return admin.agreements();
  }

  /** The admin operations on API users' application tokens: create, rotate, revoke, list. */
  public ApplicationTokenAdmin applicationTokens() {
    return admin.applicationTokens();
  }

  /**
   * The host's automatic rotation of application tokens (policies, delivery to secret sinks) and
   * the alerts before a token expires ({@code /healthcheck/api-tokens}, emails). The housekeeping
   * runs it.
   */
  public TokenRotations tokenRotations() {
    return admin.tokenRotations();
  }

  /** Changes of people's email addresses, confirmed by a link sent to the new address. */
  public dev.signon.core.admin.EmailChanges emailChanges() {
    return admin.emailChanges();
  }

  /** The one-time links that hand application tokens to their API user's address. */
  public TokenHandovers tokenHandovers() {
    return admin.tokenHandovers();
  }

  /**
   * The admin API: the operators' runbooks over HTTP, JSON in and out, for tokens issued for the
   * host's own admin application (see {@link AdminApi}).
   */
  public AdminApi adminApi() {
    return admin.adminApi();
  }

  /**
   * The work the host must do on a schedule, as one call: {@code housekeeping().run()} every few
   * minutes.
   */
  public Housekeeping housekeeping() {
    return housekeeping;
  }

  /**
   * Deletes expired codes, tokens, one-time keys, sign-in links, throttle counters and idle host
   * sessions in bounded batches; the same as {@code housekeeping().purgeExpired(batchSize,
   * maxBatches)}.
   *
   * @param batchSize rows deleted per transaction
   * @param maxBatches the most transactions one call runs
   * @return how many rows were deleted
   * @throws IllegalArgumentException if either is not positive
   */
  public int purgeExpired(int batchSize, int maxBatches) {
    return housekeeping.purgeExpired(batchSize, maxBatches);
  }

  /**
   * The worker that sends the host's notices to relying applications (gds-sso pushes and
   * back-channel logout tokens); run its {@link NoticeDelivery#deliverDue() deliverDue()} every few
   * seconds. Admin changes write their notices whether or not it runs; they wait until it does.
   *
   * @throws IllegalStateException if the builder was given no {@link Builder#noticeSender sender}
   */
  public NoticeDelivery noticeDelivery() {
    NoticeDelivery d = noticeDelivery;
    if (d == null) {
      throw new IllegalStateException(
          "no notice sender: give SignonServer.builder().noticeSender(...) one");
    }
    return d;
  }

  /** True when the builder was given a notice sender, so {@link #noticeDelivery()} works. */
  public boolean sendsNotices() {
    return noticeDelivery != null;
  }

  /** How notices to relying applications are retried and when they are given up. */
  public NoticeSettings noticeSettings() {
    return noticeSettings;
  }

  /** Closes the store. */
  @Override
  public void close() {
    health.close();
    store.close();
  }

  /** Builds a {@link SignonServer}. */
  public static final class Builder {
    @Nullable URI issuer;
    @Nullable SignonStore store;
    Clock clock = Clock.systemUTC();
    @Nullable SecureRandom random;
    @Nullable KeyEncryptionKey kek;
    @Nullable SignInGate gate;
    boolean magicLinks;
    TokenLifetimes lifetimes = TokenLifetimes.defaults();
    EndpointPaths paths = EndpointPaths.defaults();
    dev.signon.core.mail.EmailSender emailSender = dev.signon.core.mail.EmailSender.logging();
    dev.signon.core.signin.@Nullable PasswordHasher passwordHasher;
    @Nullable String legacyPasswordPepper;
    dev.signon.core.signin.PasswordPolicy passwordPolicy =
        dev.signon.core.signin.PasswordPolicy.defaults();
    SignInSettings signInSettings = SignInSettings.defaults();
    FederationSettings federation = FederationSettings.defaults();
    HousekeepingSettings housekeepingSettings = HousekeepingSettings.defaults();
    ThrottleSettings throttleSettings = ThrottleSettings.defaults();
    String serviceName = "Signon";
    String adminApiPath = dev.signon.core.admin.AdminApi.DEFAULT_BASE_PATH;
    String adminClientId = dev.signon.core.admin.AdminApi.DEFAULT_CLIENT_ID;
    java.time.Duration applicationTokenLinkValidity = TokenHandovers.DEFAULT_LINK_VALIDITY;
    @Nullable NoticeSender noticeSender;
    NoticeSettings noticeSettings = NoticeSettings.defaults();
    TokenRotationSettings tokenRotation = TokenRotationSettings.defaults();
    io.micrometer.core.instrument.@Nullable MeterRegistry meterRegistry;

    private Builder() {}

    /**
     * Sets how the host sends its notices to relying applications over HTTP ({@code
     * signon-servlet}'s {@code OkHttpNoticeSender}); without one, {@link #noticeDelivery()} is not
     * available and notices wait in the store.
     */
    public Builder noticeSender(NoticeSender noticeSender) {
      this.noticeSender = Objects.requireNonNull(noticeSender, "noticeSender");
      return this;
    }

    /** Sets how notices are retried and given up (default {@link NoticeSettings#defaults()}). */
    public Builder noticeSettings(NoticeSettings noticeSettings) {
      this.noticeSettings = Objects.requireNonNull(noticeSettings, "noticeSettings");
      return this;
    }

    /**
     * Sets where the admin API is served, relative to the issuer (default {@code /api/admin/v1}),
     * and the client id of the admin application whose tokens it accepts (default {@code signon}).
     *
     * @throws IllegalArgumentException if the path is not a plain path without a trailing slash
     */
    public Builder adminApi(String basePath, String clientId) {
      Objects.requireNonNull(basePath, "basePath");
      Objects.requireNonNull(clientId, "clientId");
      if (!basePath.matches("(/[A-Za-z0-9._~-]+)+") || clientId.isBlank()) {
        throw new IllegalArgumentException(
            "admin API path must look like /api/admin/v1 and the client id must not be blank");
      }
      this.adminApiPath = basePath;
      this.adminClientId = clientId;
      return this;
    }

    /**
     * Sets how often each part of the housekeeping runs (default {@link
     * HousekeepingSettings#defaults()}).
     */
    public Builder housekeepingSettings(HousekeepingSettings housekeepingSettings) {
      this.housekeepingSettings =
          Objects.requireNonNull(housekeepingSettings, "housekeepingSettings");
      return this;
    }

    /**
     * Sets how long a one-time link that hands an application token over works (default 24 hours).
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder applicationTokenLinkValidity(java.time.Duration validity) {
      Objects.requireNonNull(validity, "validity");
      if (validity.isNegative() || validity.isZero()) {
        throw new IllegalArgumentException("applicationTokenLinkValidity must be positive");
      }
      this.applicationTokenLinkValidity = validity;
      return this;
    }

    /**
     * Sets how the host rotates application tokens by itself: the default policy, the secret sinks
     * and the routes to them, the grace period and the alert thresholds (default {@link
     * TokenRotationSettings#defaults()}: 30 days before expiry, but no sinks, so no token rotates
     * itself and the host warns before each expires).
     */
    public Builder tokenRotation(TokenRotationSettings tokenRotation) {
      this.tokenRotation = Objects.requireNonNull(tokenRotation, "tokenRotation");
      return this;
    }

    /** Counts and times what the host does in {@code registry}: see docs/METRICS.md. */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Sets the upstream identity providers and whether passwords are taken (default: none, on). */
    public Builder federation(FederationSettings federation) {
      this.federation = Objects.requireNonNull(federation, "federation");
      return this;
    }

    /** Sets how email is sent (default: logged, for development). */
    public Builder emailSender(dev.signon.core.mail.EmailSender emailSender) {
      this.emailSender = Objects.requireNonNull(emailSender, "emailSender");
      return this;
    }

    /** Sets how passwords are hashed (default Argon2id at OWASP's minimum cost). */
    public Builder passwordHasher(dev.signon.core.signin.PasswordHasher passwordHasher) {
      this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
      return this;
    }

    /**
     * Also accepts the password hashes of people moved from GOV.UK Signon (Devise's sha512 with
     * Signon's {@code DEVISE_PEPPER}), and rehashes each with the host's hasher at its first
     * sign-in. The pepper is configuration: it is never stored. See {@link DeviseSha512}.
     *
     * @throws IllegalArgumentException if {@code pepper} is empty
     */
    public Builder legacyPasswordPepper(String pepper) {
      Objects.requireNonNull(pepper, "pepper");
      if (pepper.isEmpty()) {
        throw new IllegalArgumentException("legacyPasswordPepper must not be empty");
      }
      this.legacyPasswordPepper = pepper;
      return this;
    }

    /** Sets the password policy (default GOV.UK Signon's). */
    public Builder passwordPolicy(dev.signon.core.signin.PasswordPolicy passwordPolicy) {
      this.passwordPolicy = Objects.requireNonNull(passwordPolicy, "passwordPolicy");
      return this;
    }

    /**
     * Sets how many sign-in attempts, two-step codes, emailed-link requests and failed client
     * authentications a client address and an account may make before the host answers 429, and
     * which proxies to believe about the client address (default {@link
     * ThrottleSettings#defaults()}: on, no proxy trusted).
     */
    public Builder throttleSettings(ThrottleSettings throttleSettings) {
      this.throttleSettings = Objects.requireNonNull(throttleSettings, "throttleSettings");
      return this;
    }

    /** Sets the numbers of signing in (default GOV.UK Signon's). */
    public Builder signInSettings(dev.signon.core.signin.SignInSettings signInSettings) {
      this.signInSettings = Objects.requireNonNull(signInSettings, "signInSettings");
      return this;
    }

    /**
     * Sets the name people know the host by, in emails and authenticator apps (default "Signon").
     */
    public Builder serviceName(String serviceName) {
      this.serviceName = dev.signon.core.internal.Checks.text("serviceName", serviceName, 100);
      return this;
    }

    /**
     * Sets the key that encrypts signing keys at rest (32 bytes, from configuration; every host
     * instance sharing a store needs the same one).
     */
    public Builder keyEncryptionKey(KeyEncryptionKey kek) {
      this.kek = Objects.requireNonNull(kek, "kek");
      return this;
    }

    /**
     * Sets how the authorization endpoint learns who is signed in. By default it is the session
     * cookie of the host's own {@link SignonServer#pages pages}, and a challenge sends people to
     * their sign-in page; {@link SignInGate#none()} signs nobody in.
     */
    public Builder signInGate(SignInGate gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /**
     * Whether people may ask for a one-time sign-in link by email; off by default, when the pages
     * answer 404 to the links' request and use.
     */
    public Builder magicLinks(boolean enabled) {
      this.magicLinks = enabled;
      return this;
    }

    /** Sets token lifetimes (default {@link TokenLifetimes#defaults()}). */
    public Builder tokenLifetimes(TokenLifetimes lifetimes) {
      this.lifetimes = Objects.requireNonNull(lifetimes, "lifetimes");
      return this;
    }

    /** Sets the endpoint paths (default {@link EndpointPaths#defaults()}). */
    public Builder endpointPaths(EndpointPaths paths) {
      this.paths = Objects.requireNonNull(paths, "paths");
      return this;
    }

    /**
     * Sets the issuer: an absolute {@code https} URL (or {@code http} on localhost) with no query
     * or fragment.
     *
     * @throws IllegalArgumentException if it is not
     */
    public Builder issuer(URI issuer) {
      Objects.requireNonNull(issuer, "issuer");
      HostPaths.issuerProblem(issuer)
          .ifPresent(
              problem -> {
                throw new IllegalArgumentException("issuer " + problem);
              });
      this.issuer = issuer;
      return this;
    }

    /** Sets the store. */
    public Builder store(SignonStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Sets the clock (default: the system clock in UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the source of randomness for ids and secrets (default: a new {@link SecureRandom}). */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the server.
     *
     * @throws IllegalStateException naming a missing required setting
     */
    public SignonServer build() {
      if (issuer == null) {
        throw new IllegalStateException("issuer required");
      }
      if (store == null) {
        throw new IllegalStateException("store required");
      }
      if (kek == null) {
        throw new IllegalStateException("keyEncryptionKey required");
      }
      return new SignonServer(
          this, issuer, store, kek, random == null ? new SecureRandom() : random);
    }
  }
}
