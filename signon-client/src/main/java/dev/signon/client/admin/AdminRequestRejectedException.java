package dev.signon.client.admin;

import dev.signon.client.ProviderRejectedException;
import java.util.OptionalInt;

/**
 * The admin API refused a request. Retrying it unchanged will not help. {@link #errorCode()} is the
 * API's code ({@code invalid_request}, {@code invalid_token}, {@code insufficient_scope}, {@code
 * not_found}, {@code conflict}), {@link #description()} its explanation (naming the field for bad
 * input), and {@link #reason()} the kind of refusal, for a {@code switch}.
 */
public final class AdminRequestRejectedException extends ProviderRejectedException {
  private static final long serialVersionUID = 1L;

  /** The kinds of refusal, from the HTTP status. */
  public enum Reason {
    /** 400 (or 405, 413): the request was malformed; the description names the field. */
    INVALID_REQUEST,
    /** 401: the bearer token is missing, expired, revoked, or not for the admin API. */
    INVALID_TOKEN,
    /** 403: the token's user may not do this. */
    FORBIDDEN,
    /** 404: no such user, API user, token or resource. */
    NOT_FOUND,
    /** 409: it clashes with what is stored, such as an email already in use. */
    CONFLICT
  }

  private final Reason reason;
  private final String description;

  AdminRequestRejectedException(String errorCode, int status, String description) {
    super(errorCode, status, "admin API answered " + status + " " + errorCode + ": " + description);
    this.description = description;
    this.reason =
        switch (status) {
          case 401 -> Reason.INVALID_TOKEN;
          case 403 -> Reason.FORBIDDEN;
          case 404 -> Reason.NOT_FOUND;
          case 409 -> Reason.CONFLICT;
          default -> Reason.INVALID_REQUEST;
        };
  }

  /** The kind of refusal. */
  public Reason reason() {
    return reason;
  }

  /** The API's explanation, never holding a secret. */
  public String description() {
    return description;
  }

  /** The HTTP status, always present for this exception. */
  public int status() {
    OptionalInt s = httpStatus();
    return s.isPresent() ? s.getAsInt() : 0;
  }
}
