package dev.signon.core.store;

import dev.signon.core.token.StoredSigningKey;
import java.time.Instant;
import java.util.List;

/** Stores the host's signing keys, shared by every host instance. */
public interface SigningKeyStore {
  /**
   * Adds a key.
   *
   * @throws dev.signon.core.error.ConflictException if the kid is taken
   */
  void insert(StoredSigningKey key);

  /** Every stored key, newest first. */
  List<StoredSigningKey> list();

  /**
   * Deletes keys that left the JWKS before {@code before}.
   *
   * @return how many were deleted
   */
  int purgeExpired(Instant before);
}
