package dev.signon.spring.server;

import dev.signon.core.admin.HousekeepingSettings;
import dev.signon.core.oauth.TokenLifetimes;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code signon.server.*} properties of a Signon host: who it is, the key that protects its
 * signing keys, how long tokens live, the numbers of signing in, how it sends email and how often
 * its housekeeping runs.
 *
 * <pre>{@code
 * signon.server.issuer=https://signon.example.gov.uk
 * signon.server.key-encryption-key=${SIGNON_KEY_ENCRYPTION_KEY}
 * signon.server.service-name=GOV.UK Signon
 * signon.server.smtp.host=smtp.example.gov.uk
 * signon.server.smtp.from=signon@example.gov.uk
 * }</pre>
 */
@ConfigurationProperties("signon.server")
public class SignonServerProperties {
  /**
   * Whether to run a Signon host in this application. On by default when signon-core is on the
   * class path.
   */
  private boolean enabled = true;

  /**
   * The issuer: the host's public base URL, exactly as relying apps configure it. An https URL
   * (plain http only on localhost or 127.0.0.1) without query or fragment. Its path, if any, is
   * where the endpoints and sign-in pages are served (https://example.gov.uk/signon serves
   * /signon/oauth/token and so on).
   */
  private @Nullable URI issuer;

  /**
   * The key that encrypts the host's signing keys at rest: 32 random bytes in base64 (for instance
   * from 'openssl rand -base64 32'). Every host instance sharing a database needs the same one.
   * Keep it out of source control: pass it in the environment (SIGNON_SERVER_KEY_ENCRYPTION_KEY).
   */
  private @Nullable String keyEncryptionKey;

  /** The name people know the host by, in emails, page titles and authenticator apps. */
  private String serviceName = "Signon";

  /** The database store. */
  private final Store store = new Store();

  /** How long each kind of token lives. */
  private final Tokens tokens = new Tokens();

  /** The numbers of signing in; the defaults are GOV.UK Signon's. */
  @NestedConfigurationProperty
  private final SignonSignInProperties signIn = new SignonSignInProperties();

  private final SignonNoticeProperties notices = new SignonNoticeProperties();

  /** The host's own sign-in pages. */
  private final Pages pages = new Pages();

  /**
   * The SMTP server that sends invitations, password resets and other emails. When no host is set,
   * emails are only logged (recipient and subject at INFO, the body at DEBUG): for development.
   */
  @NestedConfigurationProperty private final SignonSmtpProperties smtp = new SignonSmtpProperties();

  /** The housekeeping the host runs on a schedule. */
  private final Jobs jobs = new Jobs();

  /**
   * Upstream identity providers the host signs people in through, by name: {@code
   * signon.server.upstreams.<name>.*} (see {@link SignonUpstreamProperties}).
   */
  private final java.util.Map<String, SignonUpstreamProperties> upstreams =
      new java.util.LinkedHashMap<>();

  /**
   * Throttling of sign-in, two-step codes, emailed-link requests and failed client authentications,
   * per client address and per account.
   */
  @NestedConfigurationProperty
  private final SignonThrottlingProperties throttling = new SignonThrottlingProperties();

  /** Automatic rotation of API users' application tokens, and the warnings before they expire. */
  @NestedConfigurationProperty
  private final SignonTokenRotationProperties tokenRotation = new SignonTokenRotationProperties();

  /** Where rotated application tokens can be delivered: a directory, a signed webhook. */
  @NestedConfigurationProperty
  private final SignonSecretSinksProperties secretSinks = new SignonSecretSinksProperties();

  public SignonTokenRotationProperties getTokenRotation() {
    return tokenRotation;
  }

  public SignonSecretSinksProperties getSecretSinks() {
    return secretSinks;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public @Nullable URI getIssuer() {
    return issuer;
  }

  public void setIssuer(@Nullable URI issuer) {
    this.issuer = issuer;
  }

  public @Nullable String getKeyEncryptionKey() {
    return keyEncryptionKey;
  }

  public void setKeyEncryptionKey(@Nullable String keyEncryptionKey) {
    this.keyEncryptionKey = keyEncryptionKey;
  }

  public String getServiceName() {
    return serviceName;
  }

  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  public Store getStore() {
    return store;
  }

  public Tokens getTokens() {
    return tokens;
  }

  public SignonSignInProperties getSignIn() {
    return signIn;
  }

  /** The {@code signon.server.notices.*} properties: pushes and back-channel logout. */
  public SignonNoticeProperties getNotices() {
    return notices;
  }

  public Pages getPages() {
    return pages;
  }

  public SignonSmtpProperties getSmtp() {
    return smtp;
  }

  public java.util.Map<String, SignonUpstreamProperties> getUpstreams() {
    return upstreams;
  }

  public Jobs getJobs() {
    return jobs;
  }

  public SignonThrottlingProperties getThrottling() {
    return throttling;
  }

  /** The database store. */
  public static class Store {
    /**
     * Whether to bring Signon's tables in the application's DataSource up to date at start (its own
     * Flyway history table, signon_schema_history, apart from any of the application's). Turn it
     * off when the schema is migrated by other means.
     */
    private boolean migrate = true;

    public boolean isMigrate() {
      return migrate;
    }

    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }
  }

