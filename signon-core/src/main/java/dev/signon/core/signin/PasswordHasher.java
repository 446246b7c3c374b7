package dev.signon.core.signin;

import java.security.SecureRandom;

/**
 * Turns a password into a slow, salted hash and checks a password against one. Hashes carry their
 * parameters, so they can be raised later and old hashes rehashed at the next sign-in.
 *
 * <pre>{@code
 * PasswordHasher hasher = PasswordHasher.argon2id(random);
 * String stored = hasher.hash(password);
 * if (hasher.verify(attempt, stored) && hasher.needsRehash(stored)) { stored = hasher.hash(attempt); }
 * }</pre>
 */
public interface PasswordHasher {
  /** A hash of {@code password} with a fresh salt, in a self-describing text form. */
  String hash(String password);

  /** True when {@code password} matches {@code encoded}; compares in constant time. */
  boolean verify(String password, String encoded);

  /** True when {@code encoded} was made with weaker parameters than this hasher uses now. */
  boolean needsRehash(String encoded);

  /**
   * Argon2id (RFC 9106) with OWASP's recommended minimum: 19 MiB of memory, 2 iterations, 1 lane,
   * encoded in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}).
   */
  static PasswordHasher argon2id(SecureRandom random) {
    return new Argon2idPasswordHasher(random, 19_456, 2, 1);
  }

  /**
   * Argon2id with the given cost: {@code memoryKiB} of memory, {@code iterations} passes, {@code
   * parallelism} lanes. Lower than the default only for tests.
   */
  static PasswordHasher argon2id(
      SecureRandom random, int memoryKiB, int iterations, int parallelism) {
    return new Argon2idPasswordHasher(random, memoryKiB, iterations, parallelism);
  }
}
