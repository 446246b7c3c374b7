package dev.signon.core.store.jdbc;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.OrganisationGraph;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Applications recently read, by client id and by id, for the read-committed transactions of the
 * hot paths (client authentication, token checks), which otherwise read an application in four
 * queries on every request. An entry lives for a short time to live, so a change made through
 * another host instance (a retired application, a rotated secret) takes effect here within it; a
 * change made through this store empties the cache at once, and again when its transaction ends. A
 * read that began before such a change never stores what it read (a generation number tells). Only
 * found applications are kept: a new client id works at once everywhere.
 *
 * <p>It keeps the organisation graph the same way, for working out a person's permissions on the
 * hot paths (authorize, the code exchange, {@code user_details}), which would otherwise read every
 * organisation on each request: a change of an organisation through this store empties the cache,
 * one through another host instance shows here within the time to live.
 */
final class ApplicationCache {
  /** Past this many entries the cache starts over, so unknown ids cannot grow it without end. */
  static final int MAX_ENTRIES = 10_000;

  private final Clock clock;
  private final Duration ttl;
  private final AtomicLong generation = new AtomicLong();
  private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(Application application, Instant expires) {}

  private record GraphEntry(OrganisationGraph graph, Instant expires) {}

  private final AtomicReference<@Nullable GraphEntry> graph = new AtomicReference<>();

  /**
   * @param ttl how long an entry lives; {@link Duration#ZERO} turns the cache off
   */
  ApplicationCache(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The application with this client id, from the cache or else from {@code load}. */
  Optional<Application> byClientId(String clientId, Supplier<Optional<Application>> load) {
    return get("client:" + clientId, load);
  }

  /** The application with this id, from the cache or else from {@code load}. */
  Optional<Application> byId(ApplicationId id, Supplier<Optional<Application>> load) {
    return get(id, load);
  }

  /** The organisation graph, from the cache or else from {@code load}. */
  OrganisationGraph organisationGraph(Supplier<OrganisationGraph> load) {
    if (ttl.isZero()) {
      return load.get();
    }
    Instant now = clock.instant();
    GraphEntry e = graph.get();
    if (e != null && now.isBefore(e.expires())) {
      return e.graph();
    }
    long before = generation.get();
    OrganisationGraph loaded = load.get();
    GraphEntry fresh = new GraphEntry(loaded, now.plus(ttl));
    graph.set(fresh);
    if (generation.get() != before) {
      // A change raced this read: what it read may be older than the change.
      graph.compareAndSet(fresh, null);
    }
    return loaded;
  }

  /** Forgets every entry, and keeps any read begun before now from storing what it read. */
  void invalidateAll() {
    generation.incrementAndGet();
    entries.clear();
    graph.set(null);
  }

  private Optional<Application> get(Object key, Supplier<Optional<Application>> load) {
    if (ttl.isZero()) {
      return load.get();
    }
    Instant now = clock.instant();
    Entry e = entries.get(key);
    if (e != null && now.isBefore(e.expires())) {
      return Optional.of(e.application());
    }
    long before = generation.get();
    Optional<Application> loaded = load.get();
    if (loaded.isPresent()) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
      Entry fresh = new Entry(loaded.get(), now.plus(ttl));
      entries.put(key, fresh);
      if (generation.get() != before) {
        // A change raced this read: what it read may be older than the change.
        entries.remove(key, fresh);
      }
    } else {
      entries.remove(key);
    }
    return loaded;
  }
}
