package dev.signon.core.application;

import dev.signon.core.directory.OrganisationId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.internal.Checks;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An application people sign in to, or that API users call. It always has the role {@code signin}.
 * When it has an owning organisation, it is visible, and may be granted, only within that
 * organisation's subtree; without one it is visible everywhere.
 *
 * <pre>{@code
 * Application app = Application.builder()
 *     .id(id).clientId("prison-visits").name("Prison visits (production)")
 *     .role(Role.of("reporting"))
 *     .redirectUri(RedirectUri.of("https://visits.example/auth/signon/callback"))
 *     .organisation(moj.id())
 *     .build();
 * }</pre>
 */
public final class Application {
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,255}");

  private final ApplicationId id;
  private final String clientId;
  private final String name;
  private final String description;
  private final Map<String, Role> roles;
  private final List<RedirectUri> redirectUris;
  private final @Nullable URI serviceUri;
  private final @Nullable OrganisationId organisation;
  private final boolean retired;
  private final boolean apiOnly;
  private final @Nullable String clientSecretHash;
  private final @Nullable String jwks;
  private final @Nullable URI jwksUri;
  private final ClientType clientType;
  private final SigningAlgorithm idTokenSigningAlgorithm;
  private final AccessTokenFormat accessTokenFormat;
  private final List<RedirectUri> postLogoutRedirectUris;
  private final boolean supportsPushUpdates;
  private final @Nullable URI backchannelLogoutUri;
  private final boolean backchannelLogoutSessionRequired;
  private final @Nullable URI pushBaseUri;
  private final @Nullable Duration noticeGiveUpAfter;

  private Application(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.clientId = Objects.requireNonNull(b.clientId, "clientId");
    if (!CLIENT_ID.matcher(clientId).matches()) {
      throw new InvalidInputException("not a client id: " + clientId);
    }
    this.name = Checks.text("name", Objects.requireNonNull(b.name, "name"), 255);
    this.description = b.description;
    Map<String, Role> r = new LinkedHashMap<>();
    r.put(Role.SIGNIN, Role.of(Role.SIGNIN));
    for (Role role : b.roles) {
      if (r.containsKey(role.name()) && !role.name().equals(Role.SIGNIN)) {
        throw new InvalidInputException("role " + role.name() + " is listed twice");
      }
      r.put(role.name(), role);
    }
    this.roles = java.util.Collections.unmodifiableMap(r);
    this.redirectUris = List.copyOf(new LinkedHashSet<>(b.redirectUris));
    URI service = b.serviceUri;
    if (service == null && !redirectUris.isEmpty()) {
      service = redirectUris.get(0).toUri();
    }
    if (service != null && !service.isAbsolute()) {
      throw new InvalidInputException("service URI must be absolute: " + service);
    }
    this.serviceUri = service;
    this.organisation = b.organisation;
    this.retired = b.retired;
    this.apiOnly = b.apiOnly;
    if (b.clientSecretHash != null
        && !ClientKeys.SECRET_HASH.matcher(b.clientSecretHash).matches()) {
      throw new InvalidInputException("client secret hash must be 64 hex digits");
    }
    this.clientSecretHash = b.clientSecretHash;
    this.jwks = b.jwks == null ? null : ClientKeys.checkJwks(b.jwks);
    this.jwksUri = b.jwksUri == null ? null : ClientKeys.checkJwksUri(b.jwksUri);
    this.clientType = ClientKeys.checkClientType(b.clientType, clientSecretHash, jwks, jwksUri);
    this.idTokenSigningAlgorithm = b.idTokenSigningAlgorithm;
    this.accessTokenFormat = b.accessTokenFormat;
    this.postLogoutRedirectUris = List.copyOf(new LinkedHashSet<>(b.postLogoutRedirectUris));
    this.supportsPushUpdates = b.supportsPushUpdates;
    URI logout = b.backchannelLogoutUri;
    if (logout != null
        && (!logout.isAbsolute() || logout.getHost() == null || logout.getFragment() != null)) {
      throw new InvalidInputException(
          "backchannel_logout_uri must be an absolute URI without a fragment: " + logout);
    }
    this.backchannelLogoutUri = logout;
    this.backchannelLogoutSessionRequired = b.backchannelLogoutSessionRequired;
    URI push = b.pushBaseUri;
    if (push != null
        && (!push.isAbsolute()
            || push.getHost() == null
            || push.getRawQuery() != null
            || push.getRawFragment() != null)) {
      throw new InvalidInputException(
          "push base URI must be an absolute URI without query or fragment: " + push);
    }
    this.pushBaseUri = push;
    Duration giveUp = b.noticeGiveUpAfter;
    if (giveUp != null
        && (giveUp.compareTo(Duration.ofMinutes(1)) < 0
            || giveUp.compareTo(MAX_NOTICE_GIVE_UP) > 0)) {
      throw new InvalidInputException(
          "notice give-up time must be between 1 minute and 30 days: " + giveUp);
    }
    this.noticeGiveUpAfter = giveUp;
  }

  /** The longest an application may ask the host to keep retrying a notice. */
  public static final Duration MAX_NOTICE_GIVE_UP = Duration.ofDays(30);

  /** A builder for an application with only the {@code signin} role. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this application's values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b =
        new Builder()
            .id(id)
            .clientId(clientId)
            .name(name)
            .description(description)
            .roles(roles.values())
            .redirectUris(redirectUris)
            .retired(retired)
            .apiOnly(apiOnly);
    b.serviceUri = serviceUri;
    b.organisation = organisation;
    b.clientSecretHash = clientSecretHash;
    b.jwks = jwks;
    b.jwksUri = jwksUri;
    // Kept only where the credentials do not imply it, so that setting a secret or keys on a copy
    // moves the type along with them.
    b.clientType =
        clientType == ClientKeys.implied(clientSecretHash, jwks, jwksUri) ? null : clientType;
    b.idTokenSigningAlgorithm = idTokenSigningAlgorithm;
    b.accessTokenFormat = accessTokenFormat;
    b.postLogoutRedirectUris.addAll(postLogoutRedirectUris);
    b.supportsPushUpdates = supportsPushUpdates;
    b.backchannelLogoutUri = backchannelLogoutUri;
    b.backchannelLogoutSessionRequired = backchannelLogoutSessionRequired;
    b.pushBaseUri = pushBaseUri;
    b.noticeGiveUpAfter = noticeGiveUpAfter;
    return b;
  }

  /** The stable identifier. */
  public ApplicationId id() {
    return id;
  }

  /** The OAuth client id. */
  public String clientId() {
    return clientId;
  }

  /** The name people read; may include the environment, such as "Publisher (staging)". */
  public String name() {
    return name;
  }

  /** What the application is for; may be empty. */
  public String description() {
    return description;
  }

  /** Every role, {@code signin} first. */
  public Collection<Role> roles() {
    return roles.values();
  }

  /** The role with this name, if the application has it. */
  public Optional<Role> role(String name) {
    return Optional.ofNullable(roles.get(name));
  }

  /** True when the application has a role of this name. */
  public boolean hasRole(String name) {
    return roles.containsKey(name);
  }

  /** The registered redirect URIs, in the order given. */
  public List<RedirectUri> redirectUris() {
    return redirectUris;
  }

  /** True when {@code candidate} is exactly one of the registered redirect URIs. */
  public boolean allowsRedirectTo(String candidate) {
    for (RedirectUri r : redirectUris) {
      if (r.matches(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** The application's home page; defaults to the first redirect URI. */
  public @Nullable URI serviceUri() {
    return serviceUri;
  }

  /** The owning organisation, or {@code null} when the application is visible everywhere. */
  public @Nullable OrganisationId organisation() {
    return organisation;
  }

  /** True when the application is no longer in use: nobody may sign in to it. */
  public boolean retired() {
    return retired;
  }

  /** True when only API users use the application: people never sign in to it. */
  public boolean apiOnly() {
    return apiOnly;
  }

  /**
   * The SHA-256 hash (hex) of the client secret, for {@code client_secret_basic} and {@code
   * client_secret_post}; {@code null} when the client has no secret.
   */
  public @Nullable String clientSecretHash() {
    return clientSecretHash;
  }

  /** The client's public keys as a JWK set (JSON), for {@code private_key_jwt}; or {@code null}. */
  public @Nullable String jwks() {
    return jwks;
  }

  /**
   * Where the client publishes its public keys for {@code private_key_jwt}, instead of {@link
   * #jwks()}; or {@code null}.
   */
  public @Nullable URI jwksUri() {
    return jwksUri;
  }

  /**
   * How the client authenticates. A confidential client without a secret (as imported) cannot
   * authenticate until one is set.
   */
  public ClientType clientType() {
    return clientType;
  }

  /**
   * True for a public client: one with neither a secret nor keys, which must use PKCE and cannot
   * use the client-credentials grant. A confidential client whose secret is not set yet is not
   * public.
   */
  public boolean isPublicClient() {
    return clientType == ClientType.PUBLIC;
  }

  /** The algorithm ID tokens for this client are signed with (default RS256). */
  public SigningAlgorithm idTokenSigningAlgorithm() {
    return idTokenSigningAlgorithm;
  }

  /** The format of access tokens issued to this client (default opaque). */
  public AccessTokenFormat accessTokenFormat() {
    return accessTokenFormat;
  }

  /** Where the host may send people after they sign out of this application. */
  public List<RedirectUri> postLogoutRedirectUris() {
    return postLogoutRedirectUris;
  }

  /**
   * True when {@code candidate} is exactly one of the URIs registered for sending people back after
   * sign-out: a post-logout redirect URI, or the service URI.
   */
  public boolean allowsPostLogoutRedirectTo(String candidate) {
    for (RedirectUri r : postLogoutRedirectUris) {
      if (r.matches(candidate)) {
        return true;
      }
    }
    return serviceUri != null && serviceUri.toString().equals(candidate);
  }

  /**
   * True when the host pushes changes to this application the gds-sso way: a user update when a
   * person's permissions or details change, a reauth when they are suspended or signed out
   * everywhere.
   */
  public boolean supportsPushUpdates() {
    return supportsPushUpdates;
  }

  /**
   * Where the host posts OIDC Back-Channel Logout tokens when a session this application was used
   * in ends, or {@code null} for none.
   */
  public @Nullable URI backchannelLogoutUri() {
    return backchannelLogoutUri;
  }

  /** True when this application's logout tokens must carry the session id ({@code sid}). */
  public boolean backchannelLogoutSessionRequired() {
    return backchannelLogoutSessionRequired;
  }

  /**
   * Where gds-sso pushes go, such as {@code https://apps.example/reports} for an app under a
   * context path (pushes then go to {@code …/reports/auth/gds/api/users/{uid}}), or {@code null} to
   * derive it from the redirect URIs and the service URI.
   */
  public @Nullable URI pushBaseUri() {
    return pushBaseUri;
  }

  /**
   * How long after a change the host keeps retrying this application's notices before giving up
   * (and recording audit event 701), or {@code null} for the host's default ({@code
   * NoticeSettings.giveUpAfter}).
   */
  public @Nullable Duration noticeGiveUpAfter() {
    return noticeGiveUpAfter;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Application a
        && id.equals(a.id)
        && clientId.equals(a.clientId)
        && name.equals(a.name)
        && description.equals(a.description)
        && new ArrayList<>(roles.values()).equals(new ArrayList<>(a.roles.values()))
        && redirectUris.equals(a.redirectUris)
        && Objects.equals(serviceUri, a.serviceUri)
        && Objects.equals(organisation, a.organisation)
        && retired == a.retired
        && apiOnly == a.apiOnly
        && Objects.equals(clientSecretHash, a.clientSecretHash)
        && Objects.equals(jwks, a.jwks)
        && Objects.equals(jwksUri, a.jwksUri)
        && clientType == a.clientType
        && idTokenSigningAlgorithm == a.idTokenSigningAlgorithm
        && accessTokenFormat == a.accessTokenFormat
        && postLogoutRedirectUris.equals(a.postLogoutRedirectUris)
        && supportsPushUpdates == a.supportsPushUpdates
        && Objects.equals(backchannelLogoutUri, a.backchannelLogoutUri)
        && backchannelLogoutSessionRequired == a.backchannelLogoutSessionRequired
        && Objects.equals(pushBaseUri, a.pushBaseUri)
        && Objects.equals(noticeGiveUpAfter, a.noticeGiveUpAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, clientId);
  }

  @Override
  public String toString() {
    return "Application{" + clientId + ", " + id + "}";
  }

  /** Builds an {@link Application}; {@code id}, {@code clientId} and {@code name} are required. */
  public static final class Builder {
    private @Nullable ApplicationId id;
    private @Nullable String clientId;
    private @Nullable String name;
    private String description = "";
    private final List<Role> roles = new ArrayList<>();
    private final List<RedirectUri> redirectUris = new ArrayList<>();
    private @Nullable URI serviceUri;
    private @Nullable OrganisationId organisation;
    private boolean retired;
    private boolean apiOnly;
    private @Nullable String clientSecretHash;
    private @Nullable String jwks;
    private @Nullable URI jwksUri;
    private @Nullable ClientType clientType;
    private SigningAlgorithm idTokenSigningAlgorithm = SigningAlgorithm.RS256;
    private AccessTokenFormat accessTokenFormat = AccessTokenFormat.OPAQUE;
    private final List<RedirectUri> postLogoutRedirectUris = new ArrayList<>();
    private boolean supportsPushUpdates;
    private @Nullable URI backchannelLogoutUri;
    private boolean backchannelLogoutSessionRequired;
    private @Nullable URI pushBaseUri;
    private @Nullable Duration noticeGiveUpAfter;

    private Builder() {}

    /**
     * Sets where gds-sso pushes go (absolute, no query or fragment), for an app under a context
     * path; {@code null} (the default) derives it, see {@link Application#pushBaseUri()}.
     */
    public Builder pushBaseUri(@Nullable URI uri) {
      this.pushBaseUri = uri;
      return this;
    }

    /**
     * Sets how long the host retries this application's notices before giving up, between one
     * minute and 30 days; {@code null} (the default) takes the host's {@code NoticeSettings}.
     */
    public Builder noticeGiveUpAfter(@Nullable Duration giveUpAfter) {
      this.noticeGiveUpAfter = giveUpAfter;
      return this;
    }

    /** Sets whether the host pushes gds-sso user updates and reauths (default false). */
    public Builder supportsPushUpdates(boolean supportsPushUpdates) {
      this.supportsPushUpdates = supportsPushUpdates;
      return this;
    }

    /**
     * Sets the OIDC Back-Channel Logout URI (absolute, no fragment) and whether the logout token
     * must carry {@code sid}; {@code null} for none.
     */
    public Builder backchannelLogout(@Nullable URI uri, boolean sessionRequired) {
      this.backchannelLogoutUri = uri;
      this.backchannelLogoutSessionRequired = sessionRequired;
      return this;
    }

    /**
     * Sets the SHA-256 hash (64 hex digits) of the client secret; {@code null} for none. Use {@link
     * dev.signon.core.token.ClientSecret#mint} to make a secret and its hash.
     */
    public Builder clientSecretHash(@Nullable String clientSecretHash) {
      this.clientSecretHash = clientSecretHash;
      return this;
    }

    /**
     * Sets the client's public keys for {@code private_key_jwt}, as a JWK set; {@code null} for
     * none.
     */
    public Builder jwks(@Nullable String jwks) {
      this.jwks = jwks;
      return this;
    }

    /**
     * Sets where the client publishes its public keys for {@code private_key_jwt} (an absolute
     * https URI), instead of {@link #jwks}; {@code null} for none.
     */
    public Builder jwksUri(@Nullable URI jwksUri) {
      this.jwksUri = jwksUri;
      return this;
    }

    /**
     * Declares how the client authenticates; {@code null} (the default) takes the type its
     * credentials imply: keys make it {@code private_key_jwt}, a secret confidential, neither
     * public. Declaring {@link ClientType#CONFIDENTIAL} without a secret makes a client that cannot
     * authenticate until a secret is set; any other type its credentials contradict is refused.
     */
    public Builder clientType(@Nullable ClientType clientType) {
      this.clientType = clientType;
      return this;
    }

    /** Sets the ID-token signing algorithm (default RS256). */
    public Builder idTokenSigningAlgorithm(SigningAlgorithm algorithm) {
      this.idTokenSigningAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** Sets the access-token format (default opaque). */
    public Builder accessTokenFormat(AccessTokenFormat format) {
      this.accessTokenFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Adds a URI people may be sent to after signing out. */
    public Builder postLogoutRedirectUri(RedirectUri uri) {
      postLogoutRedirectUris.add(Objects.requireNonNull(uri, "uri"));
      return this;
    }

    /** Replaces the post-logout redirect URIs (copied). */
    public Builder postLogoutRedirectUris(Collection<RedirectUri> uris) {
      postLogoutRedirectUris.clear();
      postLogoutRedirectUris.addAll(uris);
      return this;
    }

    /** Sets the identifier. */
    public Builder id(ApplicationId id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Sets the OAuth client id: letters, digits and {@code . _ ~ -}. */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    /** Sets the name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the description. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Adds a role; {@code signin} is always present and may be given to mark it delegated. */
    public Builder role(Role role) {
      roles.add(Objects.requireNonNull(role, "role"));
      return this;
    }

    /** Replaces the roles (copied). */
    public Builder roles(Collection<Role> roles) {
      this.roles.clear();
      this.roles.addAll(roles);
      return this;
    }

    /** Adds a redirect URI. */
    public Builder redirectUri(RedirectUri uri) {
      redirectUris.add(Objects.requireNonNull(uri, "uri"));
      return this;
    }

    /** Replaces the redirect URIs (copied). */
    public Builder redirectUris(Collection<RedirectUri> uris) {
      this.redirectUris.clear();
      this.redirectUris.addAll(uris);
      return this;
    }

    /** Sets the home page; {@code null} defaults it to the first redirect URI. */
    public Builder serviceUri(@Nullable URI serviceUri) {
      this.serviceUri = serviceUri;
      return this;
    }

    /** Sets the owning organisation; {@code null} makes the application visible everywhere. */
    public Builder organisation(@Nullable OrganisationId organisation) {
      this.organisation = organisation;
      return this;
    }

    /** Marks the application retired. */
    public Builder retired(boolean retired) {
      this.retired = retired;
      return this;
    }

    /** Marks the application as used by API users only. */
    public Builder apiOnly(boolean apiOnly) {
      this.apiOnly = apiOnly;
      return this;
    }

    /**
     * Builds the application.
     *
     * @throws InvalidInputException if a value is malformed or a role is listed twice
     */
    public Application build() {
      return new Application(this);
    }
  }
}
