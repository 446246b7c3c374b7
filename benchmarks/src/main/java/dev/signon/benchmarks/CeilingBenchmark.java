package dev.signon.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceilings every path is measured against, per core (run with {@code -t 1}): an RS256 signature
 * and its verification (Nimbus, 2048-bit key, an access-token-sized claims set), minting an opaque
 * token and hashing it (256 random bits, SHA-256), and a Caffeine cache hit.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar Ceiling -t 1
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CeilingBenchmark {
  RSAKey key;
  RSASSASigner signer;
  RSASSAVerifier verifier;
  JWTClaimsSet claims;
  String signed;
  SecureRandom random;
  Cache<String, Object> cache;
  String cachedKey;

  @Setup
  public void setUp() throws JOSEException {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    signer = new RSASSASigner(key);
    verifier = new RSASSAVerifier(key.toRSAPublicKey());
    claims =
        new JWTClaimsSet.Builder()
            .issuer("http://127.0.0.1:8090")
            .subject("api")
            .audience("api")
            .claim("client_id", "api")
            .claim("scope", "read")
            .issueTime(new Date(1_800_000_000_000L))
            .expirationTime(new Date(1_800_003_600_000L))
            .jwtID("6f1c3a8e-9b7d-4c2e-8f1a-2b3c4d5e6f70")
            .build();
    signed = rs256Sign();
    random = new SecureRandom();
    cache = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    cachedKey = "aGFzaCBvZiBhIGJlYXJlciB0b2tlbiwgaW4gYmFzZTY0IGZvcm0=";
    cache.put(cachedKey, new Object());
  }

  @Benchmark
  public String rs256Sign() throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("k1")
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  @Benchmark
  public boolean rs256Verify() throws JOSEException, ParseException {
    return SignedJWT.parse(signed).verify(verifier);
  }

  @Benchmark
  public TokenHash opaqueMintAndHash() {
    return TokenValue.mint(random, TokenKind.ACCESS_TOKEN).hash();
  }

  @Benchmark
  public Object caffeineHit() {
    return cache.getIfPresent(cachedKey);
  }
}
