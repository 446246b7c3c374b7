package dev.signon.client;

import com.github.benmanes.caffeine.cache.Cache;
import dev.signon.client.internal.ClockCaches;
import dev.signon.client.internal.ConstantTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import okhttp3.FormBody;

/**
 * Completes sign-in from the provider's callback: {@code state} (once per client, within the
 * pending authorization's lifetime), {@code iss} (RFC 9207), the code exchange with its PKCE
 * verifier, the ID token, and userinfo's subject.
 */
final class AuthorizationCallback {
  private final String issuer;
  private final TokenEndpoint tokenEndpoint;
  private final IdTokenVerifier idTokens;
  private final UserEndpoints users;
  private final Clock clock;
  private final Duration lifetime;
  private final Cache<String, Boolean> usedStates;

  AuthorizationCallback(
      String issuer,
      TokenEndpoint tokenEndpoint,
      IdTokenVerifier idTokens,
      UserEndpoints users,
      Clock clock,
      Duration lifetime,
      Duration maxClockSkew) {
    this.issuer = issuer;
    this.tokenEndpoint = tokenEndpoint;
    this.idTokens = idTokens;
    this.users = users;
    this.clock = clock;
    this.lifetime = lifetime;
    this.usedStates = ClockCaches.expiringAfterWrite(clock, 100_000, lifetime.plus(maxClockSkew));
  }

  /** See {@link SignonClient#completeAuthorization}. */
  SignedInUser complete(PendingAuthorization pending, Map<String, String> callbackParameters) {
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
    if (now.isAfter(pending.createdAt().plus(lifetime))) {
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
    TokenEndpoint.Answer answer = tokenEndpoint.exchange(form, "token endpoint");
    String rawIdToken = answer.idToken();
    if (rawIdToken == null) {
      throw new ProviderUnavailableException(
          ProviderUnavailableException.SERVER_ERROR, 0, "token answer has no id_token", null);
    }
    VerifiedIdToken idToken = idTokens.verify(rawIdToken, pending.nonce(), pending.vtr());
    Tokens tokens = answer.tokens(idToken);
    Map<String, Object> userInfo = users.userInfo(idToken.subject(), tokens.accessToken());
    return new SignedInUser(idToken, tokens, userInfo, pending.returnTo().orElse(null));
  }
}
