/** The client a relying app uses to sign people in through a Signon host or any OpenID Provider. */
module dev.signon.client {
  requires transitive org.jspecify;
  requires transitive okhttp3; // SignonClient.Builder.httpClient takes an OkHttpClient
  requires com.nimbusds.jose.jwt;
  requires tools.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports dev.signon.client;
  exports dev.signon.client.admin;
  // Not API: the servlet adapters share the client's duration check.
  exports dev.signon.client.internal to
      dev.signon.servlet;
}
