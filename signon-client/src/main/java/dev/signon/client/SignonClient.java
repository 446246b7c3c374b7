package dev.signon.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.signon.client.internal.ClockTicker;
import dev.signon.client.internal.ConstantTime;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
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
 *     .clientAuthentication(ClientAuthentication.privateKeyJwt(privateKey, "key-1"))
 *     .redirectUri("https://my-service.gov.uk/auth/callback")
 *     .scopes("openid", "email")
 *     .vtr("Cl.Cm")
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

  /** The event a back-channel logout token must carry (Back-Channel Logout 1.0 §2.4). */
  static final String BACKCHANNEL_LOGOUT_EVENT =
      "http://schemas.openid.net/event/backchannel-logout";

  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  private static final Set<String> RESERVED_PARAMETERS =
      Set.of(
          "response_type",
          "client_id",
          "redirect_uri",
          "scope",
          "state",
          "nonce",
          "code_challenge",
          "code_challenge_method",
          "vtr",
          "ui_locales");
  private static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private final String issuer;
  private final String clientId;
  private final ClientAuthentication authentication;
  private final URI redirectUri;
  private final List<String> scopes;
  private final List<String> vtr;
  private final @Nullable String uiLocales;
  private final Map<String, String> authorizationParameters;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration maxClockSkew;
  private final Duration pendingAuthorizationLifetime;
  private final boolean fetchUserInfo;
  private final ProviderHttp http;
  private final Supplier<ProviderMetadata> metadata;
  private final JwtVerifier jwtVerifier;
  private final Cache<String, Boolean> usedStates;
  private final Cache<String, Instant> seenLogoutTokens;

  private SignonClient(Builder b, String issuer, String clientId, ClientAuthentication auth) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.authentication = auth;
    this.redirectUri = Objects.requireNonNull(b.redirectUri);
    this.scopes = List.copyOf(b.scopes);
    this.vtr = List.copyOf(b.vtr);
    this.uiLocales = b.uiLocales;
    this.authorizationParameters = Map.copyOf(b.authorizationParameters);
    this.clock = b.clock;
    this.random = b.random;
    this.maxClockSkew = b.maxClockSkew;
    this.pendingAuthorizationLifetime = b.pendingAuthorizationLifetime;
    this.fetchUserInfo = b.fetchUserInfo;
    this.http =
        new ProviderHttp(
            b.httpClient != null ? b.httpClient : new OkHttpClient(),
            b.userAgent != null ? b.userAgent : defaultUserAgent());
    ProviderMetadata explicit = b.providerMetadata;
    if (explicit != null) {
      this.metadata = () -> explicit;
    } else {
      CachedDocument<ProviderMetadata> discovered =
          new CachedDocument<>(
              this::discover, clock, b.discoveryCacheDuration, b.jwksRefetchInterval);
      this.metadata = discovered::get;
    }
    CachedDocument<JWKSet> jwks =
        new CachedDocument<>(this::fetchJwks, clock, b.jwksCacheDuration, b.jwksRefetchInterval);
    this.jwtVerifier =
        new JwtVerifier(new KeySource(jwks), b.algorithms, issuer, clock, maxClockSkew);
    this.usedStates =
        Caffeine.newBuilder()
            .ticker(new ClockTicker(clock))
            .executor(Runnable::run)
            .maximumSize(100_000)
            .expireAfterWrite(pendingAuthorizationLifetime.plus(maxClockSkew))
            .build();
    this.seenLogoutTokens =
        Caffeine.newBuilder()
            .ticker(new ClockTicker(clock))
            .executor(Runnable::run)
            .maximumSize(100_000)
            .expireAfter(SignonClient.<String, Instant>expiringAt(clock, i -> i))
            .build();
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
    return metadata.get();
  }

  // ---------------------------------------------------------------------------------------------
  // Sign-in

  /**
   * Builds an authorization request with no return path; see {@link #authorizationRequest(String)}.
   */
  public AuthorizationRequest authorizationRequest() {
    return newAuthorizationRequest(null);
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
    return newAuthorizationRequest(PendingAuthorization.checkReturnTo(returnTo));
  }

  private AuthorizationRequest newAuthorizationRequest(@Nullable String returnTo) {
    ProviderMetadata provider = metadata.get();
    String state = randomToken();
    String nonce = randomToken();
    String verifier = randomToken();
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(SecretValue.sha256(verifier)); // verifier is ASCII
    HttpUrl.Builder url = ProviderHttp.url(provider.authorizationEndpoint()).newBuilder();
    url.addQueryParameter("response_type", "code")
        .addQueryParameter("client_id", clientId)
        .addQueryParameter("redirect_uri", redirectUri.toString())
        .addQueryParameter("scope", String.join(" ", scopes))
        .addQueryParameter("state", state)
        .addQueryParameter("nonce", nonce)
        .addQueryParameter("code_challenge", challenge)
        .addQueryParameter("code_challenge_method", "S256");
    if (!vtr.isEmpty()) {
      url.addQueryParameter("vtr", Json.write(vtr));
    }
    if (uiLocales != null) {
      url.addQueryParameter("ui_locales", uiLocales);
    }
    authorizationParameters.forEach(url::addQueryParameter);
    PendingAuthorization pending =
        new PendingAuthorization(
            state, nonce, SecretValue.of(verifier), redirectUri, vtr, clock.instant(), returnTo);
    return new AuthorizationRequest(url.build().uri(), pending);
  }

  /** 256 bits from the injected SecureRandom, base64url: 43 characters. */
  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
    Instant now = clock.instant();
    if (!ConstantTime.equals(pending.state(), callbackParameters.get("state"))) {
      throw JwtVerifier.reject(
          ProviderRejectedException.INVALID_REQUEST, "callback state does not match");
    }
    String stateKey = Base64.getEncoder().encodeToString(SecretValue.sha256(pending.state()));
    if (usedStates.asMap().putIfAbsent(stateKey, Boolean.TRUE) != null) {
      throw JwtVerifier.reject(
          ProviderRejectedException.INVALID_REQUEST, "callback state was already used");
    }
    if (now.isAfter(pending.createdAt().plus(pendingAuthorizationLifetime))) {
      throw JwtVerifier.reject(
          ProviderRejectedException.INVALID_REQUEST, "authorization request has expired");
    }
    String callbackIssuer = callbackParameters.get("iss");
    if (callbackIssuer != null && !callbackIssuer.equals(issuer)) {
      // RFC 9207: a callback naming another issuer is a mix-up attack.
      throw JwtVerifier.reject(
          ProviderRejectedException.INVALID_REQUEST, "callback iss names another issuer");
    }
    String error = callbackParameters.get("error");
    if (error != null) {
      String code =
          error.matches("[a-z_]{1,64}") ? error : ProviderRejectedException.INVALID_REQUEST;
      throw JwtVerifier.reject(code, "provider refused the authorization: " + code);
    }
    String code = callbackParameters.get("code");
    if (code == null || code.isEmpty()) {
      throw JwtVerifier.reject(ProviderRejectedException.INVALID_REQUEST, "callback has no code");
    }
    FormBody.Builder form =
        new FormBody.Builder()
            .add("grant_type", "authorization_code")
            .add("code", code)
            .add("redirect_uri", pending.redirectUri().toString())
            .add("code_verifier", pending.codeVerifier().reveal());
    TokenAnswer answer = tokenRequest(form, "token endpoint");
    if (answer.idToken == null) {
      throw new ProviderUnavailableException(
          ProviderUnavailableException.SERVER_ERROR, 0, "token answer has no id_token", null);
    }
    VerifiedIdToken idToken = verifyIdToken(answer.idToken, pending.nonce(), pending.vtr());
    Tokens tokens = answer.tokens(idToken);
    Map<String, Object> userInfo = Map.of();
    URI userinfoEndpoint = metadata.get().userinfoEndpoint().orElse(null);
    if (fetchUserInfo && userinfoEndpoint != null) {
      Json json = http.getJson(userinfoEndpoint, tokens.accessToken(), "userinfo endpoint");
      if (!idToken.subject().equals(optionalString(json, "sub", "userinfo"))) {
        throw JwtVerifier.reject(
            ProviderRejectedException.INVALID_TOKEN, "userinfo names another subject");
      }
      userInfo = json.asMap();
    }
    return new SignedInUser(idToken, tokens, userInfo, pending.returnTo().orElse(null));
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
    TokenAnswer answer = tokenRequest(form, "token endpoint (refresh)");
    VerifiedIdToken idToken =
        answer.idToken == null ? null : verifyIdToken(answer.idToken, null, List.of());
    return answer.tokens(idToken);
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
    URI endpoint =
        metadata
            .get()
            .revocationEndpoint()
            .orElseThrow(() -> new IllegalStateException("provider has no revocation endpoint"));
    FormBody.Builder form = new FormBody.Builder().add("token", token.reveal());
    Request.Builder request = authenticatedRequest(endpoint, form);
    http.postFormNoContent(request, form, "revocation endpoint");
  }

  VerifiedIdToken verifyIdToken(String raw, @Nullable String nonce, List<String> requestedVtr) {
    String invalid = ProviderRejectedException.INVALID_TOKEN;
    JWTClaimsSet claims = jwtVerifier.verify(raw, "ID token", invalid, Set.of("jwt"), true);
    jwtVerifier.checkStandardClaims(claims, clientId, "ID token", invalid, true);
    String subject = claims.getSubject();
    if (subject == null || subject.isEmpty()) {
      throw JwtVerifier.reject(invalid, "ID token has no sub");
    }
    List<String> audience = claims.getAudience();
    String azp = stringClaim(claims, "azp", invalid);
    if (azp != null ? !azp.equals(clientId) : audience.size() > 1) {
      throw JwtVerifier.reject(invalid, "ID token azp is not this client");
    }
    if (nonce != null && !ConstantTime.equals(nonce, stringClaim(claims, "nonce", invalid))) {
      throw JwtVerifier.reject(invalid, "ID token nonce does not match");
    }
    if (!requestedVtr.isEmpty()) {
      String vot = stringClaim(claims, "vot", invalid);
      if (vot == null || !requestedVtr.contains(vot)) {
        throw JwtVerifier.reject(invalid, "ID token vot " + vot + " is not a requested vtr");
      }
    }
    return new VerifiedIdToken(
        SecretValue.of(raw),
        issuer,
        subject,
        audience,
        Objects.requireNonNull(claims.getExpirationTime()).toInstant(),
        Objects.requireNonNull(claims.getIssueTime()).toInstant(),
        claims.toJSONObject());
  }

  private static @Nullable String stringClaim(JWTClaimsSet claims, String name, String errorCode) {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      throw JwtVerifier.reject(errorCode, "token claim " + name + " is not a string");
    }
  }

  private static @Nullable String optionalString(Json json, String name, String what) {
    try {
      return json.optionalString(name);
    } catch (Json.MalformedException e) {
      throw malformed(what, e);
    }
  }

  static ProviderUnavailableException malformed(String what, Json.MalformedException e) {
    return new ProviderUnavailableException(
        ProviderUnavailableException.SERVER_ERROR,
        0,
        what + " answered an unexpected document: " + e.getMessage(),
        null);
  }

  /** A POST to {@code endpoint} carrying this client's authentication. */
  Request.Builder authenticatedRequest(URI endpoint, FormBody.Builder form) {
    Request.Builder request = new Request.Builder().url(ProviderHttp.url(endpoint));
    authentication.apply(
        request, form, clientId, metadata.get().tokenEndpoint(), clock.instant(), random);
    return request;
  }

  private TokenAnswer tokenRequest(FormBody.Builder form, String what) {
    Request.Builder request = authenticatedRequest(metadata.get().tokenEndpoint(), form);
    Json json = http.postForm(request, form, what);
    try {
      String tokenType = json.optionalString("token_type");
      if (tokenType != null && !tokenType.equalsIgnoreCase("Bearer")) {
        throw new Json.MalformedException("token_type " + tokenType + " is not Bearer");
      }
      Long expiresIn = json.optionalLong("expires_in");
      String scope = json.optionalString("scope");
      String refreshToken = json.optionalString("refresh_token");
      return new TokenAnswer(
          SecretValue.of(json.string("access_token")),
          refreshToken == null || refreshToken.isEmpty() ? null : SecretValue.of(refreshToken),
          expiresIn == null ? null : clock.instant().plusSeconds(expiresIn),
          scope == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(scope.split(" +"))),
          json.optionalString("id_token"));
    } catch (Json.MalformedException e) {
      throw malformed(what, e);
    }
  }

  private record TokenAnswer(
      SecretValue accessToken,
      @Nullable SecretValue refreshToken,
      @Nullable Instant expiresAt,
      Set<String> scopes,
      @Nullable String idToken) {
    Tokens tokens(@Nullable VerifiedIdToken verified) {
      return new Tokens(accessToken, refreshToken, expiresAt, scopes, verified);
    }

    @Override
    public String toString() {
      return "TokenAnswer[redacted]";
    }
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
    URI endpoint =
        metadata
            .get()
            .userDetailsEndpoint()
            .orElseThrow(() -> new IllegalStateException("no user_details endpoint"));
    Json json = http.getJson(endpoint, accessToken, "user_details endpoint");
    try {
      return UserDetails.fromJson(json);
    } catch (Json.MalformedException e) {
      throw malformed("user_details endpoint", e);
    }
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
    URI endpoint =
        metadata
            .get()
            .userJsonEndpoint()
            .orElseThrow(() -> new IllegalStateException("no user.json endpoint"));
    Json json = http.getJson(endpoint, accessToken, "user.json endpoint");
    try {
      return GdsUser.fromJson(json);
    } catch (Json.MalformedException e) {
      throw malformed("user.json endpoint", e);
    }
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
    return ProviderHttp.url(logout)
        .newBuilder()
        .addQueryParameter("redirect_to", redirectTo.toString())
        .build()
        .uri();
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
    URI endpoint =
        metadata
            .get()
            .endSessionEndpoint()
            .orElseThrow(() -> new IllegalStateException("provider has no end_session_endpoint"));
    String state = randomToken();
    URI uri =
        ProviderHttp.url(endpoint)
            .newBuilder()
            .addQueryParameter("id_token_hint", idToken.serialized().reveal())
            .addQueryParameter("post_logout_redirect_uri", postLogoutRedirectUri.toString())
            .addQueryParameter("state", state)
            .addQueryParameter("client_id", clientId)
            .build()
            .uri();
    return new EndSessionRequest(uri, state);
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
    String invalid = ProviderRejectedException.INVALID_REQUEST;
    JWTClaimsSet claims =
        jwtVerifier.verify(logoutToken, "logout token", invalid, Set.of("logout+jwt", "jwt"), true);
    jwtVerifier.checkStandardClaims(claims, clientId, "logout token", invalid, true);
    Map<String, Object> events;
    try {
      events = claims.getJSONObjectClaim("events");
    } catch (ParseException e) {
      throw JwtVerifier.reject(invalid, "logout token events is not an object");
    }
    if (events == null || !(events.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map)) {
      throw JwtVerifier.reject(invalid, "logout token lacks the back-channel logout event");
    }
    if (claims.getClaim("nonce") != null) {
      throw JwtVerifier.reject(invalid, "logout token carries a nonce");
    }
    String subject = claims.getSubject();
    String sid = stringClaim(claims, "sid", invalid);
    if (subject == null && sid == null) {
      throw JwtVerifier.reject(invalid, "logout token names neither sub nor sid");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty()) {
      throw JwtVerifier.reject(invalid, "logout token has no jti");
    }
    Instant forgetAt =
        Objects.requireNonNull(claims.getExpirationTime()).toInstant().plus(maxClockSkew);
    if (seenLogoutTokens.asMap().putIfAbsent(jti, forgetAt) != null) {
      throw JwtVerifier.reject(invalid, "logout token jti was already used");
    }
    return new LogoutNotice(issuer, subject, sid);
  }

  // ---------------------------------------------------------------------------------------------
  // Bearer tokens

  /**
   * Starts a validator for bearer tokens sent to this app's API; see {@link BearerTokenValidator}.
   */
  public BearerTokenValidator.Builder bearerTokenValidator() {
    return new BearerTokenValidator.Builder(this);
  }

  String clientId() {
    return clientId;
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

  // ---------------------------------------------------------------------------------------------
  // Discovery and keys

  private ProviderMetadata discover() {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URI location = URI.create(base + "/.well-known/openid-configuration");
    Json json = http.getJson(location, null, "discovery");
    try {
      String published = json.string("issuer");
      if (!published.equals(issuer)) {
        throw new ProviderUnavailableException(
            ProviderUnavailableException.SERVER_ERROR,
            0,
            "discovery issuer " + published + " does not match the configured " + issuer,
            null);
      }
      ProviderMetadata.Builder b =
          ProviderMetadata.builder(issuer)
              .authorizationEndpoint(json.uri("authorization_endpoint").toString())
              .tokenEndpoint(json.uri("token_endpoint").toString());
      setIfPresent(json, "userinfo_endpoint", b::userinfoEndpoint);
      setIfPresent(json, "jwks_uri", b::jwksUri);
      setIfPresent(json, "end_session_endpoint", b::endSessionEndpoint);
      setIfPresent(json, "introspection_endpoint", b::introspectionEndpoint);
      setIfPresent(json, "revocation_endpoint", b::revocationEndpoint);
      URI userDetails = json.optionalUri("user_details_endpoint");
      b.userDetailsEndpoint(
          userDetails != null ? userDetails.toString() : base + "/api/user_details");
      URI userJson = json.optionalUri("user_json_endpoint");
      b.userJsonEndpoint(userJson != null ? userJson.toString() : base + "/user.json");
      return b.build();
    } catch (Json.MalformedException e) {
      throw malformed("discovery", e);
    }
  }

  private interface Setter {
    ProviderMetadata.Builder set(String url);
  }

  private static void setIfPresent(Json json, String name, Setter setter)
      throws Json.MalformedException {
    URI value = json.optionalUri(name);
    if (value != null) {
      setter.set(value.toString());
    }
  }

  private JWKSet fetchJwks() {
    URI jwksUri =
        metadata
            .get()
            .jwksUri()
            .orElseThrow(
                () ->
                    new ProviderUnavailableException(
                        ProviderUnavailableException.SERVER_ERROR,
                        0,
                        "provider has no jwks_uri",
                        null));
    Json json = http.getJson(jwksUri, null, "JWKS");
    try {
      return KeySource.parse(json);
    } catch (Json.MalformedException e) {
      throw malformed("JWKS", e);
    }
  }

  /** Expires each entry at the instant {@code at} reads from its value, by the clock. */
  static <K, V> Expiry<K, V> expiringAt(Clock clock, Function<V, Instant> at) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(K key, V value, long currentTime) {
        return Math.max(0, Duration.between(clock.instant(), at.apply(value)).toNanos());
      }

      @Override
      public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
        return expireAfterCreate(key, value, currentTime);
      }

      @Override
      public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
        return currentDuration;
      }
    };
  }

  private static String defaultUserAgent() {
    Properties properties = new Properties();
    try (InputStream in = SignonClient.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
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
    private @Nullable String issuer;
    private @Nullable ProviderMetadata providerMetadata;
    private @Nullable String clientId;
    private @Nullable ClientAuthentication clientAuthentication;
    private @Nullable URI redirectUri;
    private List<String> scopes = List.of("openid");
    private List<String> vtr = List.of();
    private @Nullable String uiLocales;
    private final Map<String, String> authorizationParameters = new LinkedHashMap<>();
    private @Nullable OkHttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private Duration maxClockSkew = Duration.ofSeconds(60);
    private Duration pendingAuthorizationLifetime = Duration.ofMinutes(10);
    private Duration jwksCacheDuration = Duration.ofMinutes(10);
    private Duration discoveryCacheDuration = Duration.ofHours(1);
    private Duration jwksRefetchInterval = Duration.ofSeconds(30);
    private boolean fetchUserInfo = true;
    private Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private @Nullable String userAgent;

    private Builder() {}

    /**
     * Discovers the provider from {@code {issuer}/.well-known/openid-configuration}; the document
     * must name exactly this issuer, trailing slash included.
     *
     * @throws IllegalArgumentException if {@code issuer} is not an absolute http(s) URL
     */
    public Builder issuer(String issuer) {
      ProviderMetadata.httpUrl(issuer, "issuer");
      if (URI.create(issuer).getQuery() != null) {
        throw new IllegalArgumentException("issuer must not have a query");
      }
      this.issuer = issuer;
      return this;
    }

    /** Uses these endpoints instead of discovery. */
    public Builder providerMetadata(ProviderMetadata providerMetadata) {
      this.providerMetadata = Objects.requireNonNull(providerMetadata, "providerMetadata");
      return this;
    }

    /** Sets the client id the provider registered this app under (required). */
    public Builder clientId(String clientId) {
      Objects.requireNonNull(clientId, "clientId");
      if (clientId.isBlank()) {
        throw new IllegalArgumentException("clientId must not be blank");
      }
      this.clientId = clientId;
      return this;
    }

    /**
     * Sets how the client authenticates at the token endpoint (required; {@link
     * ClientAuthentication#none()} for a public client).
     */
    public Builder clientAuthentication(ClientAuthentication clientAuthentication) {
      this.clientAuthentication =
          Objects.requireNonNull(clientAuthentication, "clientAuthentication");
      return this;
    }

    /**
     * Sets the redirect URI registered with the provider (required).
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL without fragment
     */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = ProviderMetadata.httpUrl(redirectUri, "redirectUri");
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
      List<String> copy = new ArrayList<>(new LinkedHashSet<>(scopes));
      for (String scope : copy) {
        if (scope == null || !scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
          throw new IllegalArgumentException("scopes: malformed scope");
        }
      }
      if (!copy.contains("openid")) {
        throw new IllegalArgumentException("scopes must contain openid");
      }
      this.scopes = List.copyOf(copy);
      return this;
    }

    /**
     * Requests these vectors of trust (GOV.UK One Login {@code vtr}, sent as a JSON array); the ID
     * token's {@code vot} must then be one of them.
     *
     * @throws IllegalArgumentException if a vector is empty
     */
    public Builder vtr(String... vectors) {
      List<String> copy = List.copyOf(Arrays.asList(vectors));
      for (String v : copy) {
        if (v.isBlank()) {
          throw new IllegalArgumentException("vtr: empty vector");
        }
      }
      this.vtr = copy;
      return this;
    }

    /** Sets {@code ui_locales}, such as {@code "en"} or {@code "cy en"}. */
    public Builder uiLocales(String uiLocales) {
      Objects.requireNonNull(uiLocales, "uiLocales");
      if (uiLocales.isBlank()) {
        throw new IllegalArgumentException("uiLocales must not be blank");
      }
      this.uiLocales = uiLocales;
      return this;
    }

    /**
     * Adds a provider-specific authorization parameter (such as {@code prompt}).
     *
     * @throws IllegalArgumentException if {@code name} is one the client sets itself
     */
    public Builder authorizationParameter(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (RESERVED_PARAMETERS.contains(name)) {
        throw new IllegalArgumentException("name: " + name + " is set by the client");
      }
      authorizationParameters.put(name, value);
      return this;
    }

    /** Uses the caller's OkHttp client (timeouts, proxies, pools); a User-Agent is added. */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** Sets the clock. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the source of {@code state}, {@code nonce}, PKCE and {@code jti} values. */
    public Builder secureRandom(SecureRandom secureRandom) {
      this.random = Objects.requireNonNull(secureRandom, "secureRandom");
      return this;
    }

    /**
     * Sets the clock skew tolerated on token times. Default 60 seconds.
     *
     * @throws IllegalArgumentException if negative or above five minutes
     */
    public Builder maxClockSkew(Duration maxClockSkew) {
      Objects.requireNonNull(maxClockSkew, "maxClockSkew");
      if (maxClockSkew.isNegative() || maxClockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException("maxClockSkew must be between 0 and 5 minutes");
      }
      this.maxClockSkew = maxClockSkew;
      return this;
    }

    /**
     * Sets how long a pending authorization stays good for its callback. Default 10 minutes.
     *
     * @throws IllegalArgumentException if not positive or above one hour
     */
    public Builder pendingAuthorizationLifetime(Duration lifetime) {
      this.pendingAuthorizationLifetime =
          positive(lifetime, "pendingAuthorizationLifetime", Duration.ofHours(1));
      return this;
    }

    /**
     * Sets how long the JWKS is used before it is refreshed. Default 10 minutes.
     *
     * @throws IllegalArgumentException if not positive or above one day
     */
    public Builder jwksCacheDuration(Duration duration) {
      this.jwksCacheDuration = positive(duration, "jwksCacheDuration", Duration.ofDays(1));
      return this;
    }

    /**
     * Sets how long discovery is used before it is refreshed. Default one hour.
     *
     * @throws IllegalArgumentException if not positive or above one day
     */
    public Builder discoveryCacheDuration(Duration duration) {
      this.discoveryCacheDuration =
          positive(duration, "discoveryCacheDuration", Duration.ofDays(1));
      return this;
    }

    /**
     * Sets the least time between two refetches of the JWKS caused by an unknown {@code kid}, so
     * forged tokens cannot hammer the provider. Default 30 seconds.
     *
     * @throws IllegalArgumentException if not positive or above one hour
     */
    public Builder jwksRefetchInterval(Duration interval) {
      this.jwksRefetchInterval = positive(interval, "jwksRefetchInterval", Duration.ofHours(1));
      return this;
    }

    /**
     * Whether sign-in fetches userinfo and checks its subject when the provider has a userinfo
     * endpoint. Default true.
     */
    public Builder fetchUserInfo(boolean fetchUserInfo) {
      this.fetchUserInfo = fetchUserInfo;
      return this;
    }

    /**
     * Sets the JWS algorithms accepted on ID, logout and access tokens. Default RS256 and ES256.
     *
     * @throws IllegalArgumentException if an algorithm is not an asymmetric RS, PS or ES one
     *     ({@code none} and HS* are always refused)
     */
    public Builder signingAlgorithms(String... algorithms) {
      Set<JWSAlgorithm> copy = new HashSet<>();
      for (String name : algorithms) {
        JWSAlgorithm alg = JWSAlgorithm.parse(Objects.requireNonNull(name, "algorithms"));
        if (!ALLOWED_ALGORITHMS.contains(alg)) {
          throw new IllegalArgumentException("algorithms: " + name + " is not allowed");
        }
        copy.add(alg);
      }
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("algorithms must not be empty");
      }
      this.algorithms = Set.copyOf(copy);
      return this;
    }

    /** Sets the User-Agent sent on every request. Default {@code signon-java/<version>}. */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent");
      if (userAgent.isBlank()) {
        throw new IllegalArgumentException("userAgent must not be blank");
      }
      this.userAgent = userAgent;
      return this;
    }

    private static Duration positive(Duration d, String name, Duration max) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be positive and at most " + max);
      }
      return d;
    }

    /**
     * Builds the client. Makes no network call: discovery happens on first use.
     *
     * @throws IllegalStateException naming what is missing or contradictory
     */
    public SignonClient build() {
      if (issuer == null && providerMetadata == null) {
        throw new IllegalStateException("issuer or endpoints required");
      }
      if (issuer != null && providerMetadata != null) {
        throw new IllegalStateException("issuer and endpoints both set; choose one");
      }
      if (clientId == null) {
        throw new IllegalStateException("clientId required");
      }
      if (clientAuthentication == null) {
        throw new IllegalStateException(
            "clientAuthentication required (ClientAuthentication.none() for a public client)");
      }
      if (redirectUri == null) {
        throw new IllegalStateException("redirectUri required");
      }
      String iss = issuer != null ? issuer : Objects.requireNonNull(providerMetadata).issuer();
      return new SignonClient(this, iss, clientId, clientAuthentication);
    }
  }
}
