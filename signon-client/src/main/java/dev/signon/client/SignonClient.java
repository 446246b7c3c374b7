package dev.signon.client;

import dev.signon.client.internal.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client a relying app uses to sign people in through a Signon host or any OpenID Provider
 * (GOV.UK One Login, Entra ID), call the host's APIs, validate bearer tokens and handle logout.
 *
 * <p>Strict by default: PKCE S256, {@code state} and {@code nonce} on every request; ID tokens
 * verified against the provider's JWKS with an algorithm allow-list; {@code iss} compared exactly;
 * clock skew capped at five minutes. Discovery and the JWKS are fetched lazily, cached, and served
 * stale while the provider is down. A client is thread-safe; build one per provider and share it.
 *
 * <pre>{@code
 * SignonClient client = SignonClient.builder()
 *     .issuer("https://oidc.account.gov.uk/")
 *     .clientId("my-service")
 *     .oneLogin(privateKey, "key-1") // ES256, private_key_jwt, vtr ["Cl.Cm"], vot checked
 *     .redirectUri("https://my-service.gov.uk/auth/callback")
 *     .scopes("openid", "email")
 *     .build();
 *
 * // 1. send the browser to the provider
 * AuthorizationRequest request = client.authorizationRequest("/dashboard");
 * session.setAttribute("pending", request.pending().serialize());
 * response.sendRedirect(request.uri().toString());
 *
 * // 2. on the callback
 * PendingAuthorization pending = PendingAuthorization.parse(
 *     (String) session.getAttribute("pending"));
 * session.removeAttribute("pending");
 * SignedInUser user = client.completeAuthorization(pending, callbackParameters);
 * }</pre>
 */
public final class SignonClient {
  private static final Logger log = LoggerFactory.getLogger(SignonClient.class);

  private final String issuer;
  private final String clientId;
  private final Clock clock;
  private final ProviderHttp http;
  private final ProviderDocuments documents;
  private final JwtVerifier jwtVerifier;
  private final AuthorizationRequests authorizationRequests;
  private final TokenEndpoint tokenEndpoint;
  private final IdTokenVerifier idTokens;
  private final UserEndpoints users;
  private final AuthorizationCallback callback;
  private final LogoutUrls logoutUrls;
  private final LogoutTokenValidator logoutTokens;

