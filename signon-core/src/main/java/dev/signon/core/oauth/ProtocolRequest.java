package dev.signon.core.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request as the protocol endpoints see it: method, the URI as received, query and form
 * parameters, headers (names case-insensitive) and the client's address. Adapters build one per
 * request.
 *
 * <pre>{@code
 * ProtocolRequest request = ProtocolRequest.builder("POST", URI.create("/oauth/token"))
 *     .header("Authorization", "Basic ...")
 *     .formParameter("grant_type", "authorization_code")
 *     .build();
 * }</pre>
 */
public final class ProtocolRequest {
  private final String method;
  private final URI uri;
  private final Map<String, List<String>> query;
  private final Map<String, List<String>> form;
  private final Map<String, List<String>> headers;
  private final @Nullable String remoteAddress;
  private final String body;

  private ProtocolRequest(Builder b) {
    this.body = b.body;
    this.method = b.method;
    this.uri = b.uri;
    this.query = freeze(b.query);
    this.form = freeze(b.form);
    this.headers = freeze(b.headers);
    this.remoteAddress = b.remoteAddress;
  }

  private static Map<String, List<String>> freeze(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** A builder for a request with this method and URI (path and query as received). */
  public static Builder builder(String method, URI uri) {
    return new Builder(method, uri);
  }

  /** The HTTP method, upper case. */
  public String method() {
    return method;
  }

  /** The request URI as received: path and query, possibly absolute. */
  public URI uri() {
    return uri;
  }

  /** Every query parameter. */
  public Map<String, List<String>> queryParameters() {
    return query;
  }

  /** Every form (body) parameter of a form-encoded POST. */
  public Map<String, List<String>> formParameters() {
    return form;
  }

  /** The values of a header, by case-insensitive name. */
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** The first value of a header. */
  public Optional<String> header(String name) {
    List<String> v = headers(name);
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The value of a cookie, from the {@code Cookie} headers. */
  public Optional<String> cookie(String name) {
    for (String line : headers("Cookie")) {
      for (String part : line.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
          return Optional.of(part.substring(eq + 1).strip());
        }
      }
    }
    return Optional.empty();
  }

  /** The client's IP address, when known. */
  public @Nullable String remoteAddress() {
    return remoteAddress;
  }

  /**
   * The body as text, for endpoints that take JSON (the admin API); empty when there is none. Form
   * bodies are read into {@link #formParameters()} instead.
   */
  public String body() {
    return body;
  }

  /** The client's user agent, when sent. */
  public @Nullable String userAgent() {
    return header("User-Agent").orElse(null);
  }

  /** Builds a {@link ProtocolRequest}. */
  public static final class Builder {
    private final String method;
    private final URI uri;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, List<String>> form = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private @Nullable String remoteAddress;
    private String body = "";

    private Builder(String method, URI uri) {
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** Adds a query parameter value. */
    public Builder queryParameter(String name, String value) {
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(Objects.requireNonNull(value, name));
      return this;
    }

    /** Adds a form parameter value. */
    public Builder formParameter(String name, String value) {
      form.computeIfAbsent(name, k -> new ArrayList<>()).add(Objects.requireNonNull(value, name));
      return this;
    }

    /** Adds a header value. */
    public Builder header(String name, String value) {
      headers
          .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(Objects.requireNonNull(value, name));
      return this;
    }

    /** Sets the client's address. */
    public Builder remoteAddress(@Nullable String remoteAddress) {
      this.remoteAddress = remoteAddress;
      return this;
    }

    /** Sets the body as text (a JSON body; form bodies go to {@link #formParameter}). */
    public Builder body(String body) {
      this.body = Objects.requireNonNull(body, "body");
      return this;
    }

    /** Builds the request. */
    public ProtocolRequest build() {
      return new ProtocolRequest(this);
    }
  }
}
