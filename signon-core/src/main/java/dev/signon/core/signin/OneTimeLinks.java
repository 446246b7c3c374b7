package dev.signon.core.signin;

import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.SignInLink;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The emailed one-time links: issuing one (cancelling the person's earlier ones of that purpose),
 * its URL, and consuming it once.
 */
final class OneTimeLinks {
  private final SecureRandom random;
  private final URI linkBase;

  /**
   * Emailed links point at {@code linkBase} + {@code /{purpose}?token=…}, which the host's pages
   * serve.
   */
  OneTimeLinks(SecureRandom random, URI linkBase) {
    this.random = Objects.requireNonNull(random, "random");
    this.linkBase = Objects.requireNonNull(linkBase, "linkBase");
  }

  /** The URL of a link for {@code purpose} carrying {@code token}. */
  private URI linkUrl(LinkPurpose purpose, TokenValue token) {
    String base = linkBase.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(
        base
            + "/"
            + purpose.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            + "?token="
            + token.reveal());
  }

  /** Issues a new link for {@code purpose}, cancelling the user's earlier ones. */
  URI issue(StoreTransaction tx, UserId uid, LinkPurpose purpose, Duration validity, Instant now) {
    tx.signInLinks().consumeAll(uid, purpose, now);
    TokenValue token = TokenValue.mint(random, TokenKind.LINK);
    tx.signInLinks()
        .insert(new SignInLink(token.hash(), uid, purpose, now, now.plus(validity), null));
    return linkUrl(purpose, token);
  }

  /**
   * Consumes a live link of {@code purpose}, or refuses: used, expired, unknown or for something
   * else.
   */
  SignInLink consume(StoreTransaction tx, TokenValue token, LinkPurpose purpose, Instant now) {
    Optional<SignInLink> link =
        token.isKind(TokenKind.LINK)
            ? tx.signInLinks().consume(token.hash(), now)
            : Optional.empty();
    if (link.isEmpty()
        || link.get().purpose() != purpose
        || !now.isBefore(link.get().expiresAt())) {
      throw new InvalidInputException("This link has expired or has already been used.");
    }
    return link.get();
  }
}
