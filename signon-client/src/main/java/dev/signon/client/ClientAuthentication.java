package dev.signon.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * How the client proves who it is at the token, introspection and revocation endpoints (OpenID
 * Connect Core §9).
 *
 * <pre>{@code
 * ClientAuthentication.clientSecretBasic("s3cret")
 * ClientAuthentication.privateKeyJwt(privateKey, "key-2025-01")   // GOV.UK One Login
 * ClientAuthentication.none()                                     // public client, PKCE only
 * }</pre>
 */
public final class ClientAuthentication {
  /** How long a {@code private_key_jwt} assertion lives; One Login accepts at most 5 minutes. */
  static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(2);

  private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private enum Method {
    CLIENT_SECRET_BASIC,
    CLIENT_SECRET_POST,
    PRIVATE_KEY_JWT,
    NONE
  }

  private final Method method;
  private final @Nullable SecretValue secret;
  private final @Nullable JWSSigner signer;
  private final @Nullable JWSAlgorithm algorithm;
  private final @Nullable String keyId;

  private ClientAuthentication(
      Method method,
      @Nullable SecretValue secret,
      @Nullable JWSSigner signer,
      @Nullable JWSAlgorithm algorithm,
      @Nullable String keyId) {
    this.method = method;
    this.secret = secret;
    this.signer = signer;
    this.algorithm = algorithm;
    this.keyId = keyId;
  }

  /**
   * Sends the client id and secret in an HTTP Basic {@code Authorization} header (RFC 6749 §2.3.1).
   *
   * @throws IllegalArgumentException if {@code clientSecret} is empty
   */
  public static ClientAuthentication clientSecretBasic(String clientSecret) {
    return new ClientAuthentication(
        Method.CLIENT_SECRET_BASIC, secret(clientSecret), null, null, null);
  }

  /**
   * Sends the client id and secret as form parameters in the request body.
   *
   * @throws IllegalArgumentException if {@code clientSecret} is empty
   */
  public static ClientAuthentication clientSecretPost(String clientSecret) {
    return new ClientAuthentication(
        Method.CLIENT_SECRET_POST, secret(clientSecret), null, null, null);
  }

  /**
   * Signs a short-lived JWT assertion with the client's private key (RFC 7523): RS256 for an RSA
   * key, ES256 for a P-256 EC key.
   *
   * @param keyId the {@code kid} the provider knows the matching public key by
   * @throws IllegalArgumentException if the key is neither RSA (2048 bits or more) nor EC P-256, or
   *     {@code keyId} is empty
   */
  public static ClientAuthentication privateKeyJwt(PrivateKey privateKey, String keyId) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.isBlank()) {
      throw new IllegalArgumentException("keyId must not be blank");
    }
    try {
      if (privateKey instanceof RSAPrivateKey rsa) {
        if (rsa.getModulus().bitLength() < 2048) {
          throw new IllegalArgumentException("privateKey: RSA keys need at least 2048 bits");
        }
        return new ClientAuthentication(
            Method.PRIVATE_KEY_JWT, null, new RSASSASigner(rsa), JWSAlgorithm.RS256, keyId);
      }
      if (privateKey instanceof ECPrivateKey ec) {
        if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
          throw new IllegalArgumentException("privateKey: EC keys must be on P-256 for ES256");
        }
        return new ClientAuthentication(
            Method.PRIVATE_KEY_JWT, null, new ECDSASigner(ec), JWSAlgorithm.ES256, keyId);
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("privateKey cannot sign: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("privateKey must be an RSA or EC private key");
  }

  /** No client authentication: a public client, protected by PKCE alone. */
  public static ClientAuthentication none() {
    return new ClientAuthentication(Method.NONE, null, null, null, null);
  }

  /** Whether this is {@code private_key_jwt}, which the One Login profile requires. */
  boolean isPrivateKeyJwt() {
    return method == Method.PRIVATE_KEY_JWT;
  }

  private static SecretValue secret(String clientSecret) {
    Objects.requireNonNull(clientSecret, "clientSecret");
    if (clientSecret.isEmpty()) {
      throw new IllegalArgumentException("clientSecret must not be empty");
    }
    return SecretValue.of(clientSecret);
  }

  /** Adds this client's credentials to a form POST to {@code audience} (the token endpoint). */
  void apply(
      Request.Builder request,
      FormBody.Builder form,
      String clientId,
      URI audience,
      Instant now,
      SecureRandom random) {
    switch (method) {
      case CLIENT_SECRET_BASIC ->
          request.header(
              "Authorization",
              Credentials.basic(
                  formEncode(clientId),
                  formEncode(Objects.requireNonNull(secret).reveal()),
                  StandardCharsets.UTF_8));
      case CLIENT_SECRET_POST -> {
        form.add("client_id", clientId);
        form.add("client_secret", Objects.requireNonNull(secret).reveal());
      }
      case PRIVATE_KEY_JWT -> {
        form.add("client_id", clientId);
        form.add("client_assertion_type", JWT_BEARER);
        form.add("client_assertion", assertion(clientId, audience, now, random));
      }
      case NONE -> form.add("client_id", clientId);
    }
  }

  private String assertion(String clientId, URI audience, Instant now, SecureRandom random) {
    byte[] jti = new byte[32];
    random.nextBytes(jti);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(audience.toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
            .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti))
            .build();
    JWSHeader header =
        new JWSHeader.Builder(Objects.requireNonNull(algorithm))
            .keyID(keyId)
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(Objects.requireNonNull(signer));
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign the client assertion", e);
    }
    return jwt.serialize();
  }

  // RFC 6749 §2.3.1: the id and secret are form-encoded before Basic encoding.
  private static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ClientAuthentication[" + method.name().toLowerCase(java.util.Locale.ROOT) + "]";
  }
}
