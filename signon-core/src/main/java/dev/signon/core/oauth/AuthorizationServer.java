package dev.signon.core.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.access.Permissions;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.internal.Ids;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.SigningAlgorithm;
import dev.signon.core.token.SigningKeys;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth 2.0 authorization server and OpenID Provider of a Signon host, as plain functions from
 * a {@link ProtocolRequest} to a {@link ProtocolResponse}. It knows no HTTP framework; the servlet
 * and Spring adapters route paths ({@link EndpointPaths}) to these methods and copy the answer
 * back.
 *
 * <p>Strict by default: authorization code flow only; exact redirect-URI matching; PKCE S256
 * (required of public clients, {@code plain} refused); single-use codes whose reuse revokes what
 * they issued; refresh tokens rotated on every use, reuse revoking the family; errors on the wire
 * are bare RFC 6749/6750 codes, the reason goes to the debug log.
 *
 * <pre>{@code
 * AuthorizationServer oauth = server.authorizationServer();
 * ProtocolResponse response = oauth.token(request);
 * }</pre>
 */
public final class AuthorizationServer {
  private static final Logger log = LoggerFactory.getLogger(AuthorizationServer.class);
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Set<String> SCOPES = Set.of("openid", "profile", "email", "offline_access");
  private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private final URI issuer;
  private final HostPaths hostPaths;
  private final String issuerString;
  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final SigningKeys keys;
  private final TokenLifetimes lifetimes;
  private final EndpointPaths paths;
  private final SignInGate gate;
  private final ClientAuthenticator clients;
  private final JsonMapper json = JsonMapper.builder().build();
  private final Map<ApplicationTokenId, Instant> lastTouched = new ConcurrentHashMap<>();

