package dev.signon.core.admin;

import dev.signon.core.application.Application;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.signin.Origin;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenHandover;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One-time links that hand an application token to an outside consumer instead of an email with the
 * token in it (GOV.UK Signon's runbooks: "Copy it to your clipboard and then manually email it";
 * "securely send the token to the consumer"). The admin creates or rotates a token and the API
 * user's address is emailed a link; opening it shows the token once and records that it was viewed;
 * after that, or once the link expires (24 hours by default), it shows nothing.
 *
 * <p><b>How the token waits without being stored in clear.</b> The link carries a fresh 256-bit
 * token {@code L}; the store keeps only SHA-256({@code L}) to find the row, as for every emailed
 * link. The application token's value is encrypted with AES-256-GCM under a key derived from both
 * the host's {@link KeyEncryptionKey} and {@code L} (HMAC-SHA256 of {@code L} under a subkey of the
 * key-encryption key for this purpose), with the row's hash and the application token's id as
 * associated data, so a sealed value cannot be moved to another row. So:
 *
 * <ul>
 *   <li>a copy of the database (with or without the key-encryption key) cannot read the token: the
 *       key needs {@code L}, which exists only in the email, and its hash does not give it back;
 *   <li>the email alone cannot read it either without the host, which holds the sealed value and
 *       the key-encryption key;
 *   <li>viewing marks the row viewed and erases the sealed value in the same atomic update that
 *       decides the one view, so even a later leak of the email and the key finds nothing.
 * </ul>
 *
 * <p>The token handed over is an ordinary application token: it is live from creation, and revoking
 * it makes the link show nothing.
 *
 * <pre>{@code
 * SentApplicationToken sent = server.applicationTokens().createAndSend(me, robot.uid(), app.id());
 * // the consumer opens the link at /sign-in/links/application-token?token=...; pages call:
 * Optional<HandedOverToken> shown = server.tokenHandovers().view(link, origin);
 * }</pre>
 */
public final class TokenHandovers {
  /** How long a link works by default. */
  public static final Duration DEFAULT_LINK_VALIDITY = Duration.ofHours(24);

  private static final String PURPOSE = "application-token-handover";

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final KeyEncryptionKey kek;
  private final String pageUrl;
  private final Duration validity;

  TokenHandovers(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      KeyEncryptionKey kek,
      URI issuer,
      Duration validity) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.kek = Objects.requireNonNull(kek, "kek");
    String base = issuer.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    this.pageUrl = base + HostPaths.APPLICATION_TOKEN_LINK;
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("applicationTokenLinkValidity must be positive");
    }
    this.validity = validity;
  }

  /**
   * A token shown through its link.
   *
   * @param application the application's name
   * @param apiUserName the API user's name
   * @param expiresAt when the token itself expires
   * @param value the token, to show this once
   */
  public record HandedOverToken(
      String application, String apiUserName, Instant expiresAt, TokenValue value) {}

  /** A link made in a transaction, to email once it has committed. */
  record Offer(URI link, Instant expiresAt, Duration validity) {}

  /** Seals {@code value} behind a new link for {@code token}, in the caller's transaction. */
  Offer offer(StoreTransaction tx, ApplicationToken token, TokenValue value, Instant now) {
    TokenValue link = TokenValue.mint(random, TokenKind.LINK);
    TokenHash hash = link.hash();
    String sealed = key(link).encrypt(value.reveal(), context(hash, token), random);
    Instant expires = now.plus(validity);
    tx.tokenHandovers()
        .insert(
            new TokenHandover(
                hash,
                token.id(),
                token.apiUser(),
                token.application(),
                sealed,
                now,
                expires,
                null));
    return new Offer(URI.create(pageUrl + "?token=" + link.reveal()), expires, validity);
  }

  /**
   * Shows the token behind {@code link} once: the first call within the link's lifetime returns it
   * and audits {@link AuditEventType#APPLICATION_TOKEN_LINK_VIEWED}; every later call, a call after
   * the link expired, and a call once the token was revoked or expired return empty.
   *
   * @throws dev.signon.core.error.SignonFailureException if the sealed value cannot be read (the
   *     host's key-encryption key changed); the link is not used up
   */
  public Optional<HandedOverToken> view(TokenValue link, Origin origin) {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(origin, "origin");
    if (!link.isKind(TokenKind.LINK)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return store.transaction(
        tx -> {
          Optional<TokenHandover> found = tx.tokenHandovers().view(link.hash(), now);
          if (found.isEmpty()) {
            return Optional.<HandedOverToken>empty();
          }
          TokenHandover h = found.get();
          Optional<ApplicationToken> token =
              tx.applicationTokens()
                  .find(h.token())
                  .filter(t -> t.revokedAt() == null && now.isBefore(t.expiresAt()));
          if (token.isEmpty()) {
            return Optional.<HandedOverToken>empty();
          }
          ApplicationToken t = token.get();
          Optional<TokenValue> value =
              TokenValue.presented(key(link).decrypt(h.sealedValue(), context(h.hash(), t)))
                  .filter(v -> v.hash().equals(t.hash()));
          if (value.isEmpty()) {
            return Optional.<HandedOverToken>empty();
          }
          String app = tx.applications().find(t.application()).map(Application::name).orElse("?");
          String apiUser = tx.users().find(t.apiUser()).map(u -> u.name()).orElse("?");
          // The link went to the API user's address: whoever holds it acts for the API user.
          ApplicationTokenIssuer.audit(
              tx,
              random,
              Actor.user(t.apiUser(), origin.ipAddress(), origin.userAgent()),
              AuditEventType.APPLICATION_TOKEN_LINK_VIEWED,
              t.apiUser(),
              t.application(),
              t.id(),
              now,
              "");
          return Optional.of(new HandedOverToken(app, apiUser, t.expiresAt(), value.get()));
        });
  }

  private KeyEncryptionKey key(TokenValue link) {
    return kek.derive(PURPOSE, link.reveal().getBytes(StandardCharsets.US_ASCII));
  }

  private static String context(TokenHash hash, ApplicationToken token) {
    return PURPOSE + ":" + hash.hex() + ":" + token.id();
  }
}
