package dev.signon.examples.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example app as shipped (its application.properties), on a random port, against a provider
 * that answers discovery.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "signon.client.client-secret=example-secret",
      "signon.filter.public-url=http://localhost:8082"
    })
class SpringAppTest {
  @SuppressWarnings("NullAway.Init") // started before the context, in provider(...)
  static WireMockServer provider;

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    provider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    provider.start();
    String issuer = provider.baseUrl();
    provider.stubFor(
        get(urlPathEqualTo("/.well-known/openid-configuration"))
            .willReturn(
                okJson(
                    "{\"issuer\":\""
                        + issuer
                        + "\",\"authorization_endpoint\":\""
                        + issuer
                        + "/oauth/authorize\",\"token_endpoint\":\""
                        + issuer
                        + "/oauth/token\",\"jwks_uri\":\""
                        + issuer
                        + "/oauth/discovery/keys\",\"introspection_endpoint\":\""
                        + issuer
                        + "/oauth/introspect\"}")));
    registry.add("signon.client.issuer", () -> issuer);
  }

  @AfterAll
  static void stopProvider() {
    provider.stop();
  }

  @LocalServerPort int port;

  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void anonymousVisitorIsSentToTheProvidersAuthorizeEndpoint() throws Exception {
    HttpResponse<String> res = fetch("/");

    assertThat(res.statusCode()).isEqualTo(302);
    assertThat(res.headers().firstValue("Location"))
        .hasValueSatisfying(
            location ->
                assertThat(location)
                    .startsWith(provider.baseUrl() + "/oauth/authorize?")
                    .contains("client_id=spring-app")
                    .contains(
                        "redirect_uri=http%3A%2F%2Flocalhost%3A8082%2Fauth%2Fsignon%2Fcallback")
                    .contains("code_challenge_method=S256")
                    .contains("state=")
                    .contains("nonce="));
  }

  @Test
  void apiWithoutBearerTokenThenUnauthorizedWithAChallenge() throws Exception {
    HttpResponse<String> res = fetch("/api/whoami");

    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(res.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
  }

  @Test
  void reportsPageNeedsSignInToo() throws Exception {
    HttpResponse<String> res = fetch("/reports");

    assertThat(res.statusCode()).isEqualTo(302);
    assertThat(res.headers().firstValue("Location").orElseThrow())
        .startsWith(provider.baseUrl() + "/oauth/authorize?");
  }

  private HttpResponse<String> fetch(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
