package dev.signon.servlet;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the fallback sign-in keeps its one-time links between the email and the click. {@link
 * InMemoryFallbackLinks} (the default) serves one instance; {@link JdbcFallbackLinks} lets a link
 * sent by one instance of the app work on another.
 *
 * <p>Only the SHA-256 hash of a link's token is stored. Implementations must be thread-safe, and
 * {@link #use} must let exactly one caller use a link, across every instance sharing the store.
 */
public interface FallbackLinks {

  /** One issued link. */
  record Link(String tokenHash, String email, String returnTo, Instant sentAt, Instant expiresAt) {

    /** Checks that nothing is missing. */
    public Link {
      Objects.requireNonNull(tokenHash, "tokenHash");
      Objects.requireNonNull(email, "email");
      Objects.requireNonNull(returnTo, "returnTo");
      Objects.requireNonNull(sentAt, "sentAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The address, case-folded and trimmed: how links to one address are counted. */
    public String emailKey() {
      return email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Leaves the hash out. */
    @Override
    public String toString() {
      return "Link[expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * Stores {@code link} unless a link to the same address was sent at or after {@code
   * notSentSince}; removes links expired by the link's send time.
   *
   * @return whether the link was stored (and should be emailed)
   * @throws RelyingStoreException if the store fails
   */
  boolean save(Link link, Instant notSentSince);

  /**
   * Uses up the link with this token hash, whether or not it has expired, and answers it; a second
   * call for the same hash, here or on another instance, answers empty.
   *
   * @throws RelyingStoreException if the store fails
   */
  Optional<Link> use(String tokenHash, Instant now);
}
