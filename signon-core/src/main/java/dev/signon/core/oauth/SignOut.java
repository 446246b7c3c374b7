package dev.signon.core.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.internal.Jose;
import dev.signon.core.store.SignonStore;
import java.net.URI;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing out of the host: MoJ Sign On's sign-out with {@code redirect_to}, and OIDC RP-initiated
 * logout. Both end the session through the {@link SignInGate} and follow only registered URIs.
 */
final class SignOut {
  private static final Logger log = LoggerFactory.getLogger(SignOut.class);

  private final SignonStore store;
  private final SignInGate gate;
  private final SigningKeys keys;
  private final IssuerUrls urls;

  SignOut(SignonStore store, SignInGate gate, SigningKeys keys, IssuerUrls urls) {
    this.store = store;
    this.gate = gate;
    this.keys = keys;
    this.urls = urls;
  }

  /**
   * Ends the host session, then follows {@code redirect_to} only if it is registered for an
   * application (a post-logout redirect URI or service URI); otherwise sends the person to sign in.
   */
  ProtocolResponse signOut(ProtocolRequest request) {
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
            .orElseGet(
                () ->
                    gate.challenge(
                        request, URI.create(urls.pathOf(urls.paths().profile())), false));
    return gate.signOut(request, then).noStore();
  }

  /**
   * Ends the host session; redirects to {@code post_logout_redirect_uri} (with {@code state}) only
   * when {@code id_token_hint} is an ID token this host issued to an application that registered
   * that URI.
   */
  ProtocolResponse endSession(ProtocolRequest request) {
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
      then = Responses.redirectWith(redirect.get(), q);
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
      JWK key = keys.publicJwks().getKeyByKeyId(jwt.getHeader().getKeyID());
      JWSVerifier v = key == null ? null : Jose.verifier(key, jwt.getHeader().getAlgorithm());
      if (v == null
          || !jwt.verify(v)
          || !urls.issuerString().equals(jwt.getJWTClaimsSet().getIssuer())) {
        throw OAuthException.invalidRequest("id_token_hint not issued by this host");
      }
      List<String> aud = jwt.getJWTClaimsSet().getAudience();
      if (aud.size() != 1) {
        throw OAuthException.invalidRequest("id_token_hint must have one audience");
      }
      return aud.get(0);
    } catch (ParseException | JOSEException e) {
      throw OAuthException.invalidRequest("malformed id_token_hint");
    }
  }
}
