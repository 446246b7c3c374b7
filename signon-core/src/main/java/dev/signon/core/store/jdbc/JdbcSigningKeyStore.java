package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.error.ConflictException;
import dev.signon.core.store.SigningKeyStore;
import dev.signon.core.token.StoredSigningKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The host's signing keys in {@code signing_keys}, shared by every host instance. The list is
 * sorted here, so that keys made at the same instant tie-break on the kid as Java compares strings,
 * whatever the database's collation.
 */
final class JdbcSigningKeyStore implements SigningKeyStore {
  private static final Comparator<StoredSigningKey> NEWEST_FIRST =
      Comparator.comparing(StoredSigningKey::createdAt)
          .reversed()
          .thenComparing(StoredSigningKey::kid);

  private final JdbcTransaction tx;

  JdbcSigningKeyStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(StoredSigningKey key) {
    Objects.requireNonNull(key, "key");
    tx.write(
        "insert a signing key",
        Map.of("signing_keys_pkey", () -> new ConflictException("signing key id is taken")),
        c ->
            execute(
                c,
                "INSERT INTO signing_keys (kid, algorithm, public_jwk, encrypted_private_jwk,"
                    + " created_at, retires_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                key.kid(),
                key.algorithm(),
                key.publicJwk(),
                key.encryptedPrivateJwk(),
                key.createdAt(),
                key.retiresAt(),
                key.expiresAt()));
  }

  @Override
  public List<StoredSigningKey> list() {
    return tx
        .list(
            "list signing keys",
            "SELECT kid, algorithm, public_jwk, encrypted_private_jwk, created_at, retires_at,"
                + " expires_at FROM signing_keys",
            r ->
                new StoredSigningKey(
                    string(r, "kid"),
                    string(r, "algorithm"),
                    string(r, "public_jwk"),
                    string(r, "encrypted_private_jwk"),
                    instant(r, "created_at"),
                    instant(r, "retires_at"),
                    instant(r, "expires_at")))
        .stream()
        .sorted(NEWEST_FIRST)
        .toList();
  }

  @Override
  public int purgeExpired(Instant before) {
    Objects.requireNonNull(before, "before");
    return tx.update(
        "purge expired signing keys", "DELETE FROM signing_keys WHERE expires_at < ?", before);
  }
}