  private SignonClient(
      ClientSettings b, String issuer, String clientId, ClientAuthentication auth) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.clock = b.clock;
    this.http =
        new ProviderHttp(
            b.httpClient != null ? b.httpClient : new OkHttpClient(),
            b.userAgent != null ? b.userAgent : defaultUserAgent());
    this.documents =
        new ProviderDocuments(
            issuer,
            b.providerMetadata,
            http,
            clock,
            b.discoveryCacheDuration,
            b.jwksCacheDuration,
            b.jwksRefetchInterval);
    this.jwtVerifier =
        new JwtVerifier(documents.keys(), b.algorithms(), issuer, clock, b.maxClockSkew);
    this.authorizationRequests =
        new AuthorizationRequests(
            clientId,
            Objects.requireNonNull(b.redirectUri),
            b.scopes,
            b.vtr(),
            b.uiLocales,
            b.authorizationParameters,
            documents,
            clock,
            b.random);
    this.tokenEndpoint = new TokenEndpoint(clientId, auth, documents, http, clock, b.random);
    this.idTokens = new IdTokenVerifier(jwtVerifier, issuer, clientId, b.vtr());
    this.users = new UserEndpoints(documents, http, b.fetchUserInfo);
    this.callback =
        new AuthorizationCallback(
            issuer,
            tokenEndpoint,
            idTokens,
            users,
            clock,
            b.pendingAuthorizationLifetime,
            b.maxClockSkew);
    this.logoutUrls = new LogoutUrls(clientId, documents, b.random);
    this.logoutTokens =
        new LogoutTokenValidator(jwtVerifier, issuer, clientId, clock, b.maxClockSkew);
  }

  /** Starts a client; see the class example. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The provider's endpoints, discovering them on first use when the client was built from an
   * issuer.
   *
   * @throws ProviderUnavailableException if discovery fails and nothing is cached
   */
  public ProviderMetadata providerMetadata() {
    return documents.metadata();
  }

  /**
   * Checks that the provider answers now: fetches its discovery document (or, for a client given
   * its metadata, its JWKS) past every cache. Relying apps use it to notice an outage, since the
   * cached documents keep sign-in starting while the provider is down.
   *
   * <pre>{@code
   * try { client.checkProvider(); } catch (ProviderUnavailableException e) { ... }
   * }</pre>
   *
   * @throws ProviderUnavailableException if the provider cannot be reached or answers badly
   */
  public void checkProvider() {
    documents.check();
  }

  // ---------------------------------------------------------------------------------------------
  // Sign-in

  /**
   * Builds an authorization request with no return path; see {@link #authorizationRequest(String)}.
   */
  public AuthorizationRequest authorizationRequest() {
    return authorizationRequests.create(null);
  }

  /**
   * Builds an authorization request (OpenID Connect Core §3.1.2.1) with fresh {@code state}, {@code
   * nonce} and PKCE S256 code verifier, remembering {@code returnTo} for after sign-in.
   *
   * @param returnTo a local path such as {@code /reports?page=2}
   * @throws IllegalArgumentException if {@code returnTo} is not a local path (an open redirect)
   * @throws ProviderUnavailableException if the endpoints must be discovered and cannot be
   */
  public AuthorizationRequest authorizationRequest(String returnTo) {
    Objects.requireNonNull(returnTo, "returnTo");
    return authorizationRequests.create(PendingAuthorization.checkReturnTo(returnTo));
  }

  /**
   * Completes sign-in from the provider's callback: checks {@code state}, exchanges the code with
   * its PKCE verifier, verifies the ID token and, when the provider has a userinfo endpoint, checks
   * that userinfo names the same subject.
   *
   * <p>Remove the pending authorization from the session before calling this; a {@code state} is
   * accepted once per client instance in any case.
   *
   * @param pending what {@link #authorizationRequest} returned for this browser
   * @param callbackParameters the query parameters of the callback ({@code code}, {@code state}, or
   *     {@code error})
   * @throws ProviderRejectedException {@code invalid_request} when {@code state} is missing, wrong,
   *     reused or too old, or the code is missing; the provider's own code ({@code access_denied},
   *     {@code invalid_grant}, …) when it refused; {@code invalid_token} when the ID token or
   *     userinfo fails a check
   * @throws ProviderUnavailableException when the provider cannot be reached or answers badly
   */
  public SignedInUser completeAuthorization(
      PendingAuthorization pending, Map<String, String> callbackParameters) {
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(callbackParameters, "callbackParameters");
    return callback.complete(pending, callbackParameters);
  }

  /**
   * Exchanges a refresh token for new tokens (RFC 6749 §6). An ID token in the answer is verified
   * without a {@code nonce}; compare its subject with the one signed in.
   *
   * @throws ProviderRejectedException {@code invalid_grant} when the refresh token is no longer
   *     good
   * @throws ProviderUnavailableException when the provider cannot be reached or answers badly
   */
  public Tokens refresh(SecretValue refreshToken) {
    Objects.requireNonNull(refreshToken, "refreshToken");
    FormBody.Builder form =
        new FormBody.Builder()
            .add("grant_type", "refresh_token")
            .add("refresh_token", refreshToken.reveal());
    TokenEndpoint.Answer answer = tokenEndpoint.exchange(form, "token endpoint (refresh)");
    String idToken = answer.idToken();
    return answer.tokens(idToken == null ? null : idTokens.verify(idToken, null, List.of()));
  }

  /**
   * Revokes an access or refresh token (RFC 7009).
   *
   * @throws IllegalStateException if the provider has no revocation endpoint
   * @throws ProviderRejectedException when the provider refuses
   * @throws ProviderUnavailableException when the provider cannot be reached or answers badly
   */
  public void revoke(SecretValue token) {
    Objects.requireNonNull(token, "token");
    tokenEndpoint.revoke(token);
  }

  /** A POST to {@code endpoint} carrying this client's authentication. */
  okhttp3.Request.Builder authenticatedRequest(URI endpoint, FormBody.Builder form) {
    return tokenEndpoint.authenticatedRequest(endpoint, form);
  }

  // ---------------------------------------------------------------------------------------------
  // Signon host APIs

  /**
   * Fetches {@code GET /api/user_details} (MoJ Sign On) with the person's access token.
   *
   * @throws IllegalStateException if no {@code user_details} endpoint is known
   * @throws ProviderRejectedException {@code invalid_token} when the host refuses the token
   * @throws ProviderUnavailableException when the host cannot be reached or answers badly
   */
  public UserDetails userDetails(SecretValue accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    return users.userDetails(accessToken);
  }

  /**
   * Fetches {@code GET /user.json} (gds-sso) with the person's access token.
   *
   * @throws IllegalStateException if no {@code user.json} endpoint is known
   * @throws ProviderRejectedException {@code invalid_token} when the host refuses the token
   * @throws ProviderUnavailableException when the host cannot be reached or answers badly
   */
  public GdsUser userJson(SecretValue accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    return users.userJson(accessToken);
  }

  // ---------------------------------------------------------------------------------------------
  // Logout

  /**
   * The MoJ Sign On style logout URL: the host's logout link with {@code ?redirect_to=}. The host
   * sends the person there only if it is registered for this application.
   *
   * @param logout the host's logout link, {@link UserDetails.Links#logout()}
   * @param redirectTo where the host should send the person afterwards
   */
  public URI logoutUrl(URI logout, URI redirectTo) {
    Objects.requireNonNull(logout, "logout");
    Objects.requireNonNull(redirectTo, "redirectTo");
    return LogoutUrls.logoutUrl(logout, redirectTo);
  }

  /**
   * An OpenID Connect RP-initiated logout request with {@code id_token_hint}, {@code
   * post_logout_redirect_uri} and a fresh {@code state}; keep {@link EndSessionRequest#state()} and
   * check it when the browser returns.
   *
   * @throws IllegalStateException if the provider has no end-session endpoint
   */
  public EndSessionRequest endSessionRequest(VerifiedIdToken idToken, URI postLogoutRedirectUri) {
    Objects.requireNonNull(idToken, "idToken");
    Objects.requireNonNull(postLogoutRedirectUri, "postLogoutRedirectUri");
    return logoutUrls.endSessionRequest(idToken, postLogoutRedirectUri);
  }

  /**
   * Validates a back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.6): signature,
   * {@code iss}, {@code aud}, {@code iat}, {@code exp}, the logout event, {@code sub} or {@code
   * sid}, no {@code nonce}, and a {@code jti} not seen before.
   *
   * @param logoutToken the {@code logout_token} form parameter
   * @throws ProviderRejectedException {@code invalid_request} (answer 400) when any check fails or
   *     the token was already used
   * @throws ProviderUnavailableException when the JWKS cannot be fetched
   */
  public LogoutNotice validateLogoutToken(String logoutToken) {
    Objects.requireNonNull(logoutToken, "logoutToken");
    return logoutTokens.validate(logoutToken);
  }

  // ---------------------------------------------------------------------------------------------
  // Bearer tokens

  /**
   * Starts a validator for bearer tokens sent to this app's API; see {@link BearerTokenValidator}.
   */
  public BearerTokenValidator.Builder bearerTokenValidator() {
    return new BearerTokenValidator.Builder(this);
  }

  Clock clock() {
    return clock;
  }

  ProviderHttp http() {
    return http;
  }

  JwtVerifier jwtVerifier() {
    return jwtVerifier;
  }

  private static String defaultUserAgent() {
    Properties properties = new Properties();
    try (InputStream in = SignonClient.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      log.debug("version.properties unreadable", e);
    }
    return "signon-java/" + properties.getProperty("version", "unknown");
  }

  @Override
  public String toString() {
    return "SignonClient[issuer=" + issuer + ", clientId=" + clientId + "]";
  }

  /**
   * Collects a client's settings; {@link #build()} refuses a client that is missing something or
   * contradicts itself.
   */
  public static final class Builder {
    private final ClientSettings settings = new ClientSettings();

    private Builder() {}

    /**
     * Discovers the provider from {@code {issuer}/.well-known/openid-configuration}; the document
     * must name exactly this issuer, trailing slash included.
     *
     * @throws IllegalArgumentException if {@code issuer} is not an absolute http(s) URL
     */
    public Builder issuer(String issuer) {
      settings.issuer = ClientSettings.issuer(issuer);
      return this;
    }

    /** Uses these endpoints instead of discovery. */
    public Builder providerMetadata(ProviderMetadata providerMetadata) {
      settings.providerMetadata = Objects.requireNonNull(providerMetadata, "providerMetadata");
      return this;
    }

    /** Sets the client id the provider registered this app under (required). */
    public Builder clientId(String clientId) {
      settings.clientId = ClientSettings.notBlank(clientId, "clientId");
      return this;
    }

    /**
     * Sets how the client authenticates at the token endpoint (required; {@link
     * ClientAuthentication#none()} for a public client).
     */
    public Builder clientAuthentication(ClientAuthentication clientAuthentication) {
      settings.clientAuthentication =
          Objects.requireNonNull(clientAuthentication, "clientAuthentication");
      return this;
    }

    /**
     * Sets the redirect URI registered with the provider (required).
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL without fragment
     */
    public Builder redirectUri(String redirectUri) {
      settings.redirectUri = ProviderMetadata.httpUrl(redirectUri, "redirectUri");
      return this;
    }

    /**
     * Sets the scopes to request; they must include {@code openid}. Default {@code openid}.
     *
     * @throws IllegalArgumentException if {@code openid} is missing or a scope is malformed
     */
    public Builder scopes(String... scopes) {
      return scopes(Arrays.asList(scopes));
    }

    /**
     * Sets the scopes to request; see {@link #scopes(String...)}.
     *
     * @throws IllegalArgumentException if {@code openid} is missing or a scope is malformed
     */
    public Builder scopes(Collection<String> scopes) {
      settings.scopes = ClientSettings.scopes(scopes);
      return this;
    }

    /**
     * Requests these vectors of trust (GOV.UK One Login {@code vtr}, sent as a JSON array); the ID
     * token's {@code vot} must then be one of them. Under {@link #oneLogin} the default is {@code
     * Cl.Cm}.
     *
     * @throws IllegalArgumentException if a vector is empty
     */
    public Builder vtr(String... vectors) {
      settings.vtr = ClientSettings.vtr(vectors);
      return this;
    }

    /** Sets {@code ui_locales}, such as {@code "en"} or {@code "cy en"}. */
    public Builder uiLocales(String uiLocales) {
      settings.uiLocales = ClientSettings.notBlank(uiLocales, "uiLocales");
      return this;
    }

    /**
     * Adds a provider-specific authorization parameter (such as {@code prompt}).
     *
     * @throws IllegalArgumentException if {@code name} is one the client sets itself
     */
    public Builder authorizationParameter(String name, String value) {
      settings.authorizationParameter(name, value);
      return this;
    }

    /** Uses the caller's OkHttp client (timeouts, proxies, pools); a User-Agent is added. */
    public Builder httpClient(OkHttpClient httpClient) {
      settings.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** Sets the clock. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      settings.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the source of {@code state}, {@code nonce}, PKCE and {@code jti} values. */
    public Builder secureRandom(SecureRandom secureRandom) {
      settings.random = Objects.requireNonNull(secureRandom, "secureRandom");
      return this;
    }

    /**
     * Sets the clock skew tolerated on token times. Default 60 seconds.
     *
     * @throws IllegalArgumentException if negative or above five minutes
     */
    public Builder maxClockSkew(Duration maxClockSkew) {
      settings.maxClockSkew = ClientSettings.maxClockSkew(maxClockSkew);
      return this;
    }

    /**
     * Sets how long a pending authorization stays good for its callback. Default 10 minutes.
     *
     * @throws IllegalArgumentException if not positive or above one hour
     */
    public Builder pendingAuthorizationLifetime(Duration lifetime) {
      settings.pendingAuthorizationLifetime =
          Durations.positive(lifetime, "pendingAuthorizationLifetime", Duration.ofHours(1));
      return this;
    }

    /**
     * Sets how long the JWKS is used before it is refreshed. Default 10 minutes.
     *
     * @throws IllegalArgumentException if not positive or above one day
     */
    public Builder jwksCacheDuration(Duration duration) {
      settings.jwksCacheDuration =
          Durations.positive(duration, "jwksCacheDuration", Duration.ofDays(1));
      return this;
    }

    /**
     * Sets how long discovery is used before it is refreshed. Default one hour.
     *
     * @throws IllegalArgumentException if not positive or above one day
     */
    public Builder discoveryCacheDuration(Duration duration) {
      settings.discoveryCacheDuration =
          Durations.positive(duration, "discoveryCacheDuration", Duration.ofDays(1));
      return this;
    }

    /**
     * Sets the least time between two refetches of the JWKS caused by an unknown {@code kid}, so
     * forged tokens cannot hammer the provider. Default 30 seconds.
     *
     * @throws IllegalArgumentException if not positive or above one hour
     */
    public Builder jwksRefetchInterval(Duration interval) {
      settings.jwksRefetchInterval =
          Durations.positive(interval, "jwksRefetchInterval", Duration.ofHours(1));
      return this;
    }

    /**
     * Whether sign-in fetches userinfo and checks its subject when the provider has a userinfo
     * endpoint. Default true.
     */
    public Builder fetchUserInfo(boolean fetchUserInfo) {
      settings.fetchUserInfo = fetchUserInfo;
      return this;
    }

    /**
     * Sets the JWS algorithms accepted on ID, logout and access tokens. Default RS256, ES256 and
     * EdDSA (Ed25519); ES256 alone under {@link #oneLogin}.
     *
     * @throws IllegalArgumentException if an algorithm is not an asymmetric RS, PS, ES or EdDSA one
     *     ({@code none} and HS* are always refused)
     */
    public Builder signingAlgorithms(String... algorithms) {
      settings.algorithms = ClientSettings.algorithms(algorithms);
      return this;
    }

    /**
     * Applies the GOV.UK One Login profile: {@code private_key_jwt} client authentication with this
     * key, ID tokens signed ES256, {@code vtr} {@code ["Cl.Cm"]} unless {@link #vtr} names others,
     * and the ID token's {@code vot} always checked against the requested vectors — One Login
     * applies {@code Cl.Cm} when a request names none, so a token without {@code vot}, or with a
     * lower one, is refused with {@link VectorOfTrustRejectedException}. The User-Agent One Login
     * requires is sent as on every client. Later calls to {@link #vtr} and {@link
     * #signingAlgorithms} override the profile's defaults. The class example uses it.
     *
     * @param privateKey the RSA (2048 bits or more) or EC P-256 key whose public half is registered
     *     with One Login
     * @param keyId the {@code kid} One Login knows the public key by
     * @throws IllegalArgumentException if the key cannot sign RS256 or ES256, or {@code keyId} is
     *     blank
     */
    public Builder oneLogin(PrivateKey privateKey, String keyId) {
      settings.clientAuthentication = ClientAuthentication.privateKeyJwt(privateKey, keyId);
      settings.oneLogin = true;
      return this;
    }

    /** Sets the User-Agent sent on every request. Default {@code signon-java/<version>}. */
    public Builder userAgent(String userAgent) {
      settings.userAgent = ClientSettings.notBlank(userAgent, "userAgent");
      return this;
    }

    /**
     * Builds the client. Makes no network call: discovery happens on first use.
     *
     * @throws IllegalStateException naming what is missing or contradictory
     */
    public SignonClient build() {
      ClientSettings s = settings;
      if (s.issuer == null && s.providerMetadata == null) {
        throw new IllegalStateException("issuer or endpoints required");
      }
      if (s.issuer != null && s.providerMetadata != null) {
        throw new IllegalStateException("issuer and endpoints both set; choose one");
      }
      String clientId = s.clientId;
      if (clientId == null) {
        throw new IllegalStateException("clientId required");
      }
      ClientAuthentication authentication = s.clientAuthentication;
      if (authentication == null) {
        throw new IllegalStateException(
            "clientAuthentication required (ClientAuthentication.none() for a public client)");
      }
      if (s.redirectUri == null) {
        throw new IllegalStateException("redirectUri required");
      }
      if (s.oneLogin && !authentication.isPrivateKeyJwt()) {
        throw new IllegalStateException("oneLogin requires private_key_jwt client authentication");
      }
      if (s.oneLogin && s.vtr().isEmpty()) {
        throw new IllegalStateException("oneLogin requires at least one vtr");
      }
      String issuer = s.issuer;
      String iss = issuer != null ? issuer : Objects.requireNonNull(s.providerMetadata).issuer();
      return new SignonClient(s, iss, clientId, authentication);
    }
  }
}
