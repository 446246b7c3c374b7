package dev.signon.client.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * An application token just created or rotated and sent to its API user's address as a one-time
 * link, instead of being shown to the admin: the link shows it once, until {@code linkExpiresAt}.
 *
 * <pre>{@code
 * SentApplicationToken sent = admin.sendApplicationToken(hmrc.uid(), "trade-tariff");
 * log.info("token {} sent to {}", sent.token().id(), sent.sentTo());
 * }</pre>
 *
 * @param token the token's details (never its value)
 * @param sentTo the address the link went to
 * @param linkExpiresAt when the link stops working
 */
public record SentApplicationToken(
    ApplicationTokenInfo token, String sentTo, Instant linkExpiresAt) {
  /** Checks the parts. */
  public SentApplicationToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(sentTo, "sentTo");
    Objects.requireNonNull(linkExpiresAt, "linkExpiresAt");
  }
}