  /** How long each kind of token lives. */
  public static class Tokens {
    /**
     * How long an authorization code can be exchanged. Default: 60 seconds (the engine's own
     * default).
     */
    private @Nullable Duration authorizationCode;

    /** How long an access token is accepted. Default: 1 hour (the engine's own default). */
    private @Nullable Duration accessToken;

    /** How long a refresh token can be used. Default: 30 days (the engine's own default). */
    private @Nullable Duration refreshToken;

    /** How long an ID token is valid. Default: 5 minutes (the engine's own default). */
    private @Nullable Duration idToken;

    /**
     * How long an API user's application token lives. Default: 730 days (the engine's own default).
     */
    private @Nullable Duration applicationToken;

    /**
     * How long a one-time link that hands an application token to its API user's address works.
     * Default: 24 hours (the engine's own default).
     */
    private @Nullable Duration applicationTokenLink;

    public @Nullable Duration getApplicationTokenLink() {
      return applicationTokenLink;
    }

    public void setApplicationTokenLink(@Nullable Duration applicationTokenLink) {
      this.applicationTokenLink = applicationTokenLink;
    }

    public @Nullable Duration getAuthorizationCode() {
      return authorizationCode;
    }

    public void setAuthorizationCode(@Nullable Duration authorizationCode) {
      this.authorizationCode = authorizationCode;
    }

    public @Nullable Duration getAccessToken() {
      return accessToken;
    }

    public void setAccessToken(@Nullable Duration accessToken) {
      this.accessToken = accessToken;
    }

    public @Nullable Duration getRefreshToken() {
      return refreshToken;
    }

    public void setRefreshToken(@Nullable Duration refreshToken) {
      this.refreshToken = refreshToken;
    }

    public @Nullable Duration getIdToken() {
      return idToken;
    }

    public void setIdToken(@Nullable Duration idToken) {
      this.idToken = idToken;
    }

    public @Nullable Duration getApplicationToken() {
      return applicationToken;
    }

    public void setApplicationToken(@Nullable Duration applicationToken) {
      this.applicationToken = applicationToken;
    }

    /**
     * The engine's lifetimes.
     *
     * @throws IllegalArgumentException if one is not positive
     */
    TokenLifetimes toLifetimes() {
      TokenLifetimes d = TokenLifetimes.defaults();
      return new TokenLifetimes(
          or(authorizationCode, d.authorizationCode()),
          or(accessToken, d.accessToken()),
          or(refreshToken, d.refreshToken()),
          or(idToken, d.idToken()),
          or(applicationToken, d.applicationToken()));
    }
  }

  /** The host's own sign-in pages. */
  public static class Pages {
    /**
     * Whether to serve the sign-in pages (/sign-in, the emailed links, /profile, /sign-out) next to
     * the endpoints. Without them the host only answers machines, and people cannot sign in.
     */
    private boolean enabled = true;

    /** Whether people may ask for a one-time sign-in link by email instead of a password. */
    private boolean magicLinks = false;

    /**
     * A directory of Mustache templates (sign-in.mustache, header.mustache, …) replacing the
     * built-in ones of the same name; the others stay.
     */
    private @Nullable Path templateDirectory;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isMagicLinks() {
      return magicLinks;
    }

    public void setMagicLinks(boolean magicLinks) {
      this.magicLinks = magicLinks;
    }

    public @Nullable Path getTemplateDirectory() {
      return templateDirectory;
    }

    public void setTemplateDirectory(@Nullable Path templateDirectory) {
      this.templateDirectory = templateDirectory;
    }
  }

  /** The housekeeping the host runs on a schedule, on one thread the application context owns. */
  public static class Jobs {
    /**
     * Whether to run the housekeeping in this application. Several host instances may all run it:
     * each job is safe to run concurrently.
     */
    private boolean enabled = true;

