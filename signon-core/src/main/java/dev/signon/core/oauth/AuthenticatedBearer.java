package dev.signon.core.oauth;

import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who a bearer token presented to the host speaks for, made only by {@link
 * AuthorizationServer#authenticateBearer(ProtocolRequest)} after it found the token live, its user
 * active and its application not retired. It holds no part of the token's value.
 *
 * <pre>{@code
 * AuthenticatedBearer bearer = server.authorizationServer().authenticateBearer(request);
 * if (!bearer.application().clientId().equals("signon")) { ... } // for another application
 * }</pre>
 */
public final class AuthenticatedBearer {
  private final @Nullable User user;
  private final Application application;
  private final Set<String> scopes;
  private final boolean applicationToken;

  AuthenticatedBearer(
      @Nullable User user, Application application, Set<String> scopes, boolean applicationToken) {
    this.user = user;
    this.application = Objects.requireNonNull(application, "application");
    this.scopes = Set.copyOf(scopes);
    this.applicationToken = applicationToken;
  }

  /** The token's user (a person or an API user), or {@code null} for a client-credentials token. */
  public @Nullable User user() {
    return user;
  }

  /** The application the token was issued for: its audience. */
  public Application application() {
    return application;
  }

  /** The scopes granted to an access token; empty for an application token. */
  public Set<String> scopes() {
    return scopes;
  }

  /** True for an API user's application token, false for an OAuth access token. */
  public boolean applicationToken() {
    return applicationToken;
  }

  @Override
  public String toString() {
    return "AuthenticatedBearer[user="
        + (user == null ? "none" : user.uid())
        + ", application="
        + application.clientId()
        + ", applicationToken="
        + applicationToken
        + "]";
  }
}
