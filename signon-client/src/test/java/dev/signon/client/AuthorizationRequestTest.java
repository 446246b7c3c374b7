package dev.signon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.signon.testing.TestProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthorizationRequestTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private TestProvider provider;

  @BeforeEach
  void setUp() {
    provider = new TestProvider(wm).standard();
  }

  private static Map<String, String> query(AuthorizationRequest request) {
    HttpUrl url = HttpUrl.get(request.uri().toString());
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String name : url.queryParameterNames()) {
      assertThat(url.queryParameterValues(name)).as(name).hasSize(1);
      out.put(name, url.queryParameter(name));
    }
    return out;
  }

  @Test
  void authorizationRequestWhenBuiltThenCarriesEveryRequiredParameter() throws Exception {
    SignonClient client =
        TestClients.client(provider).vtr("Cl.Cm", "Cl").uiLocales("cy en").build();

    AuthorizationRequest request = client.authorizationRequest("/reports?page=2");
    PendingAuthorization pending = request.pending();
    Map<String, String> q = query(request);

    assertThat(request.uri().toString()).startsWith(provider.url("/authorize?"));
    assertThat(q)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", TestProvider.CLIENT_ID)
        .containsEntry("redirect_uri", TestProvider.REDIRECT_URI)
        .containsEntry("scope", "openid email")
        .containsEntry("state", pending.state())
        .containsEntry("nonce", pending.nonce())
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("vtr", "[\"Cl.Cm\",\"Cl\"]")
        .containsEntry("ui_locales", "cy en");
    String expectedChallenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(pending.codeVerifier().reveal().getBytes(StandardCharsets.US_ASCII)));
    assertThat(q).containsEntry("code_challenge", expectedChallenge);
    assertThat(pending.codeVerifier().reveal())
        .hasSizeGreaterThanOrEqualTo(43)
        .matches("[A-Za-z0-9_-]+");
    assertThat(pending.state()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(pending.vtr()).containsExactly("Cl.Cm", "Cl");
    assertThat(pending.returnTo()).contains("/reports?page=2");
    assertThat(pending.createdAt()).isEqualTo(TestProvider.START);
    assertThat(pending.redirectUri()).hasToString(TestProvider.REDIRECT_URI);
  }

  @Test
  void authorizationRequestWhenCalledTwiceThenStateNonceAndVerifierDiffer() {
    SignonClient client = TestClients.client(provider).build();
    PendingAuthorization a = client.authorizationRequest().pending();
    PendingAuthorization b = client.authorizationRequest().pending();
    assertThat(a.state()).isNotEqualTo(b.state());
    assertThat(a.nonce()).isNotEqualTo(b.nonce()).isNotEqualTo(a.state());
    assertThat(a.codeVerifier()).isNotEqualTo(b.codeVerifier());
  }

  @Test
  void authorizationRequestWhenExtraParameterSetThenSent() {
    SignonClient client =
        TestClients.client(provider).authorizationParameter("prompt", "login").build();
    assertThat(query(client.authorizationRequest())).containsEntry("prompt", "login");
  }

  @Test
  void authorizationRequestWhenReturnToIsAnotherOriginThenRefused() {
    SignonClient client = TestClients.client(provider).build();
    for (String bad :
        List.of("//evil.example/", "https://evil.example/", "/\\evil.example", "reports")) {
      assertThatIllegalArgumentException()
          .as(bad)
          .isThrownBy(() -> client.authorizationRequest(bad))
          .withMessageContaining("returnTo");
    }
  }

  @Test
  void pendingAuthorizationWhenSerializedThenParsesBackEqual() {
    SignonClient client = TestClients.client(provider).vtr("Cl.Cm").build();
    PendingAuthorization pending = client.authorizationRequest("/x").pending();

    String serialized = pending.serialize();

    assertThat(serialized).startsWith("v1.").matches("[A-Za-z0-9._-]+");
    assertThat(PendingAuthorization.parse(serialized)).isEqualTo(pending);
  }

  @Test
  void pendingAuthorizationWhenParsingGarbageThenRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> PendingAuthorization.parse("v1.!!!"));
    assertThatIllegalArgumentException().isThrownBy(() -> PendingAuthorization.parse("hello"));
  }

  @Test
  void pendingAuthorizationToStringNeverShowsTheVerifier() {
    PendingAuthorization pending =
        TestClients.client(provider).build().authorizationRequest().pending();
    assertThat(pending.toString())
        .doesNotContain(pending.codeVerifier().reveal())
        .doesNotContain(pending.state());
  }
}
