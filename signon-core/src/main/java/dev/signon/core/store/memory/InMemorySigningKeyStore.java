package dev.signon.core.store.memory;

import dev.signon.core.store.SigningKeyStore;
import dev.signon.core.token.StoredSigningKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The host's signing keys. */
final class InMemorySigningKeyStore extends InMemoryAggregateStore implements SigningKeyStore {
  InMemorySigningKeyStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(StoredSigningKey key) {
    requireAbsent(data.signingKeys, key.kid(), "signing key id is taken");
    tx.put(data.signingKeys, key.kid(), key);
  }

  @Override
  public List<StoredSigningKey> list() {
    tx.checkOpen();
    return data.signingKeys.values().stream()
        .sorted(
            Comparator.comparing(StoredSigningKey::createdAt)
                .reversed()
                .thenComparing(StoredSigningKey::kid))
        .toList();
  }

  @Override
  public int purgeExpired(Instant before) {
    return tx.purge(data.signingKeys, k -> k.expiresAt().isBefore(before), Integer.MAX_VALUE);
  }
}
