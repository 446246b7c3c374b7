package dev.signon.core.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.application.SigningAlgorithm;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.internal.Ed25519;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.StoredSigningKey;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The host's signing keys, kept in the store so every host instance signs with the same keys and
 * publishes the same JWKS. A key signs for the rotation period, is published a while before it
 * starts signing (so relying apps' caches learn it), and stays published after it retires until
 * every token it signed has expired. Private keys are encrypted at rest with the {@link
 * KeyEncryptionKey}; decrypted keys are kept in memory only.
 *
 * <pre>{@code
 * SigningKeys keys = SigningKeys.builder()
 *     .store(store).keyEncryptionKey(kek).clock(clock).random(random).build();
 * SignedJWT idToken = keys.sign(claims, SigningAlgorithm.RS256, JOSEObjectType.JWT);
 * JWKSet published = keys.publicJwks();
 * }</pre>
 */
final class SigningKeys {
  private final SignonStore store;
  private final KeyEncryptionKey kek;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration rotationPeriod;
  private final Duration prePublish;
  private final Duration publishAfterRetiring;
  private final Duration reloadInterval;
  private final Map<String, JWK> decrypted = new ConcurrentHashMap<>();
  // One signer per key: building one converts the JWK to a JCA key each time, which costs about a
  // tenth of an RS256 signature. Nimbus signers are thread-safe.
  private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.MIN);

  private record Snapshot(List<StoredSigningKey> keys, Instant loadedAt) {}

  private SigningKeys(Builder b, SignonStore store, KeyEncryptionKey kek) {
    this.store = store;
    this.kek = kek;
    this.clock = b.clock;
    this.random = b.random == null ? new SecureRandom() : b.random;
    this.rotationPeriod = b.rotationPeriod;
    this.prePublish = b.prePublish;
    this.publishAfterRetiring = b.publishAfterRetiring;
    this.reloadInterval = b.reloadInterval;
  }

  /** A builder; {@code store} and {@code keyEncryptionKey} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Signs {@code claims} with the current key for {@code algorithm}, making the first key if there
   * is none.
   */
  public SignedJWT sign(JWTClaimsSet claims, SigningAlgorithm algorithm, JOSEObjectType type) {
    JWK jwk = currentPrivateKey(algorithm);
    JWSHeader header =
        new JWSHeader.Builder(algorithm.jws()).keyID(jwk.getKeyID()).type(type).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      JWSSigner signer = signers.get(jwk.getKeyID());
      if (signer == null) {
        signer = signer(jwk);
        signers.put(jwk.getKeyID(), signer);
      }
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new SignonFailureException("signing_failed", "could not sign a token", e);
    }
    return jwt;
  }

  /**
   * The public keys relying apps should trust now: every published key. The default RS256 key is
   * made if there is none yet, so the set is never empty.
   */
  public JWKSet publicJwks() {
    Instant now = clock.instant();
    List<JWK> keys = new ArrayList<>();
    if (findSigning(snapshot(now).keys(), SigningAlgorithm.RS256, now).isEmpty()) {
      // Never publish an empty set that relying apps would cache: make the default key now.
      currentPrivateKey(SigningAlgorithm.RS256);
    }
    for (StoredSigningKey k : snapshot(now).keys()) {
      if (k.publishedAt(now)) {
        keys.add(parsePublic(k));
      }
    }
    return new JWKSet(keys);
  }

  /**
   * Makes the next key for each algorithm in use when the current one will retire within the
   * pre-publish window, and deletes keys no longer published. Safe to call on a schedule from every
   * host instance.
   *
   * @return how many keys were made
   */
  public int rotateIfDue() {
    Instant now = clock.instant();
    int made = 0;
    List<StoredSigningKey> keys = reload(now).keys();
    for (SigningAlgorithm alg : SigningAlgorithm.values()) {
      boolean inUse = keys.stream().anyMatch(k -> k.algorithm().equals(alg.jwsName()));
      if (inUse && findSigning(keys, alg, now.plus(prePublish)).isEmpty()) {
        Instant startsAt = findSigning(keys, alg, now).map(StoredSigningKey::retiresAt).orElse(now);
        if (ensureKey(alg, startsAt)) {
          made++;
        }
      }
    }
    store.transaction(tx -> tx.signingKeys().purgeExpired(now));
    reload(now);
    return made;
  }

  private JWK currentPrivateKey(SigningAlgorithm alg) {
    Instant now = clock.instant();
    Optional<StoredSigningKey> key = findSigning(snapshot(now).keys(), alg, now);
    if (key.isEmpty()) {
      ensureKey(alg, now);
      key = findSigning(reload(now).keys(), alg, now);
    }
    StoredSigningKey k =
        key.orElseThrow(
            () ->
                new SignonFailureException(
                    "no_signing_key", "no signing key for " + alg.jwsName(), null));
    return decrypted.computeIfAbsent(k.kid(), kid -> decryptPrivate(k));
  }

  /** Inserts a key for {@code alg} that signs from {@code startsAt}, unless one appeared. */
  private boolean ensureKey(SigningAlgorithm alg, Instant startsAt) {
    JWK jwk = generate(alg);
    Instant retires = startsAt.plus(rotationPeriod);
    StoredSigningKey stored =
        new StoredSigningKey(
            jwk.getKeyID(),
            alg.jwsName(),
            jwk.toPublicJWK().toJSONString(),
            kek.encrypt(jwk.toJSONString(), jwk.getKeyID(), random),
            startsAt,
            retires,
            retires.plus(publishAfterRetiring));
    return store.transaction(
        tx -> {
          // Another instance may have made one meanwhile: use it rather than add a second.
          if (findSigning(tx.signingKeys().list(), alg, startsAt).isPresent()) {
            return false;
          }
          tx.signingKeys().insert(stored);
          return true;
        });
  }

  private static Optional<StoredSigningKey> findSigning(
      List<StoredSigningKey> keys, SigningAlgorithm alg, Instant at) {
    // Newest first, so the latest key that signs at this instant wins.
    return keys.stream()
        .filter(k -> k.algorithm().equals(alg.jwsName()) && k.signsAt(at))
        .findFirst();
  }

  private Snapshot snapshot(Instant now) {
    Snapshot s = snapshot;
    if (s.loadedAt().plus(reloadInterval).isAfter(now)) {
      return s;
    }
    return reload(now);
  }

  private Snapshot reload(Instant now) {
    Snapshot s = new Snapshot(store.transaction(tx -> tx.signingKeys().list()), now);
    snapshot = s;
    return s;
  }

  private JWK generate(SigningAlgorithm alg) {
    try {
      JWK jwk =
          switch (alg) {
            case RS256 -> new RSAKeyGenerator(2048).secureRandom(random).generate();
            case ES256 -> new ECKeyGenerator(Curve.P_256).secureRandom(random).generate();
            case EDDSA -> Ed25519.generate(random);
          };
      String kid = jwk.computeThumbprint().toString();
      return switch (alg) {
        case RS256 ->
            new RSAKey.Builder((RSAKey) jwk)
                .keyID(kid)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(alg.jws())
                .build();
        case ES256 ->
            new ECKey.Builder((ECKey) jwk)
                .keyID(kid)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(alg.jws())
                .build();
        case EDDSA ->
            new OctetKeyPair.Builder((OctetKeyPair) jwk)
                .keyID(kid)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(alg.jws())
                .build();
      };
    } catch (JOSEException e) {
      throw new SignonFailureException("key_generation_failed", "could not make a key", e);
    }
  }

  private JWK decryptPrivate(StoredSigningKey k) {
    try {
      return JWK.parse(kek.decrypt(k.encryptedPrivateJwk(), k.kid()));
    } catch (ParseException e) {
      throw new SignonFailureException(
          "key_unreadable", "signing key " + k.kid() + " is corrupt", e);
    }
  }

  private static JWK parsePublic(StoredSigningKey k) {
    try {
      return JWK.parse(k.publicJwk());
    } catch (ParseException e) {
      throw new SignonFailureException(
          "key_unreadable", "public key " + k.kid() + " is corrupt", e);
    }
  }

  private static JWSSigner signer(JWK jwk) throws JOSEException {
    if (jwk instanceof RSAKey rsa) {
      return new RSASSASigner(rsa);
    }
    if (jwk instanceof ECKey ec) {
      return new ECDSASigner(ec);
    }
    return Ed25519.signer((OctetKeyPair) jwk);
  }

  /** Builds {@link SigningKeys}. */
  public static final class Builder {
    private @Nullable SignonStore store;
    private @Nullable KeyEncryptionKey kek;
    private Clock clock = Clock.systemUTC();
    private @Nullable SecureRandom random;
    private Duration rotationPeriod = Duration.ofDays(90);
    private Duration prePublish = Duration.ofDays(2);
    private Duration publishAfterRetiring = Duration.ofDays(2);
    private Duration reloadInterval = Duration.ofMinutes(1);

    private Builder() {}

    /** Sets the store the keys live in. */
    public Builder store(SignonStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Sets the key that encrypts private keys at rest. */
    public Builder keyEncryptionKey(KeyEncryptionKey kek) {
      this.kek = Objects.requireNonNull(kek, "kek");
      return this;
    }

    /** Sets the clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the source of randomness for new keys. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** How long a key signs (default 90 days). */
    public Builder rotationPeriod(Duration rotationPeriod) {
      this.rotationPeriod = positive("rotationPeriod", rotationPeriod);
      return this;
    }

    /** How long before it signs a new key is published (default 2 days). */
    public Builder prePublish(Duration prePublish) {
      this.prePublish = positive("prePublish", prePublish);
      return this;
    }

    /**
     * How long a retired key stays published (default 2 days); must exceed the longest lifetime of
     * a token signed with it.
     */
    public Builder publishAfterRetiring(Duration publishAfterRetiring) {
      this.publishAfterRetiring = positive("publishAfterRetiring", publishAfterRetiring);
      return this;
    }

    /** How often to re-read keys made by other host instances (default 1 minute). */
    public Builder reloadInterval(Duration reloadInterval) {
      this.reloadInterval = positive("reloadInterval", reloadInterval);
      return this;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }

    /**
     * Builds the key ring.
     *
     * @throws IllegalStateException naming a missing setting, or when the pre-publish window is not
     *     shorter than the rotation period
     */
    public SigningKeys build() {
      if (store == null) {
        throw new IllegalStateException("store required");
      }
      if (kek == null) {
        throw new IllegalStateException("keyEncryptionKey required");
      }
      if (prePublish.compareTo(rotationPeriod) >= 0) {
        throw new IllegalStateException("prePublish must be shorter than rotationPeriod");
      }
      return new SigningKeys(this, store, kek);
    }
  }
}
