package dev.signon.core.notify;

import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request the delivery worker asks a {@link NoticeSender} to make. Its {@code toString}
 * names the method and URI only: the bearer token and the body stay out of logs.
 *
 * @param method {@code PUT} or {@code POST}
 * @param uri where to send it
 * @param bearer the token for {@code Authorization: Bearer}, or {@code null} for none
 * @param contentType the body's media type
 * @param body the body
 */
public record NoticeRequest(
    String method, URI uri, @Nullable TokenValue bearer, String contentType, String body) {
  /** Checks the parts. */
  public NoticeRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  @Override
  public String toString() {
    return "NoticeRequest[" + method + " " + uri + "]";
  }
}
