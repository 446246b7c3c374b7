package dev.signon.core.notify;

import java.io.IOException;

/**
 * Makes the HTTP requests that deliver notices. Core has no HTTP client: {@code signon-servlet}
 * supplies one on OkHttp ({@code dev.signon.servlet.host.OkHttpNoticeSender}); tests supply fakes.
 * An implementation must time out (a dead application must not hold the worker for long) and follow
 * no redirects.
 */
@FunctionalInterface
public interface NoticeSender {
  /**
   * Sends {@code request}.
   *
   * @return the HTTP status of the answer; a 2xx means delivered
   * @throws IOException when no answer came (refused, timed out)
   */
  int send(NoticeRequest request) throws IOException;
}
