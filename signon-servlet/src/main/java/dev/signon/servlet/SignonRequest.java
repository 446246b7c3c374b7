package dev.signon.servlet;

import jakarta.servlet.ServletRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads what {@link SignonFilter} found out about a request.
 *
 * <pre>{@code
 * SignonRequest.user(request).ifPresent(user ->
 *     model.put("greeting", "Hello " + user.name()));
 * }</pre>
 *
 * <p>The same person is also {@code request.getUserPrincipal()}, and {@code
 * request.isUserInRole("editor")} answers from their roles.
 */
public final class SignonRequest {
  /** The request attribute holding the {@link SignonPrincipal}. */
  static final String PRINCIPAL = SignonPrincipal.class.getName();

  private SignonRequest() {}

  /**
   * The signed-in person or API client this request acts for; empty when nobody is signed in or the
   * request did not pass through {@link SignonFilter}.
   */
  public static Optional<SignonPrincipal> user(ServletRequest request) {
    Objects.requireNonNull(request, "request");
    return request.getAttribute(PRINCIPAL) instanceof SignonPrincipal p
        ? Optional.of(p)
        : Optional.empty();
  }
}
