package dev.signon.servlet;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FallbackLinks} held in memory: for one instance of the app, and tests. It keeps at most
 * 10,000 unexpired links and refuses more.
 */
public final class InMemoryFallbackLinks implements FallbackLinks {
  private static final Logger log = LoggerFactory.getLogger(InMemoryFallbackLinks.class);
  private static final int MAX_OUTSTANDING = 10_000;

  private final Map<String, Link> links = new LinkedHashMap<>();
  private final Map<String, Instant> lastSent = new LinkedHashMap<>();

  /** Creates an empty store. */
  public InMemoryFallbackLinks() {}

  @Override
  public synchronized boolean save(Link link, Instant notSentSince) {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(notSentSince, "notSentSince");
    Instant now = link.sentAt();
    links.values().removeIf(l -> !now.isBefore(l.expiresAt()));
    lastSent.values().removeIf(at -> at.isBefore(notSentSince));
    Instant previous = lastSent.get(link.emailKey());
    if (previous != null && !previous.isBefore(notSentSince)) {
      return false;
    }
    if (links.size() >= MAX_OUTSTANDING) {
      log.error("Too many fallback sign-in links outstanding; not issuing another");
      return false;
    }
    links.put(link.tokenHash(), link);
    lastSent.put(link.emailKey(), now);
    return true;
  }

  @Override
  public synchronized Optional<Link> use(String tokenHash, Instant now) {
    return Optional.ofNullable(links.remove(Objects.requireNonNull(tokenHash, "tokenHash")));
  }

  @Override
  public synchronized String toString() {
    return "InMemoryFallbackLinks[" + links.size() + " links]";
  }
}
