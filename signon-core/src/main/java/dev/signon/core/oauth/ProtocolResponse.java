package dev.signon.core.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an endpoint answers: a status, headers (a name may repeat, as {@code Set-Cookie} does) and a
 * body. Adapters copy it onto their response as it is.
 *
 * @param status the HTTP status
 * @param headers the headers in order
 * @param body the body, maybe empty
 */
public record ProtocolResponse(int status, List<Map.Entry<String, String>> headers, String body) {
  /** Copies the headers. */
  public ProtocolResponse {
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** A JSON response. */
  public static ProtocolResponse json(int status, String json) {
    return new ProtocolResponse(
        status, List.of(Map.entry("Content-Type", "application/json;charset=UTF-8")), json);
  }

  /** An HTML page. */
  public static ProtocolResponse html(int status, String html) {
    return new ProtocolResponse(
        status, List.of(Map.entry("Content-Type", "text/html;charset=UTF-8")), html);
  }

  /** A 302 redirect. */
  public static ProtocolResponse redirect(URI location) {
    return new ProtocolResponse(302, List.of(Map.entry("Location", location.toString())), "");
  }

  /** A response with no body. */
  public static ProtocolResponse empty(int status) {
    return new ProtocolResponse(status, List.of(), "");
  }

  /** A copy with one more header. */
  public ProtocolResponse withHeader(String name, String value) {
    List<Map.Entry<String, String>> h = new ArrayList<>(headers);
    h.add(Map.entry(name, value));
    return new ProtocolResponse(status, h, body);
  }

  /** A copy that caches must not store (token responses, user data). */
  public ProtocolResponse noStore() {
    return withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return headers.stream()
        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(n))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
