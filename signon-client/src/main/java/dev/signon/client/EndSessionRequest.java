package dev.signon.client;

import dev.signon.client.internal.ConstantTime;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OpenID Connect RP-initiated logout: the URL to send the browser to and the {@code state} the
 * provider will hand back to the post-logout redirect URI.
 */
public final class EndSessionRequest {
  private final URI uri;
  private final String state;

  EndSessionRequest(URI uri, String state) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.state = Objects.requireNonNull(state, "state");
  }

  /**
   * The end-session endpoint with {@code id_token_hint}, {@code post_logout_redirect_uri} and
   * {@code state}.
   */
  public URI uri() {
    return uri;
  }

  /** The {@code state} to keep until the browser returns. */
  public String state() {
    return state;
  }

  /** True if the {@code state} the browser returned with is this request's. */
  public boolean matchesState(@Nullable String returned) {
    return ConstantTime.equals(state, returned);
  }

  /** True if {@code returned} equals the kept {@code expected} state, compared in constant time. */
  public static boolean stateMatches(String expected, @Nullable String returned) {
    Objects.requireNonNull(expected, "expected");
    return ConstantTime.equals(expected, returned);
  }

  @Override
  public String toString() {
    return "EndSessionRequest[" + uri.getHost() + "]";
  }
}
