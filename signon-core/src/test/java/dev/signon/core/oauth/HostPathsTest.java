package dev.signon.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HostPathsTest {
  private final HostPaths root =
      HostPaths.of(URI.create("https://signon.example.gov.uk"), EndpointPaths.defaults());
  private final HostPaths below =
      HostPaths.of(URI.create("https://example.gov.uk/signon/"), EndpointPaths.defaults());

  @Test
  void urlsAndPathsAreBelowTheIssuersPath() {
    assertThat(root.basePath()).isEmpty();
    assertThat(root.url(HostPaths.SIGN_IN)).isEqualTo("https://signon.example.gov.uk/sign-in");
    assertThat(below.basePath()).isEqualTo("/signon");
    assertThat(below.url("/oauth/token")).isEqualTo("https://example.gov.uk/signon/oauth/token");
    assertThat(below.path(HostPaths.PROFILE)).isEqualTo("/signon/profile");
  }

  @Test
  void requestPathsAreRelativeToTheIssuerWhateverTheContextPath() {
    assertThat(root.relative("/oauth/token", "")).isEqualTo("/oauth/token");
    assertThat(below.relative("/signon/oauth/token", "")).isEqualTo("/oauth/token");
    assertThat(below.relative("/oauth/token", "/signon")).isEqualTo("/oauth/token");
    assertThat(below.relative("/elsewhere/oauth/token", "")).isEmpty();
    assertThat(below.basePathBelow("/signon/")).isEmpty();
    assertThat(below.basePathBelow("/other")).isEqualTo("/signon");
  }

  @Test
  void everyPageAndEndpointIsAnExactPath() {
    assertThat(root.exactPaths(true))
        .contains("/oauth/authorize", "/sign-in", "/sign-in/links/magic-link", "/sign-out");
    assertThat(root.exactPaths(false)).doesNotContain("/sign-in");
  }

  @Test
  void issuerMustBeHttpsWithoutQueryOrFragmentAndHttpOnlyOnLoopback() {
    assertThat(HostPaths.issuerProblem(URI.create("https://signon.example.gov.uk"))).isEmpty();
    assertThat(HostPaths.issuerProblem(URI.create("http://localhost:8080"))).isEmpty();
    assertThat(HostPaths.issuerProblem(URI.create("http://signon.example.gov.uk")).orElseThrow())
        .startsWith("is plain http on signon.example.gov.uk");
    assertThat(
            HostPaths.issuerProblem(URI.create("https://signon.example.gov.uk/?a=b")).orElseThrow())
        .contains("no query or fragment");
    assertThat(HostPaths.issuerProblem(URI.create("/relative")).orElseThrow())
        .contains("not an absolute URL");
    assertThat(HostPaths.issuerProblem(URI.create("ftp://signon.example.gov.uk")).orElseThrow())
        .contains("https");
  }
}
