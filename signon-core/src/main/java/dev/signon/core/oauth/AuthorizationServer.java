package dev.signon.core.oauth;

import dev.signon.core.metrics.SignonMetrics;
import dev.signon.core.notify.NoticeFormats;
import dev.signon.core.store.SignonStore;
import dev.signon.core.throttle.Throttle;
import dev.signon.core.token.KeyEncryptionKey;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 authorization server and OpenID Provider of a Signon host, as plain functions from
 * a {@link ProtocolRequest} to a {@link ProtocolResponse}. It knows no HTTP framework; the servlet
 * and Spring adapters route paths ({@link EndpointPaths}) to these methods and copy the answer
 * back. Each endpoint and grant is a class of its own in this package; this one only routes.
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
  private final IssuerUrls urls;
  private final Discovery discovery;
  private final AuthorizeEndpoint authorize;
  private final TokenEndpoint token;
  private final BearerLookup bearers;
  private final UserInfo userInfo;
  private final UserDetails userDetails;
  private final UserJson userJson;
  private final Introspection introspection;
  private final Revocation revocation;
  private final SignOut signOut;
  private final SigningKeys keys;
  private final NoticeDocuments noticeDocuments;
  private final SignonMetrics metrics;

  /**
   * Creates the server over its signing keys, kept in {@code store} and encrypted under {@code
   * kek}; hosts get one from {@code SignonServer.authorizationServer()}.
   *
   * @param issuer the issuer URL, exactly as relying apps configure it
   * @param throttle counts failed client authentications at the token endpoint
   */
  public AuthorizationServer(
      URI issuer,
      SignonStore store,
      Clock clock,
      SecureRandom random,
      KeyEncryptionKey kek,
      TokenLifetimes lifetimes,
      EndpointPaths paths,
      SignInGate gate,
      Throttle throttle) {
    this(issuer, store, clock, random, kek, lifetimes, paths, gate, throttle, SignonMetrics.none());
  }

  /**
   * Creates the server like {@link #AuthorizationServer(URI, SignonStore, Clock, SecureRandom,
   * KeyEncryptionKey, TokenLifetimes, EndpointPaths, SignInGate, Throttle)}, reporting the token
   * requests it answers and the requests it refuses to {@code metrics}.
   */
  public AuthorizationServer(
      URI issuer,
      SignonStore store,
      Clock clock,
      SecureRandom random,
      KeyEncryptionKey kek,
      TokenLifetimes lifetimes,
      EndpointPaths paths,
      SignInGate gate,
      Throttle throttle,
      SignonMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(throttle, "throttle");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(kek, "kek");
    Objects.requireNonNull(lifetimes, "lifetimes");
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(gate, "gate");
    SigningKeys keys =
        SigningKeys.builder()
            .store(store)
            .keyEncryptionKey(kek)
            .clock(clock)
            .random(random)
            .build();
    this.keys = keys;
    this.urls = new IssuerUrls(issuer, paths);
    String iss = urls.issuerString();
    ClientAuthenticator clients =
        new ClientAuthenticator(
            List.of(
                endpoint(paths.token()),
                endpoint(paths.legacyToken()),
                endpoint(paths.introspection()),
                endpoint(paths.revocation()),
                iss));
    TokenIssuer tokens = new TokenIssuer(iss, random, keys, lifetimes);
    this.discovery = new Discovery(urls, keys);
    this.authorize = new AuthorizeEndpoint(store, clock, random, lifetimes, gate, urls);
    this.token =
        new TokenEndpoint(
            store,
            clock,
            clients,
            Map.of(
                "authorization_code", new AuthorizationCodeGrant(store, tokens),
                "refresh_token", new RefreshTokenGrant(store, tokens),
                "client_credentials", new ClientCredentialsGrant(store, random, tokens)),
            iss,
            throttle);
    this.bearers = new BearerLookup(store, clock, random, iss);
    this.userInfo = new UserInfo(bearers);
    this.userDetails = new UserDetails(bearers, urls);
    this.userJson = new UserJson(bearers);
    this.introspection = new Introspection(store, clock, clients, bearers, iss);
    this.revocation = new Revocation(store, clock, clients);
    this.signOut = new SignOut(store, gate, keys, urls);
    this.noticeDocuments = new NoticeDocuments(iss, keys, random);
  }

  /**
   * What the host's notices to relying applications carry: their {@code user.json} documents and
   * back-channel logout tokens signed with this server's keys.
   */
  public NoticeFormats noticeFormats() {
    return noticeDocuments;
  }

  /** The absolute URL of an endpoint path. */
  public String endpoint(String path) {
    return urls.endpoint(path);
  }

  /** The paths the endpoints are served at. */
  public EndpointPaths paths() {
    return urls.paths();
  }

  /** The issuer URL, exactly as relying apps configure it. */
  public URI issuer() {
    return urls.issuer();
  }

  /** The OpenID Provider metadata (OIDC Discovery 1.0, RFC 8414). */
  public ProtocolResponse discovery() {
    return discovery.discovery();
  }

  /** The JWK set relying apps verify ID tokens and JWT access tokens against. */
  public ProtocolResponse jwks() {
    return discovery.jwks();
  }

  /**
   * The authorization endpoint (RFC 6749 section 4.1.1, OIDC Core section 3.1.2). Until the client
   * and its exact redirect URI are known, errors show a page and never redirect.
   */
  public ProtocolResponse authorize(ProtocolRequest request) {
    return authorize.authorize(request);
  }

  /**
   * The token endpoint (RFC 6749 section 3.2): {@code authorization_code}, {@code refresh_token}
   * and {@code client_credentials}. Every answer is {@code Cache-Control: no-store}.
   */
  public ProtocolResponse token(ProtocolRequest request) {
    return observed("token", grantType(request), token.token(request));
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
    BearerLookup.Bearer b = bearers.find(request, false);
    return new AuthenticatedBearer(b.user(), b.app(), b.scopes(), b.applicationToken());
  }

  /** The OIDC userinfo endpoint: standard claims of the token's user, by granted scope. */
  public ProtocolResponse userinfo(ProtocolRequest request) {
    return observed("userinfo", null, userInfo.answer(request));
  }

  /** MoJ Sign On's {@code user_details}: the person and their roles for the calling application. */
  public ProtocolResponse userDetails(ProtocolRequest request) {
    return observed("user_details", null, userDetails.answer(request));
  }

  /**
   * GOV.UK Signon's {@code user.json} (the gds-sso convention): 401 unless the token's user may
   * sign in to the token's application; {@code client_id}, when given, must be that application.
   */
  public ProtocolResponse userJson(ProtocolRequest request) {
    return observed("user_json", null, userJson.answer(request));
  }

  /**
   * Token introspection (RFC 7662) for resource servers. A token is active only to the application
   * it was issued for, which must authenticate.
   */
  public ProtocolResponse introspect(ProtocolRequest request) {
    return observed("introspection", null, introspection.introspect(request));
  }

  /**
   * Token revocation (RFC 7009). Revoking a refresh token revokes its whole family. An unknown
   * token, or one issued to another client, is answered 200 and left alone.
   */
  public ProtocolResponse revoke(ProtocolRequest request) {
    return observed("revocation", null, revocation.revoke(request));
  }

  /**
   * MoJ Sign On's sign-out: ends the host session, then follows {@code redirect_to} only if it is
   * registered for an application (a post-logout redirect URI or service URI); otherwise sends the
   * person to sign in.
   */
  public ProtocolResponse signOut(ProtocolRequest request) {
    return signOut.signOut(request);
  }

  /**
   * OIDC RP-initiated logout: ends the host session; redirects to {@code post_logout_redirect_uri}
   * (with {@code state}) only when {@code id_token_hint} is an ID token this host issued to an
   * application that registered that URI.
   */
  public ProtocolResponse endSession(ProtocolRequest request) {
    return signOut.endSession(request);
  }

  /** The grant types the token endpoint knows, the only values its metrics name. */
  private static final Set<String> GRANT_TYPES =
      Set.of("authorization_code", "refresh_token", "client_credentials");

  private static String grantType(ProtocolRequest request) {
    List<String> values = request.formParameters().getOrDefault("grant_type", List.of());
    if (values.isEmpty()) {
      return "none";
    }
    return GRANT_TYPES.contains(values.get(0)) ? values.get(0) : "other";
  }

  /** Reports {@code response} to the metrics: a refusal by its error code, a token request. */
  private ProtocolResponse observed(
      String endpoint, @Nullable String grantType, ProtocolResponse response) {
    String error = response.status() < 400 ? null : errorCode(response);
    if (grantType != null) {
      metrics.tokenRequest(grantType, error == null ? "issued" : error);
    }
    if (error != null) {
      metrics.refused(endpoint, error);
    }
    return response;
  }

  /**
   * The OAuth error code of a refusal: the {@code error} of its JSON body, or of its {@code
   * WWW-Authenticate} challenge (RFC 6750 section 3), else {@code http_} and the status.
   */
  static String errorCode(ProtocolResponse response) {
    String body = response.body();
    String prefix = "{\"error\":\"";
    if (body.startsWith(prefix)) {
      int end = body.indexOf('"', prefix.length());
      if (end > prefix.length()) {
        return body.substring(prefix.length(), end);
      }
    }
    String challenge = response.header("WWW-Authenticate").orElse("");
    int at = challenge.indexOf("error=\"");
    if (at >= 0) {
      int start = at + "error=\"".length();
      int end = challenge.indexOf('"', start);
      if (end > start) {
        return challenge.substring(start, end);
      }
    }
    return "http_" + response.status();
  }

  /**
   * Rotates the signing keys if due: makes the next key ahead of time so relying apps see it before
   * it signs, starts signing with it at its time, and drops retired keys once no token they signed
   * can still be live. The host's housekeeping calls this; safe from several instances.
   *
   * @return how many keys changed state
   */
  public int rotateSigningKeysIfDue() {
    return keys.rotateIfDue();
  }
}
