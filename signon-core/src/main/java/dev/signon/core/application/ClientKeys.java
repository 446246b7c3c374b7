package dev.signon.core.application;

import dev.signon.core.error.InvalidInputException;
import java.net.URI;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checks on how an {@link Application} authenticates as a client: its secret hash and keys. */
final class ClientKeys {
  static final Pattern SECRET_HASH = Pattern.compile("[0-9a-f]{64}");

  static String checkJwks(String jwks) {
    try {
      com.nimbusds.jose.jwk.JWKSet set = com.nimbusds.jose.jwk.JWKSet.parse(jwks);
      for (com.nimbusds.jose.jwk.JWK k : set.getKeys()) {
        if (k.isPrivate()) {
          throw new InvalidInputException("a client's registered JWKS must hold public keys only");
        }
      }
      return set.toString(true);
    } catch (java.text.ParseException e) {
      throw new InvalidInputException("client JWKS is not a JWK set");
    }
  }

  static URI checkJwksUri(URI uri) {
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new InvalidInputException("jwks_uri must be an absolute https URI: " + uri);
    }
    return uri;
  }

  /** The type the credentials imply: keys, else a secret, else none. */
  static ClientType implied(
      @Nullable String secretHash, @Nullable String jwks, @Nullable URI jwksUri) {
    if (jwks != null || jwksUri != null) {
      return ClientType.PRIVATE_KEY_JWT;
    }
    return secretHash == null ? ClientType.PUBLIC : ClientType.CONFIDENTIAL;
  }

  static ClientType checkClientType(
      @Nullable ClientType declared,
      @Nullable String secretHash,
      @Nullable String jwks,
      @Nullable URI jwksUri) {
    if (jwks != null && jwksUri != null) {
      throw new InvalidInputException("client keys: give jwks or jwks_uri, not both");
    }
    ClientType implied = implied(secretHash, jwks, jwksUri);
    if (declared == null || declared == implied) {
      return implied;
    }
    // Only a confidential client may lack its credential (a secret not set yet); no other mix.
    if (declared == ClientType.CONFIDENTIAL && implied == ClientType.PUBLIC) {
      return declared;
    }
    switch (declared) {
      case PUBLIC:
        throw new InvalidInputException("client type public: a public client has no credentials");
      case CONFIDENTIAL:
        throw new InvalidInputException(
            "client type confidential: a confidential client authenticates with a secret, not keys");
      default:
        throw new InvalidInputException(
            "client type private_key_jwt: needs jwks or jwks_uri, and no client secret");
    }
  }

  private ClientKeys() {}
}
