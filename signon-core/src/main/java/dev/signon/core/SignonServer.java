package dev.signon.core;

import dev.signon.core.admin.AdminService;
import dev.signon.core.store.SignonStore;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Signon host: the directory, its admin operations, and (as they are added) sign-in and the token
 * engine, over one store. Build one per process and share it; it is thread-safe and holds no state
 * of its own beyond the store, so several instances over one database act as one host.
 *
 * <pre>{@code
 * SignonServer server = SignonServer.builder()
 *     .issuer(URI.create("https://signon.example.gov.uk"))
 *     .store(JdbcSignonStore.embedded(Path.of("data")))
 *     .build();
 * User joe = server.admin().createUser(Actor.host(), NewUser.of("Joe", Email.of("joe@example.com")));
 * }</pre>
 */
public final class SignonServer implements AutoCloseable {
  private final URI issuer;
  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final AdminService admin;

  private SignonServer(URI issuer, SignonStore store, Clock clock, SecureRandom random) {
    this.issuer = issuer;
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.admin = AdminService.create(store, clock, random);
  }

  /** A builder; {@code issuer} and {@code store} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The issuer identifier: the host's base URL, exactly as relying apps configure it. */
  public URI issuer() {
    return issuer;
  }

  /** The store the host keeps its state in. */
  public SignonStore store() {
    return store;
  }

  /** The clock the host reads time from. */
  public Clock clock() {
    return clock;
  }

  /** The admin operations on the directory. */
  public AdminService admin() {
    return admin;
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  /** Builds a {@link SignonServer}. */
  public static final class Builder {
    private @Nullable URI issuer;
    private @Nullable SignonStore store;
    private Clock clock = Clock.systemUTC();
    private @Nullable SecureRandom random;

    private Builder() {}

    /**
     * Sets the issuer: an absolute {@code https} URL (or {@code http} on localhost) with no query
     * or fragment.
     *
     * @throws IllegalArgumentException if it is not
     */
    public Builder issuer(URI issuer) {
      Objects.requireNonNull(issuer, "issuer");
      String scheme = issuer.getScheme();
      boolean local = "localhost".equals(issuer.getHost()) || "127.0.0.1".equals(issuer.getHost());
      if (!issuer.isAbsolute()
          || issuer.getHost() == null
          || !("https".equals(scheme) || ("http".equals(scheme) && local))
          || issuer.getRawQuery() != null
          || issuer.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "issuer must be an https URL (http only on localhost) without query or fragment: "
                + issuer);
      }
      this.issuer = issuer;
      return this;
    }

    /** Sets the store. */
    public Builder store(SignonStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Sets the clock (default: the system clock in UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the source of randomness for ids and secrets (default: a new {@link SecureRandom}). */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the server.
     *
     * @throws IllegalStateException naming a missing required setting
     */
    public SignonServer build() {
      if (issuer == null) {
        throw new IllegalStateException("issuer required");
      }
      if (store == null) {
        throw new IllegalStateException("store required");
      }
      return new SignonServer(issuer, store, clock, random == null ? new SecureRandom() : random);
    }
  }
}