  /**
   * Creates the server; hosts get one from {@code SignonServer.authorizationServer()}.
   *
   * @param issuer the issuer URL, exactly as relying apps configure it
   */
  public AuthorizationServer(
      URI issuer,
      SignonStore store,
      Clock clock,
      SecureRandom random,
      SigningKeys keys,
      TokenLifetimes lifetimes,
      EndpointPaths paths,
      SignInGate gate) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.issuerString = issuer.toString();
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.lifetimes = Objects.requireNonNull(lifetimes, "lifetimes");
    this.paths = Objects.requireNonNull(paths, "paths");
    this.hostPaths = HostPaths.of(issuer, paths);
    this.gate = Objects.requireNonNull(gate, "gate");
    this.clients =
        new ClientAuthenticator(
            List.of(
                endpoint(paths.token()),
                endpoint(paths.legacyToken()),
                endpoint(paths.introspection()),
                endpoint(paths.revocation()),
                issuerString));
  }

  /** The absolute URL of an endpoint path. */
  public String endpoint(String path) {
    return hostPaths.url(path);
  }

  /** The paths the endpoints are served at. */
  public EndpointPaths paths() {
    return paths;
  }

  // ------------------------------------------------------------------ discovery and keys

  /** The issuer URL, exactly as relying apps configure it. */
  public URI issuer() {
    return issuer;
  }

  /** The OpenID Provider metadata (OIDC Discovery 1.0, RFC 8414). */
  public ProtocolResponse discovery() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", issuerString);
    m.put("authorization_endpoint", endpoint(paths.authorization()));
    m.put("token_endpoint", endpoint(paths.token()));
    m.put("userinfo_endpoint", endpoint(paths.userinfo()));
    m.put("jwks_uri", endpoint(paths.jwks()));
    m.put("end_session_endpoint", endpoint(paths.endSession()));
    m.put("revocation_endpoint", endpoint(paths.revocation()));
    m.put("introspection_endpoint", endpoint(paths.introspection()));
    m.put("user_details_endpoint", endpoint(paths.userDetails()));
    m.put("user_json_endpoint", endpoint(paths.userJson()));
    m.put("response_types_supported", List.of("code"));
    m.put("response_modes_supported", List.of("query"));
    m.put(
        "grant_types_supported",
        List.of("authorization_code", "refresh_token", "client_credentials"));
    m.put("subject_types_supported", List.of("public"));
    m.put(
        "id_token_signing_alg_values_supported",
        List.of(
            SigningAlgorithm.RS256.jwsName(),
            SigningAlgorithm.ES256.jwsName(),
            SigningAlgorithm.EDDSA.jwsName()));
    List<String> auth =
        List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none");
    m.put("token_endpoint_auth_methods_supported", auth);
    m.put(
        "token_endpoint_auth_signing_alg_values_supported",
        List.of("RS256", "PS256", "ES256", "EdDSA"));
    m.put("revocation_endpoint_auth_methods_supported", auth);
    m.put("introspection_endpoint_auth_methods_supported", auth);
    m.put("code_challenge_methods_supported", List.of("S256"));
    m.put("scopes_supported", List.copyOf(new java.util.TreeSet<>(SCOPES)));
    m.put(
        "claims_supported",
        List.of(
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "azp",
            "name",
            "given_name",
            "family_name",
            "email",
            "email_verified"));
    m.put("prompt_values_supported", List.of("none", "login"));
    m.put("authorization_response_iss_parameter_supported", true);
    m.put("request_parameter_supported", false);
    m.put("request_uri_parameter_supported", false);
    return ProtocolResponse.json(200, write(m)).withHeader("Cache-Control", "public, max-age=300");
  }

  /** The JWK set relying apps verify ID tokens and JWT access tokens against. */
  public ProtocolResponse jwks() {
    return ProtocolResponse.json(200, keys.publicJwks().toString(true))
        .withHeader("Cache-Control", "public, max-age=300");
  }

  // ------------------------------------------------------------------ authorize

  /**
   * The authorization endpoint (RFC 6749 section 4.1.1, OIDC Core section 3.1.2). Until the client
   * and its exact redirect URI are known, errors show a page and never redirect.
   */
  public ProtocolResponse authorize(ProtocolRequest request) {
    Params p = Params.of(request.queryParameters());
    Application app;
    String redirectUri;
    try {
      String clientId = p.require("client_id");
      app =
          store
              .transaction(tx -> tx.applications().findByClientId(clientId))
              .orElseThrow(() -> OAuthException.invalidRequest("unknown client " + clientId));
      redirectUri = p.require("redirect_uri");
      if (!app.allowsRedirectTo(redirectUri)) {
        throw OAuthException.invalidRequest("redirect_uri not registered for " + clientId);
      }
      if (app.retired() || app.apiOnly()) {
        throw new OAuthException(
            "unauthorized_client", 400, "client " + clientId + " is retired or API-only");
      }
    } catch (OAuthException e) {
      log.debug(
          "authorization request refused before a redirect URI was trusted: {}", e.getMessage());
      return Html.error(e.errorCode());
    }
    @Nullable String state = null;
    try {
      state = p.get("state").orElse(null);
      return authorizeTrusted(request, p, app, redirectUri, state);
    } catch (OAuthException e) {
      log.debug("authorization request refused: {}", e.getMessage());
      return redirectWith(
          redirectUri, orderedMap("error", e.errorCode(), "state", state, "iss", issuerString));
    }
  }

  private ProtocolResponse authorizeTrusted(
      ProtocolRequest request,
      Params p,
      Application app,
      String redirectUri,
      @Nullable String state) {
    if (p.has("request") || p.has("request_uri")) {
      throw new OAuthException("request_not_supported", 400, "request objects are not supported");
    }
    String responseType = p.require("response_type");
    if (!responseType.equals("code")) {
      throw new OAuthException("unsupported_response_type", 400, "response_type " + responseType);
    }
    Set<String> scopes = parseScopes(p.get("scope").orElse(""));
    Optional<String> challenge = p.get("code_challenge");
    String method = p.get("code_challenge_method").orElse(challenge.isPresent() ? "plain" : "");
    if (challenge.isPresent()) {
      if (!method.equals("S256")) {
        throw OAuthException.invalidRequest("code_challenge_method must be S256");
      }
      if (!CHALLENGE.matcher(challenge.get()).matches()) {
        throw OAuthException.invalidRequest("malformed code_challenge");
      }
    } else if (app.isPublicClient()) {
      throw OAuthException.invalidRequest("a public client must use PKCE");
    } else if (!method.isEmpty()) {
      throw OAuthException.invalidRequest("code_challenge_method without code_challenge");
    }
    Optional<String> nonce = p.get("nonce");
    if (nonce.isPresent() && nonce.get().length() > 512) {
      throw OAuthException.invalidRequest("nonce too long");
    }
    String prompt = p.get("prompt").orElse("");
    if (!prompt.isEmpty() && !prompt.equals("none") && !prompt.equals("login")) {
      throw OAuthException.invalidRequest("unsupported prompt " + prompt);
    }
    Optional<Long> maxAge = p.get("max_age").map(AuthorizationServer::parseMaxAge);
    Instant now = clock.instant();
    Optional<Authentication> signedIn = gate.current(request);
    if (prompt.equals("login")) {
      if (signedIn.isEmpty()
          || signedIn.get().authTime().isBefore(now.minusSeconds(300))
          || !p.has("max_age")) {
        // Come back without prompt=login but with max_age, so the person is asked only once.
        return gate.challenge(request, returnTo(request, "prompt", "max_age", "300"), true);
      }
    }
    if (signedIn.isEmpty()) {
      if (prompt.equals("none")) {
        throw new OAuthException("login_required", 400, "no session and prompt=none");
      }
      return gate.challenge(request, returnTo(request, null, null, null), false);
    }
    Authentication auth = signedIn.get();
    if (maxAge.isPresent() && auth.authTime().plusSeconds(maxAge.get()).isBefore(now)) {
      if (prompt.equals("none")) {
        throw new OAuthException("login_required", 400, "authentication older than max_age");
      }
      return gate.challenge(request, returnTo(request, null, null, null), true);
    }
    Optional<ProtocolResponse> refused =
        store.transaction(
            tx -> {
              Optional<User> user = tx.users().find(auth.user());
              if (user.isEmpty() || !user.get().isActive()) {
                return Optional.of(
                    Html.page(
                        403,
                        "Your account cannot be used",
                        "Your account is not active. Contact your administrator."));
              }
              EffectivePermissions perms = Permissions.of(tx, user.get(), app);
              if (!perms.canSignIn()) {
                return Optional.of(
                    Html.page(
                        403,
                        "You do not have access",
                        "You do not have permission to use " + app.name() + "."));
              }
              return Optional.empty();
            });
    if (refused.isPresent()) {
      log.debug("user {} may not sign in to {}", auth.user(), app.clientId());
      return refused.get();
    }
    TokenValue code = TokenValue.mint(random, TokenKind.AUTHORIZATION_CODE);
    AuthorizationCode stored =
        new AuthorizationCode(
            code.hash(),
            app.id(),
            auth.user(),
            redirectUri,
            scopes,
            nonce.orElse(null),
            challenge.orElse(null),
            auth.authTime(),
            now,
            now.plus(lifetimes.authorizationCode()),
            Ids.randomUuid(random),
            null);
    store.transaction(
        tx -> {
          tx.authorizationCodes().insert(stored);
          return null;
        });
    return redirectWith(
        redirectUri, orderedMap("code", code.reveal(), "state", state, "iss", issuerString));
  }

  private static long parseMaxAge(String s) {
    try {
      long v = Long.parseLong(s);
      if (v < 0) {
        throw OAuthException.invalidRequest("negative max_age");
      }
      return v;
    } catch (NumberFormatException e) {
      throw OAuthException.invalidRequest("malformed max_age");
    }
  }

  private static Set<String> parseScopes(String scope) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : scope.split(" ")) {
      if (s.isEmpty()) {
        continue;
      }
      if (!SCOPES.contains(s)) {
        throw new OAuthException("invalid_scope", 400, "unknown scope " + s);
      }
      out.add(s);
    }
    return out;
  }

  /** The authorize URL to come back to after sign-in, with one parameter replaced. */
  private URI returnTo(
      ProtocolRequest request,
      @Nullable String drop,
      @Nullable String add,
      @Nullable String value) {
    StringBuilder q = new StringBuilder();
    request
        .queryParameters()
        .forEach(
            (k, vs) -> {
              if (k.equals(drop) || k.equals(add)) {
                return;
              }
              for (String v : vs) {
                q.append(q.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v));
              }
            });
    if (add != null && value != null) {
      q.append(q.length() == 0 ? "" : "&").append(enc(add)).append('=').append(enc(value));
    }
    return URI.create(hostPaths.path(paths.authorization()) + "?" + q);
  }

  // ------------------------------------------------------------------ token

  /**
   * The token endpoint (RFC 6749 section 3.2): {@code authorization_code}, {@code refresh_token}
   * and {@code client_credentials}. Every answer is {@code Cache-Control: no-store}.
   */
  public ProtocolResponse token(ProtocolRequest request) {
    try {
      if (!request.method().equals("POST")) {
        throw OAuthException.invalidRequest("the token endpoint takes POST");
      }
      Params form = Params.of(request.formParameters());
      Instant now = clock.instant();
      ClientAuthenticator.Client client =
          store.transaction(tx -> clients.authenticate(request, form, tx, now));
      String grant = form.require("grant_type");
      return switch (grant) {
        case "authorization_code" -> redeemCode(form, client, now);
        case "refresh_token" -> refresh(form, client, now);
        case "client_credentials" -> clientCredentials(form, client, now);
        default -> throw new OAuthException("unsupported_grant_type", 400, "grant_type " + grant);
      };
    } catch (OAuthException e) {
      log.debug("token request refused: {}", e.getMessage());
      ProtocolResponse r = errorJson(e);
      if (e.status() == 401 && request.header("Authorization").isPresent()) {
        r = r.withHeader("WWW-Authenticate", "Basic realm=\"" + issuerString + "\"");
      }
      return r;
    }
  }

  /** What a token request's transaction decided; a refusal is thrown after its effects commit. */
  private sealed interface Outcome {}

  /**
   * Tokens stored by a transaction. The ID token is signed only after the transaction, so a
   * signature (about a millisecond of RSA) never holds the store's locks or a connection.
   */
  private record Issued(Map<String, Object> body, @Nullable Supplier<String> idToken, String scope)
      implements Outcome {}

  private record Refused(OAuthException error) implements Outcome {}

  private ProtocolResponse unwrap(Outcome o) {
    if (o instanceof Refused r) {
      throw r.error();
    }
    Issued issued = (Issued) o;
    Map<String, Object> body = issued.body();
    Supplier<String> idToken = issued.idToken();
    if (idToken != null) {
      body.put("id_token", idToken.get());
    }
    body.put("scope", issued.scope());
    return ProtocolResponse.json(200, write(body)).noStore();
  }

  private ProtocolResponse redeemCode(Params form, ClientAuthenticator.Client client, Instant now) {
    String value = form.require("code");
    String redirectUri = form.require("redirect_uri");
    Optional<String> verifier = form.get("code_verifier");
    TokenHash hash = TokenHash.of(value);
    Application app = client.application();
    return unwrap(
        store.transaction(
            tx -> {
              Optional<AuthorizationCode> consumed = tx.authorizationCodes().consume(hash, now);
              if (consumed.isEmpty()) {
                Optional<AuthorizationCode> spent = tx.authorizationCodes().find(hash);
                if (spent.isPresent()) {
                  int revoked = tx.issuedTokens().revokeFamily(spent.get().family(), now);
                  return new Refused(
                      OAuthException.invalidGrant(
                          "code used twice; revoked " + revoked + " tokens"));
                }
                return new Refused(OAuthException.invalidGrant("unknown code"));
              }
              AuthorizationCode code = consumed.get();
              if (!code.application().equals(app.id())) {
                return new Refused(OAuthException.invalidGrant("code issued to another client"));
              }
              if (code.isExpired(now)) {
                return new Refused(OAuthException.invalidGrant("code expired"));
              }
              if (!code.redirectUri().equals(redirectUri)) {
                return new Refused(
                    OAuthException.invalidGrant(
                        "redirect_uri differs from the authorization request"));
              }
              Optional<OAuthException> pkce =
                  checkPkce(code.codeChallenge(), verifier.orElse(null));
              if (pkce.isPresent()) {
                return new Refused(pkce.get());
              }
              Optional<User> user = tx.users().find(code.user());
              if (user.isEmpty() || !user.get().isActive() || app.retired()) {
                return new Refused(OAuthException.invalidGrant("user or client no longer active"));
              }
              if (!Permissions.of(tx, user.get(), app).canSignIn()) {
                return new Refused(OAuthException.invalidGrant("user lost access to the client"));
              }
              return issue(
                  tx,
                  app,
                  user.get(),
                  code.scopes(),
                  code.nonce(),
                  code.authTime(),
                  code.family(),
                  true,
                  now);
            }));
  }

  private static Optional<OAuthException> checkPkce(
      @Nullable String challenge, @Nullable String verifier) {
    if (challenge == null) {
      return verifier == null
          ? Optional.empty()
          : Optional.of(OAuthException.invalidGrant("code_verifier without a code_challenge"));
    }
    if (verifier == null) {
      return Optional.of(OAuthException.invalidGrant("missing code_verifier"));
    }
    if (!VERIFIER.matcher(verifier).matches()) {
      return Optional.of(OAuthException.invalidGrant("malformed code_verifier"));
    }
    byte[] computed =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)))
            .getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(computed, challenge.getBytes(StandardCharsets.US_ASCII))
        ? Optional.empty()
        : Optional.of(OAuthException.invalidGrant("code_verifier does not match"));
  }

  private ProtocolResponse refresh(Params form, ClientAuthenticator.Client client, Instant now) {
    Optional<TokenValue> presented = TokenValue.presented(form.require("refresh_token").strip());
    if (presented.isEmpty() || !presented.get().isKind(TokenKind.REFRESH_TOKEN)) {
      throw OAuthException.invalidGrant("not a refresh token");
    }
    TokenHash hash = presented.get().hash();
    Application app = client.application();
    Optional<String> requestedScope = form.get("scope");
    return unwrap(
        store.transaction(
            tx -> {
              Optional<IssuedToken> found = tx.issuedTokens().find(hash);
              if (found.isEmpty() || found.get().kind() != TokenKind.REFRESH_TOKEN) {
                return new Refused(OAuthException.invalidGrant("unknown refresh token"));
              }
              IssuedToken old = found.get();
              if (!old.application().equals(app.id())) {
                return new Refused(OAuthException.invalidGrant("refresh token of another client"));
              }
              if (old.usedAt() != null
                  || (old.revokedAt() == null && !tx.issuedTokens().markUsed(hash, now))) {
                int revoked = tx.issuedTokens().revokeFamily(old.family(), now);
                return new Refused(
                    OAuthException.invalidGrant(
                        "refresh token reused; revoked " + revoked + " tokens"));
              }
              if (old.revokedAt() != null || !now.isBefore(old.expiresAt())) {
                return new Refused(OAuthException.invalidGrant("refresh token revoked or expired"));
              }
              UserId uid = old.user();
              Optional<User> user = uid == null ? Optional.empty() : tx.users().find(uid);
              if (user.isEmpty()
                  || !user.get().isActive()
                  || app.retired()
                  || !Permissions.of(tx, user.get(), app).canSignIn()) {
                tx.issuedTokens().revokeFamily(old.family(), now);
                return new Refused(OAuthException.invalidGrant("user no longer has access"));
              }
              Set<String> scopes = old.scopes();
              if (requestedScope.isPresent()) {
                Set<String> narrower = parseScopes(requestedScope.get());
                if (!scopes.containsAll(narrower)) {
                  return new Refused(
                      new OAuthException("invalid_scope", 400, "scope wider than granted"));
                }
                scopes = narrower;
              }
              return issue(
                  tx, app, user.get(), scopes, null, old.authTime(), old.family(), true, now);
            }));
  }

  private ProtocolResponse clientCredentials(
      Params form, ClientAuthenticator.Client client, Instant now) {
    Application app = client.application();
    if (!client.confidential() || !app.apiOnly() || app.retired()) {
      throw new OAuthException(
          "unauthorized_client", 400, "client_credentials is for API-only confidential clients");
    }
    Set<String> scopes = parseScopes(form.get("scope").orElse(""));
    scopes.remove("openid");
    scopes.remove("offline_access");
    Set<String> granted = scopes;
    // Minted (for a JWT, signed) before the transaction: the store's locks are not held for it.
    TokenValue access = mintAccess(app, null, granted, now, now, Ids.randomUuid(random));
    return store.transaction(
        tx -> {
          tx.issuedTokens()
              .insert(
                  new IssuedToken(
                      access.hash(),
                      TokenKind.ACCESS_TOKEN,
                      app.id(),
                      null,
                      granted,
                      now,
                      now,
                      now.plus(lifetimes.accessToken()),
                      Ids.randomUuid(random),
                      null,
                      null));
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("access_token", access.reveal());
          body.put("token_type", "Bearer");
          body.put("expires_in", lifetimes.accessToken().toSeconds());
          if (!granted.isEmpty()) {
            body.put("scope", String.join(" ", granted));
          }
          return ProtocolResponse.json(200, write(body)).noStore();
        });
  }

  /** Mints and stores an access token, a refresh token and (for openid) an ID token. */
  private Issued issue(
      StoreTransaction tx,
      Application app,
      User user,
      Set<String> scopes,
      @Nullable String nonce,
      Instant authTime,
      UUID family,
      boolean withRefresh,
      Instant now) {
    TokenValue access = mintAccess(app, user, scopes, authTime, now, family);
    tx.issuedTokens()
        .insert(
            new IssuedToken(
                access.hash(),
                TokenKind.ACCESS_TOKEN,
                app.id(),
                user.uid(),
                scopes,
                authTime,
                now,
                now.plus(lifetimes.accessToken()),
                family,
                null,
                null));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", access.reveal());
    body.put("token_type", "Bearer");
    body.put("expires_in", lifetimes.accessToken().toSeconds());
    if (withRefresh) {
      TokenValue refresh = TokenValue.mint(random, TokenKind.REFRESH_TOKEN);
      tx.issuedTokens()
          .insert(
              new IssuedToken(
                  refresh.hash(),
                  TokenKind.REFRESH_TOKEN,
                  app.id(),
                  user.uid(),
                  scopes,
                  authTime,
                  now,
                  now.plus(lifetimes.refreshToken()),
                  family,
                  null,
                  null));
      body.put("refresh_token", refresh.reveal());
    }
    Supplier<String> idToken =
        scopes.contains("openid")
            ? () -> idToken(app, user, scopes, nonce, authTime, now).serialize()
            : null;
    return new Issued(body, idToken, String.join(" ", scopes));
  }

  private TokenValue mintAccess(
      Application app,
      @Nullable User user,
      Set<String> scopes,
      Instant authTime,
      Instant now,
      UUID family) {
    if (app.accessTokenFormat() == AccessTokenFormat.OPAQUE) {
      return TokenValue.mint(random, TokenKind.ACCESS_TOKEN);
    }
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issuer(issuerString)
            .subject(user == null ? app.clientId() : user.uid().toString())
            .audience(app.clientId())
            .expirationTime(Date.from(now.plus(lifetimes.accessToken())))
            .issueTime(Date.from(now))
            .jwtID(TokenValue.mint(random, TokenKind.ACCESS_TOKEN).hash().hex().substring(0, 32))
            .claim("client_id", app.clientId())
            .claim("scope", String.join(" ", scopes));
    if (user != null) {
      c.claim("auth_time", authTime.getEpochSecond());
    }
    String jwt =
        keys.sign(c.build(), app.idTokenSigningAlgorithm(), new JOSEObjectType("at+jwt"))
            .serialize();
    return TokenValue.presented(jwt).orElseThrow();
  }

  private SignedJWT idToken(
      Application app,
      User user,
      Set<String> scopes,
      @Nullable String nonce,
      Instant authTime,
      Instant now) {
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issuer(issuerString)
            .subject(user.uid().toString())
            .audience(app.clientId())
            .expirationTime(Date.from(now.plus(lifetimes.idToken())))
            .issueTime(Date.from(now))
            .claim("auth_time", authTime.getEpochSecond())
            .claim("azp", app.clientId());
    if (nonce != null) {
      c.claim("nonce", nonce);
    }
    profileClaims(user, scopes).forEach(c::claim);
    return keys.sign(c.build(), app.idTokenSigningAlgorithm(), JOSEObjectType.JWT);
  }

  private static Map<String, Object> profileClaims(User user, Set<String> scopes) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (scopes.contains("profile")) {
      m.put("name", user.name());
      m.put("given_name", user.firstName());
      m.put("family_name", user.lastName());
    }
    if (scopes.contains("email")) {
      m.put("email", user.email().value());
      m.put("email_verified", true);
    }
    return m;
  }

  // ------------------------------------------------------------------ resource endpoints

  /** Who a bearer token speaks for: a person or API user (or nobody, for client credentials). */
  private record Bearer(
      @Nullable User user,
      Application app,
      Set<String> scopes,
      boolean applicationToken,
      Instant issuedAt,
      Instant expiresAt) {}

  private Bearer bearer(ProtocolRequest request, boolean allowForm) {
    List<String> auth = request.headers("Authorization");
    Optional<String> header =
        auth.stream()
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).strip())
            .findFirst();
    Optional<String> form =
        allowForm && request.method().equals("POST")
            ? Params.of(request.formParameters()).get("access_token")
            : Optional.empty();
    if (header.isPresent() && form.isPresent()) {
      throw OAuthException.invalidRequest("token sent more than one way");
    }
    String raw =
        header
            .or(() -> form)
            .orElseThrow(() -> new OAuthException("invalid_token", 401, "no bearer token"));
    TokenValue value =
        TokenValue.presented(raw).orElseThrow(() -> OAuthException.invalidToken("malformed token"));
    Instant now = clock.instant();
    return store.transaction(tx -> lookUp(tx, value, now));
  }

  /** Finds a live bearer token, its application and its user, or throws {@code invalid_token}. */
  private Bearer lookUp(StoreTransaction tx, TokenValue value, Instant now) {
    TokenHash hash = value.hash();
    if (value.isKind(TokenKind.APPLICATION_TOKEN)) {
      ApplicationToken t =
          tx.applicationTokens()
              .findByHash(hash)
              .filter(x -> x.isLive(now))
              .orElseThrow(
                  () ->
                      OAuthException.invalidToken("unknown, expired or revoked application token"));
      User user =
          tx.users()
              .find(t.apiUser())
              .filter(User::isActive)
              .orElseThrow(() -> OAuthException.invalidToken("API user not active"));
      Application app =
          tx.applications()
              .find(t.application())
              .filter(a -> !a.retired())
              .orElseThrow(() -> OAuthException.invalidToken("application retired"));
      touch(tx, t, now);
      return new Bearer(user, app, Set.of(), true, t.createdAt(), t.expiresAt());
    }
    IssuedToken t =
        tx.issuedTokens()
            .find(hash)
            .filter(x -> x.kind() == TokenKind.ACCESS_TOKEN && x.isLive(now))
            .orElseThrow(
                () -> OAuthException.invalidToken("unknown, expired or revoked access token"));
    Application app =
        tx.applications()
            .find(t.application())
            .filter(a -> !a.retired())
            .orElseThrow(() -> OAuthException.invalidToken("application retired"));
    UserId uid = t.user();
    User user = null;
    if (uid != null) {
      user =
          tx.users()
              .find(uid)
              .filter(User::isActive)
              .orElseThrow(() -> OAuthException.invalidToken("user not active"));
    }
    return new Bearer(user, app, t.scopes(), false, t.issuedAt(), t.expiresAt());
  }

  /**
   * Authenticates the bearer token of the {@code Authorization} header (RFC 6750 section 2.1) for
   * the host's own APIs, as the resource endpoints do: an API user's application token or an access
   * token, live, whose user is active and whose application is not retired. An application token's
   * use is recorded. The caller still decides whether the token's application is the one it serves.
   *
   * @throws OAuthException {@code invalid_token} (401) when no token is sent, or it is unknown,
   *     expired or revoked, or its user or application may no longer use it
   */
  public AuthenticatedBearer authenticateBearer(ProtocolRequest request) {
    Bearer b = bearer(request, false);
    return new AuthenticatedBearer(b.user(), b.app(), b.scopes(), b.applicationToken());
  }

  /** Records an application token's use at most once a minute, so the hot path is not a write. */
  private void touch(StoreTransaction tx, ApplicationToken t, Instant now) {
    Instant last = lastTouched.get(t.id());
    if (last != null && last.plus(LAST_USED_PRECISION).isAfter(now)) {
      return;
    }
    Instant stored = t.lastUsedAt();
    if (stored == null || !stored.plus(LAST_USED_PRECISION).isAfter(now)) {
      tx.applicationTokens().touch(t.id(), now, now.minus(LAST_USED_PRECISION));
    }
    lastTouched.put(t.id(), now);
  }

  private ProtocolResponse bearerError(OAuthException e) {
    log.debug("bearer token refused: {}", e.getMessage());
    String challenge =
        e.errorCode().equals("invalid_token")
                && e.getMessage() != null
                && e.getMessage().equals("no bearer token")
            ? "Bearer realm=\"" + issuerString + "\""
            : "Bearer realm=\"" + issuerString + "\", error=\"" + e.errorCode() + "\"";
    ProtocolResponse r = e.status() == 401 ? ProtocolResponse.empty(401) : errorJson(e);
    return r.withHeader("WWW-Authenticate", challenge).noStore();
  }

  /** The OIDC userinfo endpoint: standard claims of the token's user, by granted scope. */
  public ProtocolResponse userinfo(ProtocolRequest request) {
    try {
      Bearer b = bearer(request, true);
      if (b.user() == null || b.applicationToken() || !b.scopes().contains("openid")) {
        throw new OAuthException(
            "insufficient_scope", 403, "userinfo needs an openid token for a person");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sub", b.user().uid().toString());
      m.putAll(profileClaims(b.user(), b.scopes()));
      return ProtocolResponse.json(200, write(m)).noStore();
    } catch (OAuthException e) {
      return bearerError(e);
    }
  }

  /** MoJ Sign On's {@code user_details}: the person and their roles for the calling application. */
  public ProtocolResponse userDetails(ProtocolRequest request) {
    try {
      Bearer b = bearer(request, false);
      User user = requireUser(b);
      EffectivePermissions perms = store.transaction(tx -> Permissions.of(tx, user, b.app()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", user.uid().toString());
      m.put("email", user.email().value());
      m.put("first_name", user.firstName());
      m.put("last_name", user.lastName());
      List<Map<String, Object>> permissions = new ArrayList<>();
      for (EffectivePermissions.OrganisationRoles o : perms.byOrganisation()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("organisation", o.organisation());
        e.put("roles", o.roles());
        permissions.add(e);
      }
      m.put("permissions", permissions);
      m.put(
          "links",
          orderedMap("profile", endpoint(paths.profile()), "logout", endpoint(paths.signOut())));
      return ProtocolResponse.json(200, write(m)).noStore();
    } catch (OAuthException e) {
      return bearerError(e);
    }
  }

  /**
   * GOV.UK Signon's {@code user.json} (the gds-sso convention): 401 unless the token's user may
   * sign in to the token's application; {@code client_id}, when given, must be that application.
   */
  public ProtocolResponse userJson(ProtocolRequest request) {
    try {
      Bearer b = bearer(request, false);
      User user = requireUser(b);
      Optional<String> clientId = Params.of(request.queryParameters()).get("client_id");
      if (clientId.isPresent() && !clientId.get().equals(b.app().clientId())) {
        throw OAuthException.invalidToken("token belongs to another application");
      }
      record Loaded(EffectivePermissions perms, @Nullable Organisation org) {}
      Loaded loaded =
          store.transaction(
              tx -> {
                OrganisationId orgId = user.organisation();
                return new Loaded(
                    Permissions.of(tx, user, b.app()),
                    orgId == null ? null : tx.organisations().find(orgId).orElse(null));
              });
      if (!loaded.perms().canSignIn()) {
        throw OAuthException.invalidToken("user cannot sign in to " + b.app().clientId());
      }
      Map<String, Object> u = new LinkedHashMap<>();
      u.put("uid", user.uid().toString());
      u.put("name", user.name());
      u.put("email", user.email().value());
      u.put("permissions", new ArrayList<>(new java.util.TreeSet<>(loaded.perms().roles())));
      u.put("organisation_slug", loaded.org() == null ? null : loaded.org().slug());
      u.put(
          "organisation_content_id",
          loaded.org() == null ? null : loaded.org().contentId().toString());
      u.put("disabled", user.status() == UserStatus.SUSPENDED);
      return ProtocolResponse.json(200, write(Map.of("user", u))).noStore();
    } catch (OAuthException e) {
      return bearerError(e);
    }
  }

  private static User requireUser(Bearer b) {
    User user = b.user();
    if (user == null) {
      throw new OAuthException("insufficient_scope", 403, "token acts for no user");
    }
    return user;
  }

  /**
   * Token introspection (RFC 7662) for resource servers. A token is active only to the application
   * it was issued for, which must authenticate.
   */
  public ProtocolResponse introspect(ProtocolRequest request) {
    try {
      if (!request.method().equals("POST")) {
        throw OAuthException.invalidRequest("introspection takes POST");
      }
      Params form = Params.of(request.formParameters());
      Instant now = clock.instant();
      // One transaction: the client, the token, and the user's permissions.
      Introspected found =
          store.transaction(
              tx -> {
                ClientAuthenticator.Client client = clients.authenticate(request, form, tx, now);
                String token = form.require("token");
                Optional<TokenValue> value = TokenValue.presented(token.strip());
                if (value.isEmpty()) {
                  return Introspected.INACTIVE;
                }
                Bearer b;
                try {
                  b = lookUp(tx, value.get(), now);
                } catch (OAuthException inactive) {
                  return Introspected.INACTIVE;
                }
                if (!b.app().id().equals(client.application().id())) {
                  log.debug(
                      "introspection by {} of a token for {}",
                      client.application().clientId(),
                      b.app().clientId());
                  return Introspected.INACTIVE;
                }
                User user = b.user();
                return new Introspected(b, user == null ? null : Permissions.of(tx, user, b.app()));
              });
      Bearer b = found.bearer();
      if (b == null) {
        return inactive();
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("active", true);
      m.put("client_id", b.app().clientId());
      m.put("token_type", "Bearer");
      m.put("iss", issuerString);
      m.put("aud", b.app().clientId());
      m.put("iat", b.issuedAt().getEpochSecond());
      m.put("exp", b.expiresAt().getEpochSecond());
      if (!b.scopes().isEmpty()) {
        m.put("scope", String.join(" ", b.scopes()));
      }
      User user = b.user();
      EffectivePermissions perms = found.permissions();
      if (user != null && perms != null) {
        m.put("sub", user.uid().toString());
        m.put("username", user.email().value());
        m.put("email", user.email().value());
        m.put("name", user.name());
        m.put("permissions", new ArrayList<>(new java.util.TreeSet<>(perms.roles())));
      } else {
        m.put("sub", b.app().clientId());
      }
      return ProtocolResponse.json(200, write(m)).noStore();
    } catch (OAuthException e) {
      log.debug("introspection refused: {}", e.getMessage());
      return errorJson(e);
    }
  }

  /** What introspection found: nothing active, or a token and its user's permissions. */
  private record Introspected(@Nullable Bearer bearer, @Nullable EffectivePermissions permissions) {
    static final Introspected INACTIVE = new Introspected(null, null);
  }

  private ProtocolResponse inactive() {
    return ProtocolResponse.json(200, "{\"active\":false}").noStore();
  }

  /**
   * Token revocation (RFC 7009). Revoking a refresh token revokes its whole family. An unknown
   * token, or one issued to another client, is answered 200 and left alone.
   */
  public ProtocolResponse revoke(ProtocolRequest request) {
    try {
      if (!request.method().equals("POST")) {
        throw OAuthException.invalidRequest("revocation takes POST");
      }
      Params form = Params.of(request.formParameters());
      Instant now = clock.instant();
      ClientAuthenticator.Client client =
          store.transaction(tx -> clients.authenticate(request, form, tx, now));
      Optional<TokenValue> value = TokenValue.presented(form.require("token"));
      if (value.isPresent()) {
        TokenHash hash = value.get().hash();
        store.transaction(
            tx -> {
              Optional<IssuedToken> t = tx.issuedTokens().find(hash);
              if (t.isPresent() && t.get().application().equals(client.application().id())) {
                if (t.get().kind() == TokenKind.REFRESH_TOKEN) {
                  tx.issuedTokens().revokeFamily(t.get().family(), now);
                } else {
                  tx.issuedTokens().revoke(hash, now);
                }
              }
              return null;
            });
      }
      return ProtocolResponse.empty(200).noStore();
    } catch (OAuthException e) {
      log.debug("revocation refused: {}", e.getMessage());
      return errorJson(e);
    }
  }

  // ------------------------------------------------------------------ sign-out

  /**
   * MoJ Sign On's sign-out: ends the host session, then follows {@code redirect_to} only if it is
   * registered for an application (a post-logout redirect URI or service URI); otherwise sends the
   * person to sign in.
   */
  public ProtocolResponse signOut(ProtocolRequest request) {
    Optional<String> target;
    try {
      target = Params.of(request.queryParameters()).get("redirect_to");
    } catch (OAuthException e) {
      target = Optional.empty();
    }
    Optional<String> allowed =
        target.filter(
            t ->
                store.transaction(
                    tx ->
                        tx.applications().list().stream()
                            .anyMatch(a -> !a.retired() && a.allowsPostLogoutRedirectTo(t))));
    ProtocolResponse then =
        allowed
            .map(t -> ProtocolResponse.redirect(URI.create(t)))
            .orElseGet(() -> gate.challenge(request, URI.create(pathOf(paths.profile())), false));
    return gate.signOut(request, then).noStore();
  }

  /**
   * OIDC RP-initiated logout: ends the host session; redirects to {@code post_logout_redirect_uri}
   * (with {@code state}) only when {@code id_token_hint} is an ID token this host issued to an
   * application that registered that URI.
   */
  public ProtocolResponse endSession(ProtocolRequest request) {
    Map<String, List<String>> all = new LinkedHashMap<>(request.queryParameters());
    all.putAll(request.formParameters());
    Optional<String> redirect = Optional.empty();
    Optional<String> state = Optional.empty();
    try {
      Params p = Params.of(all);
      state = p.get("state");
      Optional<String> target = p.get("post_logout_redirect_uri");
      Optional<String> hint = p.get("id_token_hint");
      Optional<String> clientId = p.get("client_id");
      if (target.isPresent() && hint.isPresent()) {
        String aud = verifiedAudience(hint.get());
        if (clientId.isPresent() && !clientId.get().equals(aud)) {
          throw OAuthException.invalidRequest("client_id does not match id_token_hint");
        }
        String t = target.get();
        boolean ok =
            store
                .transaction(tx -> tx.applications().findByClientId(aud))
                .map(a -> !a.retired() && a.allowsPostLogoutRedirectTo(t))
                .orElse(false);
        if (ok) {
          redirect = target;
        }
      }
    } catch (OAuthException e) {
      log.debug("end-session redirect refused: {}", e.getMessage());
    }
    ProtocolResponse then;
    if (redirect.isPresent()) {
      Map<String, @Nullable String> q = new LinkedHashMap<>();
      q.put("state", state.orElse(null));
      then = redirectWith(redirect.get(), q);
    } else {
      then = Html.page(200, "You have signed out", "You have signed out.");
    }
    return gate.signOut(request, then).noStore();
  }

  /**
   * The audience of an ID token this host signed; expired hints are accepted (OIDC RP-Initiated
   * Logout).
   */
  private String verifiedAudience(String idToken) {
    try {
      SignedJWT jwt = SignedJWT.parse(idToken);
      com.nimbusds.jose.jwk.JWK key = keys.publicJwks().getKeyByKeyId(jwt.getHeader().getKeyID());
      com.nimbusds.jose.JWSVerifier v =
          key == null
              ? null
              : dev.signon.core.internal.Jose.verifier(key, jwt.getHeader().getAlgorithm());
      if (v == null || !jwt.verify(v) || !issuerString.equals(jwt.getJWTClaimsSet().getIssuer())) {
        throw OAuthException.invalidRequest("id_token_hint not issued by this host");
      }
      List<String> aud = jwt.getJWTClaimsSet().getAudience();
      if (aud.size() != 1) {
        throw OAuthException.invalidRequest("id_token_hint must have one audience");
      }
      return aud.get(0);
    } catch (ParseException | com.nimbusds.jose.JOSEException e) {
      throw OAuthException.invalidRequest("malformed id_token_hint");
    }
  }

  // ------------------------------------------------------------------ plumbing

  private String pathOf(String path) {
    return hostPaths.path(path);
  }

  private ProtocolResponse errorJson(OAuthException e) {
    return ProtocolResponse.json(e.status(), write(Map.of("error", e.errorCode()))).noStore();
  }

  private static ProtocolResponse redirectWith(String base, Map<String, @Nullable String> params) {
    StringBuilder b = new StringBuilder(base);
    char sep = base.contains("?") ? '&' : '?';
    for (Map.Entry<String, @Nullable String> e : params.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      b.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      sep = '&';
    }
    return ProtocolResponse.redirect(URI.create(b.toString())).noStore();
  }

  private static Map<String, @Nullable String> orderedMap(@Nullable String... kv) {
    Map<String, @Nullable String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(Objects.requireNonNull(kv[i]), kv[i + 1]);
    }
    return m;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String write(Object value) {
    return json.writeValueAsString(value);
  }

  private static byte[] sha256(byte[] in) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(in);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
