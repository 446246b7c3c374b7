package dev.signon.core.admin;

import dev.signon.core.oauth.ProtocolResponse;
import java.util.List;
import java.util.Map;

/** A refusal the admin API makes itself, with its answer. */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String description;

  @SuppressWarnings({"serial", "ImmutableEnumChecker"})
  private final List<Map.Entry<String, String>> headers;

  @SafeVarargs
  ApiError(int status, String code, String description, Map.Entry<String, String>... headers) {
    this(status, code, description, description, headers);
  }

  @SafeVarargs
  ApiError(
      int status,
      String code,
      String description,
      String logMessage,
      Map.Entry<String, String>... headers) {
    super(logMessage, null, false, false);
    this.status = status;
    this.code = code;
    this.description = description;
    this.headers = List.of(headers);
  }

  /** A 400 {@code invalid_request} naming what was wrong. */
  static ApiError invalidRequest(String description) {
    return new ApiError(400, "invalid_request", description);
  }

  /** A 404 {@code not_found}. */
  static ApiError notFound(String description) {
    return new ApiError(404, "not_found", description);
  }

  ProtocolResponse response() {
    ProtocolResponse r = AdminJson.error(status, code, description);
    for (Map.Entry<String, String> h : headers) {
      r = r.withHeader(h.getKey(), h.getValue());
    }
    return r;
  }
}
