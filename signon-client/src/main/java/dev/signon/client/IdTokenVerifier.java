package dev.signon.client;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.signon.client.internal.ConstantTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifies ID tokens (OpenID Connect Core §3.1.3.7): signature, {@code iss}, {@code aud}, times,
 * {@code azp}, {@code nonce}, and GOV.UK One Login's {@code vot} against the requested {@code vtr}.
 */
final class IdTokenVerifier {
  private final JwtVerifier jwtVerifier;
  private final String issuer;
  private final String clientId;
  private final List<String> clientVtr;

  /**
   * @param clientVtr the vectors this client requests; when not empty, every ID token's {@code vot}
   *     is checked, even one whose request did not record them (refresh)
   */
  IdTokenVerifier(JwtVerifier jwtVerifier, String issuer, String clientId, List<String> clientVtr) {
    this.jwtVerifier = jwtVerifier;
    this.issuer = issuer;
    this.clientId = clientId;
    this.clientVtr = List.copyOf(clientVtr);
  }

  /**
   * Verifies {@code raw}; a null {@code nonce} is not checked (refresh). {@code vot} is checked
   * against {@code requestedVtr}, or when that is empty against the client's own vectors, and not
   * at all when both are empty.
   *
   * @throws VectorOfTrustRejectedException when {@code vot} is missing or not a requested vector
   * @throws ProviderRejectedException {@code invalid_token} when any other check fails
   */
  VerifiedIdToken verify(String raw, @Nullable String nonce, List<String> requestedVtr) {
    String invalid = ProviderRejectedException.INVALID_TOKEN;
    JWTClaimsSet claims = jwtVerifier.verify(raw, "ID token", invalid, Set.of("jwt"), true);
    jwtVerifier.checkStandardClaims(claims, clientId, "ID token", invalid, true);
    String subject = claims.getSubject();
    if (subject == null || subject.isEmpty()) {
      throw JwtVerifier.reject(invalid, "ID token has no sub");
    }
    List<String> audience = claims.getAudience();
    String azp = JwtVerifier.stringClaim(claims, "azp", invalid);
    if (azp != null ? !azp.equals(clientId) : audience.size() > 1) {
      throw JwtVerifier.reject(invalid, "ID token azp is not this client");
    }
    if (nonce != null
        && !ConstantTime.equals(nonce, JwtVerifier.stringClaim(claims, "nonce", invalid))) {
      throw JwtVerifier.reject(invalid, "ID token nonce does not match");
    }
    List<String> expectedVtr = requestedVtr.isEmpty() ? clientVtr : requestedVtr;
    if (!expectedVtr.isEmpty()) {
      String vot = JwtVerifier.stringClaim(claims, "vot", invalid);
      if (vot == null || !expectedVtr.contains(vot)) {
        throw JwtVerifier.logged(new VectorOfTrustRejectedException(expectedVtr, vot));
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
}
