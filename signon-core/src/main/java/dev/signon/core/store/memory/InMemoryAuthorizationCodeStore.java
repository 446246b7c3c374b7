package dev.signon.core.store.memory;

import dev.signon.core.store.AuthorizationCodeStore;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.Optional;

/** Authorization codes, consumed at most once. */
final class InMemoryAuthorizationCodeStore extends InMemoryAggregateStore
    implements AuthorizationCodeStore {
  InMemoryAuthorizationCodeStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(AuthorizationCode code) {
    requireAbsent(data.codes, code.hash(), "authorization code hash is taken");
    tx.put(data.codes, code.hash(), code);
  }

  @Override
  public Optional<AuthorizationCode> find(TokenHash hash) {
    return tx.get(data.codes, hash);
  }

  @Override
  public Optional<AuthorizationCode> consume(TokenHash hash, Instant now) {
    AuthorizationCode code = data.codes.get(hash);
    if (code == null || code.consumedAt() != null) {
      return Optional.empty();
    }
    tx.put(
        data.codes,
        hash,
        new AuthorizationCode(
            code.hash(),
            code.application(),
            code.user(),
            code.redirectUri(),
            code.scopes(),
            code.nonce(),
            code.codeChallenge(),
            code.authTime(),
            code.issuedAt(),
            code.expiresAt(),
            code.family(),
            now));
    return Optional.of(code);
  }

  @Override
  public int purgeExpired(Instant before, int limit) {
    return tx.purge(data.codes, c -> c.expiresAt().isBefore(before), limit);
  }
}
