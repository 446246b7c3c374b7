package dev.signon.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Whether a request's query string and parameters are well-formed text: the query string must be
 * valid form encoding of UTF-8 (read strictly, whatever the container would make of it), and no
 * parameter the container decoded may carry U+FFFD, the mark of bytes it could not decode. A
 * container that instead drops such a parameter leaves it missing, which the endpoint refuses too.
 */
public final class RequestText {
  private static final char REPLACEMENT = '\uFFFD';

  private RequestText() {}

  /** True when every parameter of {@code request} arrived as well-formed UTF-8. */
  public static boolean wellFormed(HttpServletRequest request) {
    @Nullable String query = request.getQueryString();
    if (query != null) {
      try {
        FormEncoding.parse(query, (name, value) -> {});
      } catch (FormEncoding.MalformedException e) {
        return false;
      }
    }
    Map<String, String[]> parameters;
    try {
      parameters = request.getParameterMap();
    } catch (RuntimeException e) {
      // Containers throw their own "bad message" exception for a form they cannot parse.
      return false;
    }
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      if (parameter.getKey().indexOf(REPLACEMENT) >= 0) {
        return false;
      }
      for (String value : parameter.getValue()) {
        if (value != null && value.indexOf(REPLACEMENT) >= 0) {
          return false;
        }
      }
    }
    return true;
  }
}
