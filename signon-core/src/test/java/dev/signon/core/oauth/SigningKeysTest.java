package dev.signon.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.application.SigningAlgorithm;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.internal.Ed25519;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.StoredSigningKey;
import dev.signon.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningKeysTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final SignonStore store = new InMemorySignonStore();
  final SecureRandom random = new SecureRandom();
  final KeyEncryptionKey kek = KeyEncryptionKey.generate(random);

  SigningKeys keys(KeyEncryptionKey k) {
    return SigningKeys.builder()
        .store(store)
        .keyEncryptionKey(k)
        .clock(clock)
        .random(random)
        .rotationPeriod(Duration.ofDays(90))
        .prePublish(Duration.ofDays(2))
        .publishAfterRetiring(Duration.ofDays(1))
        .build();
  }

  static JWTClaimsSet claims() {
    return new JWTClaimsSet.Builder().subject("joe").issuer("https://signon.example").build();
  }

  static boolean verifies(SignedJWT jwt, JWKSet jwks) throws Exception {
    JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    if (key == null) {
      return false;
    }
    JWSVerifier v =
        key instanceof RSAKey r
            ? new RSASSAVerifier(r)
            : key instanceof ECKey e ? new ECDSAVerifier(e) : Ed25519.verifier((OctetKeyPair) key);
    return jwt.verify(v);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void signedTokenVerifiesAgainstThePublishedJwks(SigningAlgorithm alg) throws Exception {
    SigningKeys k = keys(kek);
    SignedJWT jwt = k.sign(claims(), alg, JOSEObjectType.JWT);

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(alg.jws());
    JWKSet published = k.publicJwks();
    assertThat(verifies(SignedJWT.parse(jwt.serialize()), published)).isTrue();
    assertThat(published.getKeys()).allMatch(key -> !key.isPrivate());
  }

  @Test
  void tamperedTokenDoesNotVerify() throws Exception {
    SigningKeys k = keys(kek);
    String[] parts =
        k.sign(claims(), SigningAlgorithm.RS256, JOSEObjectType.JWT).serialize().split("\\.");
    String forged =
        parts[0]
            + "."
            + com.nimbusds.jose.util.Base64URL.encode("{\"sub\":\"admin\"}")
            + "."
            + parts[2];
    assertThat(verifies(SignedJWT.parse(forged), k.publicJwks())).isFalse();
  }

  @Test
  void hostInstancesSharingAStoreSignWithTheSameKey() throws Exception {
    SigningKeys first = keys(kek);
    SigningKeys second = keys(kek);

    SignedJWT a = first.sign(claims(), SigningAlgorithm.RS256, JOSEObjectType.JWT);
    SignedJWT b = second.sign(claims(), SigningAlgorithm.RS256, JOSEObjectType.JWT);

    assertThat(b.getHeader().getKeyID()).isEqualTo(a.getHeader().getKeyID());
    java.util.List<StoredSigningKey> stored = store.transaction(tx -> tx.signingKeys().list());
    assertThat(stored).hasSize(1);
    assertThat(verifies(a, second.publicJwks())).isTrue();
  }

  @Test
  void privateKeysAreEncryptedAtRest() {
    keys(kek).sign(claims(), SigningAlgorithm.ES256, JOSEObjectType.JWT);
    StoredSigningKey stored = store.transaction(tx -> tx.signingKeys().list()).get(0);

    assertThat(stored.publicJwk()).doesNotContain("\"d\"");
    assertThat(stored.encryptedPrivateJwk()).doesNotContain("\"d\"").doesNotContain("kty");
  }

  @Test
  void wrongKeyEncryptionKeyCannotSign() {
    keys(kek).sign(claims(), SigningAlgorithm.RS256, JOSEObjectType.JWT);
    SigningKeys other = keys(KeyEncryptionKey.generate(random));

    assertThatThrownBy(() -> other.sign(claims(), SigningAlgorithm.RS256, JOSEObjectType.JWT))
        .isInstanceOf(SignonFailureException.class)
        .extracting("errorCode")
        .isEqualTo("key_unreadable");
  }

  @Test
  void rotationPublishesTheNextKeyBeforeItSignsAndKeepsTheOldOneUntilItsTokensExpire()
      throws Exception {
    SigningKeys k = keys(kek);
    SignedJWT old = k.sign(claims(), SigningAlgorithm.RS256, JOSEObjectType.JWT);
    String oldKid = old.getHeader().getKeyID();

    assertThat(k.rotateIfDue()).as("nothing due yet").isZero();
    clock.advance(Duration.ofDays(89));
    assertThat(k.rotateIfDue()).isEqualTo(1);
    assertThat(k.publicJwks().getKeys()).hasSize(2);
    assertThat(k.sign(claims(), SigningAlgorithm.RS256, JOSEObjectType.JWT).getHeader().getKeyID())
        .as("the new key is published but does not sign yet")
        .isEqualTo(oldKid);

    clock.advance(Duration.ofDays(1).plusSeconds(1));
    SignedJWT fresh = k.sign(claims(), SigningAlgorithm.RS256, JOSEObjectType.JWT);
    assertThat(fresh.getHeader().getKeyID()).isNotEqualTo(oldKid);
    assertThat(verifies(old, k.publicJwks())).as("retired key still published").isTrue();

    clock.advance(Duration.ofDays(1));
    k.rotateIfDue();
    assertThat(k.publicJwks().getKeyByKeyId(oldKid)).as("gone once its tokens expired").isNull();
    assertThat(verifies(fresh, k.publicJwks())).isTrue();
  }

  @Test
  void builderNamesWhatIsMissing() {
    assertThatThrownBy(() -> SigningKeys.builder().store(store).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("keyEncryptionKey required");
    assertThatThrownBy(() -> SigningKeys.builder().rotationPeriod(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rotationPeriod");
  }

  @Test
  void keyEncryptionKeyNeverPrintsItself() {
    assertThat(kek.toString()).doesNotContain(kek.revealBase64());
    assertThat(KeyEncryptionKey.fromBase64(kek.revealBase64())).isEqualTo(kek);
    assertThatThrownBy(() -> KeyEncryptionKey.fromBase64("c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
