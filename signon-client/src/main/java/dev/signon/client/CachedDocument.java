package dev.signon.client;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.signon.client.internal.ClockTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One document from the provider (discovery, JWKS) held in Caffeine: refreshed after {@code ttl},
 * served stale while the provider is down, and refetched on demand at most once per {@code
 * refetchInterval}.
 *
 * <p>Refresh runs on the calling thread: the first read that finds the document older than {@code
 * ttl} fetches it again while concurrent readers get the old one. If that fetch fails the old
 * document is kept for another {@code ttl}, so an outage costs one failed fetch per {@code ttl},
 * not one per request. Only the very first load can fail outright.
 */
final class CachedDocument<T> {
  private static final Logger log = LoggerFactory.getLogger(CachedDocument.class);
  private static final String KEY = "document";

  private final LoadingCache<String, T> cache;
  private final Supplier<T> loader;
  private final Clock clock;
  private final Duration refetchInterval;
  private @Nullable Instant lastRefetch;

  CachedDocument(Supplier<T> loader, Clock clock, Duration ttl, Duration refetchInterval) {
    this.loader = loader;
    this.clock = clock;
    this.refetchInterval = refetchInterval;
    this.cache =
        Caffeine.newBuilder()
            .ticker(new ClockTicker(clock))
            .executor(Runnable::run)
            .refreshAfterWrite(ttl)
            .build(
                new CacheLoader<String, T>() {
                  @Override
                  public T load(String key) {
                    return loader.get();
                  }

                  @Override
                  public T reload(String key, T oldValue) {
                    try {
                      return loader.get();
                    } catch (ProviderUnavailableException e) {
                      log.warn("refresh failed, serving the cached document: {}", e.getMessage());
                      return oldValue;
                    }
                  }
                });
  }

  /**
   * The current document, loading it the first time.
   *
   * @throws ProviderUnavailableException if it was never loaded and cannot be loaded now
   */
  T get() {
    return cache.get(KEY);
  }

  /**
   * Fetches the document again because the cached one lacks something (an unknown {@code kid}),
   * unless that was done less than {@code refetchInterval} ago. Returns the document to use: the
   * new one, or the old one if refetching was skipped or failed.
   */
  T refetch() {
    Instant now = clock.instant();
    synchronized (this) {
      if (lastRefetch != null && now.isBefore(lastRefetch.plus(refetchInterval))) {
        log.debug("refetch skipped: last one at {}", lastRefetch);
        return get();
      }
      lastRefetch = now;
    }
    try {
      T fresh = loader.get();
      cache.put(KEY, fresh);
      return fresh;
    } catch (ProviderUnavailableException | CompletionException e) {
      log.warn("refetch failed, keeping the cached document: {}", e.getMessage());
      return get();
    }
  }
}
