package dev.signon.core.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class CookiesTest {
  @Test
  void cookiesAreSecureUnlessTheIssuerIsLoopbackHttp() {
    assertThat(Cookies.forIssuer(URI.create("https://signon.example.gov.uk")).set("a", "b"))
        .contains("; Secure", "HttpOnly", "SameSite=Lax", "Path=/");
    assertThat(Cookies.forIssuer(URI.create("http://signon.example.gov.uk")).set("a", "b"))
        .contains("; Secure");
    assertThat(Cookies.forIssuer(URI.create("http://localhost:8080")).set("a", "b"))
        .doesNotContain("Secure");
    assertThat(Cookies.forIssuer(URI.create("http://127.0.0.1:8080")).set("a", "b"))
        .doesNotContain("Secure");
  }
}
