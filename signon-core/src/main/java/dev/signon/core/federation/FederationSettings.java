package dev.signon.core.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The upstream identity providers a host signs people in through, and whether it also takes
 * passwords. By default there are no upstreams and passwords are on.
 *
 * <pre>{@code
 * SignonServer.builder()
 *     .federation(FederationSettings.builder().upstream(oneLogin).passwordSignIn(false).build())
 * }</pre>
 */
public final class FederationSettings {
  private static final FederationSettings DEFAULTS = builder().build();

  private final Map<String, Upstream> upstreams;
  private final boolean passwordSignIn;

  private FederationSettings(Map<String, Upstream> upstreams, boolean passwordSignIn) {
    this.upstreams = upstreams;
    this.passwordSignIn = passwordSignIn;
  }

  /** No upstreams; passwords on. */
  public static FederationSettings defaults() {
    return DEFAULTS;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The upstreams, in the order they were added (the order of the sign-in buttons). */
  public List<Upstream> upstreams() {
    return List.copyOf(upstreams.values());
  }

  /** The upstream of this name. */
  public Optional<Upstream> upstream(String name) {
    return Optional.ofNullable(upstreams.get(name));
  }

  /** Whether people may sign in with a password (with no upstream, always). */
  public boolean passwordSignIn() {
    return passwordSignIn;
  }

  /** Builds {@link FederationSettings}. */
  public static final class Builder {
    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private boolean passwordSignIn = true;

    private Builder() {}

    /**
     * Adds an upstream.
     *
     * @throws IllegalArgumentException if another has the same name
     */
    public Builder upstream(Upstream upstream) {
      Objects.requireNonNull(upstream, "upstream");
      if (upstreams.putIfAbsent(upstream.name(), upstream) != null) {
        throw new IllegalArgumentException("two upstreams named " + upstream.name());
      }
      return this;
    }

    /** Adds upstreams; see {@link #upstream}. */
    public Builder upstreams(List<Upstream> upstreams) {
      for (Upstream u : new ArrayList<>(upstreams)) {
        upstream(u);
      }
      return this;
    }

    /** Whether people may also sign in with a password (default on). */
    public Builder passwordSignIn(boolean enabled) {
      this.passwordSignIn = enabled;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @throws IllegalStateException if passwords are off and there is no upstream, so nobody could
     *     sign in
     */
    public FederationSettings build() {
      if (!passwordSignIn && upstreams.isEmpty()) {
        throw new IllegalStateException(
            "password sign-in may be turned off only with an upstream to sign in through");
      }
      return new FederationSettings(new LinkedHashMap<>(upstreams), passwordSignIn);
    }
  }
}