    /** How long after start the first run of each job comes. */
    private Duration initialDelay = Duration.ofMinutes(1);

    /**
     * How often expired codes, tokens, sign-in links and idle sessions are deleted, so storage does
     * not grow without limit. Default: 10 minutes (the engine's own default).
     */
    private @Nullable Duration purgeInterval;

    /** Rows deleted per transaction by the purge. Default: 500 (the engine's own default). */
    private @Nullable Integer purgeBatchSize;

    /**
     * The most transactions one purge runs; the rest waits for the next run. Default: 20 (the
     * engine's own default).
     */
    private @Nullable Integer purgeMaxBatches;

    /**
     * How often inactivity reminders are emailed, unused accounts suspended and stale invitations
     * removed. Default: 1 hour (the engine's own default).
     */
    private @Nullable Duration accountsInterval;

    /**
     * How often the signing keys are checked and rotated when due. Default: 1 hour (the engine's
     * own default).
     */
    private @Nullable Duration keyRotationInterval;

    /**
     * How long a rotated-out application token keeps working when its successor is not used; once
     * the successor is used, the old token is revoked at the next run of the accounts job. Default:
     * 7 days (the engine's own default).
     */
    private @Nullable Duration tokenRotationGrace;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInitialDelay() {
      return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    public @Nullable Duration getPurgeInterval() {
      return purgeInterval;
    }

    public void setPurgeInterval(@Nullable Duration purgeInterval) {
      this.purgeInterval = purgeInterval;
    }

    public @Nullable Integer getPurgeBatchSize() {
      return purgeBatchSize;
    }

    public void setPurgeBatchSize(@Nullable Integer purgeBatchSize) {
      this.purgeBatchSize = purgeBatchSize;
    }

    public @Nullable Integer getPurgeMaxBatches() {
      return purgeMaxBatches;
    }

    public void setPurgeMaxBatches(@Nullable Integer purgeMaxBatches) {
      this.purgeMaxBatches = purgeMaxBatches;
    }

    public @Nullable Duration getAccountsInterval() {
      return accountsInterval;
    }

    public void setAccountsInterval(@Nullable Duration accountsInterval) {
      this.accountsInterval = accountsInterval;
    }

    public @Nullable Duration getKeyRotationInterval() {
      return keyRotationInterval;
    }

    public void setKeyRotationInterval(@Nullable Duration keyRotationInterval) {
      this.keyRotationInterval = keyRotationInterval;
    }

    public @Nullable Duration getTokenRotationGrace() {
      return tokenRotationGrace;
    }

    public void setTokenRotationGrace(@Nullable Duration tokenRotationGrace) {
      this.tokenRotationGrace = tokenRotationGrace;
    }

    /**
     * The engine's housekeeping settings: those set here, the engine's defaults for the rest.
     *
     * @throws SignonConfigurationException naming a property that is not positive
     */
    HousekeepingSettings toSettings() {
      HousekeepingSettings d = HousekeepingSettings.defaults();
      positive("signon.server.jobs.purge-interval", purgeInterval);
      positive("signon.server.jobs.accounts-interval", accountsInterval);
      positive("signon.server.jobs.key-rotation-interval", keyRotationInterval);
      positive("signon.server.jobs.token-rotation-grace", tokenRotationGrace);
      if ((purgeBatchSize != null && purgeBatchSize < 1)
          || (purgeMaxBatches != null && purgeMaxBatches < 1)) {
        throw new SignonConfigurationException(
            "signon.server.jobs.purge-batch-size and purge-max-batches must be positive",
            "Set both to 1 or more, or remove them to use the defaults ("
                + d.purgeBatchSize()
                + " and "
                + d.purgeMaxBatches()
                + ").",
            null);
      }
      return new HousekeepingSettings(
          or(purgeInterval, d.purgeInterval()),
          or(purgeBatchSize, d.purgeBatchSize()),
          or(purgeMaxBatches, d.purgeMaxBatches()),
          or(accountsInterval, d.accountsInterval()),
          or(keyRotationInterval, d.keyRotationInterval()),
          or(tokenRotationGrace, d.tokenRotationGrace()));
    }

    private static void positive(String property, @Nullable Duration d) {
      if (d != null && (d.isNegative() || d.isZero())) {
        throw new SignonConfigurationException(
            property + " must be positive, not " + d,
            "Set " + property + " to a positive duration such as 10m or 1h.",
            null);
      }
    }
  }

  /** The value set, or the engine's default. */
  private static <T> T or(@Nullable T set, T engineDefault) {
    return set != null ? set : engineDefault;
  }
}
