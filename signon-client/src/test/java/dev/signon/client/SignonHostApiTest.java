package dev.signon.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.signon.client.Assertions2.assertRejected;
import static dev.signon.client.Assertions2.assertUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.signon.testing.TestProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignonHostApiTest {
  static final String USER_DETAILS =
      "{\"id\": 42, \"email\": \"joe@example.com\", \"first_name\": \"Joe\","
          + " \"last_name\": \"Bloggs\","
          + " \"permissions\": [{\"organisation\": \"digital.moj\", \"roles\": [\"reporting\"]}],"
          + " \"links\": {\"profile\": \"https://sso.example/profile\","
          + " \"logout\": \"https://sso.example/users/sign_out\"}}";

  static final String USER_JSON =
      "{\"user\": {\"uid\": \"6b1c0d6e-1\", \"name\": \"Joe Bloggs\", \"email\": \"joe@example.com\","
          + " \"permissions\": [\"signin\", \"editor\"], \"organisation_slug\": \"cabinet-office\","
          + " \"organisation_content_id\": \"96ae61d6\", \"disabled\": false}}";

  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private TestProvider provider;
  private SignonClient client;

  @BeforeEach
  void setUp() {
    provider = new TestProvider(wm).standard();
    client = TestClients.client(provider).build();
  }

  @Test
  void userDetailsWhenHostAnswersThenParsedIntoValues() {
    wm.stubFor(get(urlPathEqualTo("/api/user_details")).willReturn(okJson(USER_DETAILS)));

    UserDetails details = client.userDetails(SecretValue.of("at-1"));

    assertThat(details.id()).isEqualTo("42");
    assertThat(details.email()).isEqualTo("joe@example.com");
    assertThat(details.firstName()).isEqualTo("Joe");
    assertThat(details.lastName()).isEqualTo("Bloggs");
    assertThat(details.permissions())
        .containsExactly(new UserDetails.OrganisationRoles("digital.moj", List.of("reporting")));
    assertThat(details.hasRole("reporting")).isTrue();
    assertThat(details.hasRole("admin")).isFalse();
    assertThat(details.links().logout()).hasToString("https://sso.example/users/sign_out");
    assertThat(details.links().profile()).hasToString("https://sso.example/profile");
    assertThat(
            wm.findAll(getRequestedFor(urlPathEqualTo("/api/user_details")))
                .get(0)
                .getHeader("Authorization"))
        .isEqualTo("Bearer at-1");
  }

  @Test
  void userDetailsWhenTokenRefusedThenRejectedInvalidToken() {
    wm.stubFor(get(urlPathEqualTo("/api/user_details")).willReturn(aResponse().withStatus(401)));
    ProviderRejectedException e =
        assertRejected(
            () -> client.userDetails(SecretValue.of("at-1")),
            ProviderRejectedException.INVALID_TOKEN);
    assertThat(e.httpStatus()).hasValue(401);
  }

  @Test
  void userDetailsWhenDocumentMalformedThenUnavailable() {
    wm.stubFor(get(urlPathEqualTo("/api/user_details")).willReturn(okJson("{\"id\": 42}")));
    assertUnavailable(
        () -> client.userDetails(SecretValue.of("at-1")),
        ProviderUnavailableException.SERVER_ERROR);
  }

  @Test
  void userJsonWhenHostAnswersThenParsedIntoValues() {
    wm.stubFor(get(urlPathEqualTo("/user.json")).willReturn(okJson(USER_JSON)));

    GdsUser user = client.userJson(SecretValue.of("at-1"));

    assertThat(user)
        .isEqualTo(
            new GdsUser(
                "6b1c0d6e-1",
                "Joe Bloggs",
                "joe@example.com",
                List.of("signin", "editor"),
                "cabinet-office",
                "96ae61d6",
                false));
    assertThat(user.hasPermission("signin")).isTrue();
  }

  @Test
  void userJsonWhenSuspendedThenNoPermissionHolds() {
    wm.stubFor(
        get(urlPathEqualTo("/user.json"))
            .willReturn(
                okJson(
                    "{\"user\": {\"uid\": \"u\", \"name\": \"n\", \"email\": \"e@x\","
                        + " \"permissions\": [\"signin\"], \"disabled\": true}}")));
    GdsUser user = client.userJson(SecretValue.of("at-1"));
    assertThat(user.disabled()).isTrue();
    assertThat(user.organisationSlug()).isNull();
    assertThat(user.hasPermission("signin")).isFalse();
  }

  @Test
  void logoutUrlWhenMojStyleThenRedirectToIsEncoded() {
    URI url =
        client.logoutUrl(
            URI.create("https://sso.example/users/sign_out"),
            URI.create("https://app.example/signed-out?x=1&y=2"));
    assertThat(HttpUrl.get(url.toString()).queryParameter("redirect_to"))
        .isEqualTo("https://app.example/signed-out?x=1&y=2");
    assertThat(url.toString()).startsWith("https://sso.example/users/sign_out?redirect_to=");
  }

  @Test
  void endSessionRequestWhenBuiltThenCarriesHintRedirectAndState() {
    PendingAuthorization pending = client.authorizationRequest().pending();
    provider.stubToken(provider.idToken().claim("nonce", pending.nonce()).build());
    SignedInUser user =
        client.completeAuthorization(pending, Map.of("code", "c", "state", pending.state()));

    EndSessionRequest request =
        client.endSessionRequest(user.idToken(), URI.create("https://app.example/signed-out"));

    HttpUrl url = HttpUrl.get(request.uri().toString());
    assertThat(url.encodedPath()).isEqualTo("/logout");
    assertThat(url.queryParameter("id_token_hint")).isEqualTo(user.idToken().serialized().reveal());
    assertThat(url.queryParameter("post_logout_redirect_uri"))
        .isEqualTo("https://app.example/signed-out");
    assertThat(url.queryParameter("state"))
        .isEqualTo(request.state())
        .hasSizeGreaterThanOrEqualTo(43);
    assertThat(request.matchesState(request.state())).isTrue();
    assertThat(request.matchesState("forged")).isFalse();
    assertThat(request.matchesState(null)).isFalse();
    assertThat(EndSessionRequest.stateMatches(request.state(), request.state())).isTrue();
    assertThat(request.toString()).doesNotContain("eyJ");
  }
}
