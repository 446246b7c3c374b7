package dev.signon.core.oauth;

import static dev.signon.core.oauth.Responses.enc;
import static dev.signon.core.oauth.Responses.orderedMap;
import static dev.signon.core.oauth.Responses.redirectWith;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.internal.Ids;
import dev.signon.core.notify.Outbox;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignInCountStore;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization endpoint (RFC 6749 section 4.1.1, OIDC Core section 3.1.2): checks the request,
 * sends the person through the {@link SignInGate}, and redirects back with a single-use code.
 */
final class AuthorizeEndpoint {
  private static final Logger log = LoggerFactory.getLogger(AuthorizeEndpoint.class);
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final TokenLifetimes lifetimes;
  private final SignInGate gate;
  private final IssuerUrls urls;
  private final Outbox outbox;

  AuthorizeEndpoint(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      TokenLifetimes lifetimes,
      SignInGate gate,
      IssuerUrls urls) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.lifetimes = lifetimes;
    this.gate = gate;
    this.urls = urls;
    this.outbox = Outbox.create(random);
  }

  /** Until the client and its exact redirect URI are known, errors show a page, never redirect. */
  ProtocolResponse authorize(ProtocolRequest request) {
    Params p = Params.of(request.queryParameters());
    Application app;
    String redirectUri;
    try {
      String clientId = p.require("client_id");
      app =
          store
              .transaction(
                  Isolation.READ_COMMITTED, tx -> tx.applications().findByClientId(clientId))
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
          redirectUri,
          orderedMap("error", e.errorCode(), "state", state, "iss", urls.issuerString()));
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
    Set<String> scopes = Scopes.parse(p.get("scope").orElse(""));
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
    Optional<Long> maxAge = p.get("max_age").map(AuthorizeEndpoint::parseMaxAge);
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
    TokenHash session = auth.session();
    // One transaction: may the user sign in to the client, and if so the new code. Read
    // committed: reads and one insert of a row of its own; a permission withdrawn at the same
    // moment is checked again when the code is exchanged.
    Optional<ProtocolResponse> refused =
        store.transaction(
            Isolation.READ_COMMITTED,
            tx -> {
              Optional<User> user = tx.users().findWithAccessTo(auth.user(), app.id());
              if (user.isEmpty() || !user.get().isActive()) {
                return Optional.of(
                    Html.page(
                        403,
                        "Your account cannot be used",
                        "Your account is not active. Contact your administrator."));
              }
              EffectivePermissions perms = tx.permissions(user.get(), app);
              if (!perms.canSignIn()) {
                return Optional.of(
                    Html.page(
                        403,
                        "You do not have access",
                        "You do not have permission to use " + app.name() + "."));
              }
              tx.authorizationCodes().insert(stored);
              tx.signInCounts()
                  .add(
                      app.id(),
                      YearMonth.from(now.atZone(ZoneOffset.UTC)),
                      random.nextInt(SignInCountStore.SLOTS));
              if (session != null) {
                outbox.sessionUsed(tx, session, auth.user(), app.id(), stored.family(), now);
              }
              return Optional.empty();
            });
    if (refused.isPresent()) {
      log.debug("user {} may not sign in to {}", auth.user(), app.clientId());
      return refused.get();
    }
    return redirectWith(
        redirectUri, orderedMap("code", code.reveal(), "state", state, "iss", urls.issuerString()));
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
    return URI.create(urls.pathOf(urls.paths().authorization()) + "?" + q);
  }
}
