package dev.signon.client;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The ID token's vector of trust ({@code vot}) is missing or is not one of the vectors requested
 * ({@code vtr}): the provider authenticated the person less strongly than the app asked, so sign-in
 * is refused. Its {@link #errorCode()} is {@code invalid_token}.
 *
 * <p>GOV.UK One Login applies {@code Cl.Cm} when a request names no {@code vtr}; under {@link
 * SignonClient.Builder#oneLogin} the client always requests and checks a vector.
 */
public final class VectorOfTrustRejectedException extends ProviderRejectedException {
  private static final long serialVersionUID = 1L;

  private final List<String> requested;
  private final @Nullable String achieved;

  VectorOfTrustRejectedException(List<String> requested, @Nullable String achieved) {
    super(
        INVALID_TOKEN,
        "ID token vot "
            + (achieved == null ? "is missing" : achieved + " is not")
            + " one of the requested vtr "
            + requested);
    this.requested = List.copyOf(requested);
    this.achieved = achieved;
  }

  /** The vectors of trust that were requested, any of which would have been accepted. */
  public List<String> requested() {
    return requested;
  }

  /** The vector of trust the provider said it achieved, if it said one. */
  public Optional<String> achieved() {
    return Optional.ofNullable(achieved);
  }
}
