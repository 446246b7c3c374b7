package dev.signon.core.oauth;

import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.TokenHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code authorization_code} grant (RFC 6749 section 4.1.3) with PKCE (RFC 7636). A code is
 * single-use: presenting it again revokes every token the first redemption issued.
 */
final class AuthorizationCodeGrant implements Grant.InOneTransaction {
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  private final SignonStore store;
  private final TokenIssuer tokens;

  AuthorizationCodeGrant(SignonStore store, TokenIssuer tokens) {
    this.store = store;
    this.tokens = tokens;
  }

  @Override
  public ProtocolResponse exchange(Params form, ClientAuthenticator.Client client, Instant now) {
    return store
        .transaction(Isolation.READ_COMMITTED, tx -> exchange(tx, form, client, now))
        .answer();
  }

  /**
   * Redeems the code in {@code tx}, the read-committed transaction that authenticated the client:
   * on the JDBC store the client's throttle check is read with the code's redemption, one round
   * trip. A refusal is returned, so that what it revoked commits.
   */
  @Override
  public GrantOutcome exchange(
      StoreTransaction tx, Params form, ClientAuthenticator.Client client, Instant now) {
    String value = form.require("code");
    String redirectUri = form.require("redirect_uri");
    Optional<String> verifier = form.get("code_verifier");
    TokenHash hash = TokenHash.of(value);
    Application app = client.application();
    // Read committed is enough for exactly-once redemption: the code is spent by one conditional
    // UPDATE ... WHERE consumed_at IS NULL. Of two concurrent exchanges the second waits for the
    // first's row lock and, once it commits, re-evaluates the condition on the committed row and
    // matches nothing (PostgreSQL's read-committed update rule); if the first rolls back, the
    // second spends the code. The loser then revokes the family after the winner committed its
    // tokens, since it waited for that commit, so the revocation sees them. The rest are reads
    // and inserts of new rows.
    Optional<AuthorizationCode> consumed = tx.authorizationCodes().consume(hash, now);
    if (consumed.isEmpty()) {
      Optional<AuthorizationCode> spent = tx.authorizationCodes().find(hash);
      if (spent.isPresent()) {
        int revoked = tx.issuedTokens().revokeFamily(spent.get().family(), now);
        return GrantOutcome.invalidGrant("code used twice; revoked " + revoked + " tokens");
      }
      return GrantOutcome.invalidGrant("unknown code");
    }
    AuthorizationCode code = consumed.get();
    if (!code.application().equals(app.id())) {
      return GrantOutcome.invalidGrant("code issued to another client");
    }
    if (code.isExpired(now)) {
      return GrantOutcome.invalidGrant("code expired");
    }
    if (!code.redirectUri().equals(redirectUri)) {
      return GrantOutcome.invalidGrant("redirect_uri differs from the authorization request");
    }
    Optional<OAuthException> pkce = checkPkce(code.codeChallenge(), verifier.orElse(null));
    if (pkce.isPresent()) {
      return new GrantOutcome.Refused(pkce.get());
    }
    Optional<User> user = tx.users().findWithAccessTo(code.user(), app.id());
    if (user.isEmpty() || !user.get().isActive() || app.retired()) {
      return GrantOutcome.invalidGrant("user or client no longer active");
    }
    if (!tx.permissions(user.get(), app).canSignIn()) {
      return GrantOutcome.invalidGrant("user lost access to the client");
    }
    return tokens.issue(
        tx, app, user.get(), code.scopes(), code.nonce(), code.authTime(), code.family(), now);
  }

  private static Optional<OAuthException> checkPkce(
      @Nullable String challenge, @Nullable String verifier) {
    if (challenge == null) {
      return verifier == null
          ? Optional.empty()
          : Optional.of(OAuthException.invalidGrant("code_verifier without a code_challenge"));
    }
    if (verifier == null) {
      return Optional.of(OAuthException.invalidGrant("missing code_verifier"));
    }
    if (!VERIFIER.matcher(verifier).matches()) {
      return Optional.of(OAuthException.invalidGrant("malformed code_verifier"));
    }
    byte[] computed =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)))
            .getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(computed, challenge.getBytes(StandardCharsets.US_ASCII))
        ? Optional.empty()
        : Optional.of(OAuthException.invalidGrant("code_verifier does not match"));
  }

  private static byte[] sha256(byte[] in) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(in);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
