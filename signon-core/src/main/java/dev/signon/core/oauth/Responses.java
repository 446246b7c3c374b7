package dev.signon.core.oauth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** The shapes of answer the endpoints share: JSON bodies, OAuth errors and redirects. */
final class Responses {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Responses() {}

  static String write(Object value) {
    return JSON.writeValueAsString(value);
  }

  /** A 200 JSON answer that caches must not store. */
  static ProtocolResponse json(Object body) {
    return ProtocolResponse.json(200, write(body)).noStore();
  }

  /** The bare error code on the wire (RFC 6749 section 5.2); the reason stays in the log. */
  static ProtocolResponse error(OAuthException e) {
    return ProtocolResponse.json(e.status(), write(Map.of("error", e.errorCode()))).noStore();
  }

  /** A redirect to {@code base} with the non-null parameters added to its query. */
  static ProtocolResponse redirectWith(String base, Map<String, @Nullable String> params) {
    StringBuilder b = new StringBuilder(base);
    char sep = base.contains("?") ? '&' : '?';
    for (Map.Entry<String, @Nullable String> e : params.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      b.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      sep = '&';
    }
    return ProtocolResponse.redirect(URI.create(b.toString())).noStore();
  }

  static Map<String, @Nullable String> orderedMap(@Nullable String... kv) {
    Map<String, @Nullable String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(Objects.requireNonNull(kv[i]), kv[i + 1]);
    }
    return m;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
