package dev.signon.core.oauth;

import static dev.signon.core.testing.EngineFixture.CALLBACK;
import static dev.signon.core.testing.EngineFixture.redirectParams;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.testing.EngineFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizeEndpointTest {
  final EngineFixture f = new EngineFixture();

  @Test
  void authorizeIssuesACodeWithStateAndIssuerToTheRegisteredRedirectUri() {
    ProtocolResponse r = f.authorize(f.visitsAuthorize());

    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith(CALLBACK + "?code=sgn_c_"));
    Map<String, String> p = redirectParams(r);
    assertThat(p).containsEntry("state", "xyz-state").containsEntry("iss", EngineFixture.ISSUER);
    assertThat(p.get("code")).hasSizeGreaterThan(40);
    assertThat(r.header("Cache-Control")).contains("no-store");
  }

  @Test
  void authorizeWhenClientUnknownThenErrorPageAndNoRedirect() {
    ProtocolResponse r = f.authorize(f.visitsAuthorize("client_id", "nobody"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Location")).isEmpty();
    assertThat(r.body()).contains("invalid_request");
  }

  @Test
  void authorizeWhenRedirectUriIsNotExactlyRegisteredThenErrorPageAndNoRedirect() {
    for (String wrong :
        new String[] {
          "https://evil.example/cb",
          CALLBACK + "/",
          CALLBACK + "?x=1",
          "HTTPS://visits.example/auth/signon/callback",
          "https://visits.example/auth/signon/callback/../../evil"
        }) {
      ProtocolResponse r = f.authorize(f.visitsAuthorize("redirect_uri", wrong));
      assertThat(r.status()).as(wrong).isEqualTo(400);
      assertThat(r.header("Location")).as(wrong).isEmpty();
    }
    assertThat(f.authorize(f.visitsAuthorize("redirect_uri", null)).status()).isEqualTo(400);
  }

  @Test
  void authorizeWhenRepeatedParameterThenRefused() {
    ProtocolRequest req =
        ProtocolRequest.builder("GET", java.net.URI.create("/oauth/authorize"))
            .queryParameter("client_id", "visits")
            .queryParameter("client_id", "spa")
            .queryParameter("redirect_uri", CALLBACK)
            .build();
    assertThat(f.oauth.authorize(req).status()).isEqualTo(400);
  }

  @Test
  void authorizeWhenApplicationRetiredThenErrorPage() {
    f.server.admin().updateApplication(Actor.host(), f.visits.toBuilder().retired(true).build());

    ProtocolResponse r = f.authorize(f.visitsAuthorize());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("unauthorized_client");
    assertThat(r.header("Location")).isEmpty();
  }

  @Test
  void authorizeWhenNotSignedInThenSendsToSignInAndComesBack() {
    f.gate.signOutNow();

    ProtocolResponse r = f.authorize(f.visitsAuthorize());

    assertThat(r.header("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/sign-in"));
    assertThat(String.valueOf(f.gate.lastReturnTo))
        .startsWith("/oauth/authorize?client_id=visits&")
        .contains("state=xyz-state");
    assertThat(f.gate.lastForce).isFalse();
  }

  @Test
  void authorizeWhenPromptNoneAndNotSignedInThenLoginRequiredToTheClient() {
    f.gate.signOutNow();

    ProtocolResponse r = f.authorize(f.visitsAuthorize("prompt", "none"));

    assertThat(redirectParams(r))
        .containsEntry("error", "login_required")
        .containsEntry("state", "xyz-state");
  }

  @Test
  void authorizeWhenPromptLoginThenForcesSignInAndComesBackWithoutLooping() {
    ProtocolResponse r = f.authorize(f.visitsAuthorize("prompt", "login"));

    assertThat(f.gate.lastForce).isTrue();
    assertThat(String.valueOf(f.gate.lastReturnTo))
        .doesNotContain("prompt=")
        .contains("max_age=300");
    assertThat(r.status()).isEqualTo(302);
  }

  @Test
  void authorizeWhenAuthenticationOlderThanMaxAgeThenForcesSignIn() {
    f.clock.advance(Duration.ofMinutes(10));
    f.authorize(f.visitsAuthorize("max_age", "60"));
    assertThat(f.gate.lastForce).isTrue();
  }

  @Test
  void authorizeWhenUserLacksSigninThenNoAccessPageAndNoCode() {
    f.server
        .admin()
        .revoke(
            Actor.host(),
            f.visits.id(),
            dev.signon.core.access.Grantee.user(f.joe.uid()),
            java.util.Set.of("signin"));

    ProtocolResponse r = f.authorize(f.visitsAuthorize());

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("You do not have access").contains("Prison visits");
    assertThat(r.header("Location")).isEmpty();
  }

  @Test
  void authorizeWhenUserSuspendedThenRefusedPage() {
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "investigation");

    ProtocolResponse r = f.authorize(f.visitsAuthorize());

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("Location")).isEmpty();
  }

  @Test
  void authorizeWhenPlainPkceThenInvalidRequestToTheClient() {
    ProtocolResponse r = f.authorize(f.visitsAuthorize("code_challenge_method", "plain"));
    assertThat(redirectParams(r))
        .containsEntry("error", "invalid_request")
        .doesNotContainKey("code");
  }

  @Test
  void authorizeWhenPublicClientWithoutPkceThenInvalidRequest() {
    ProtocolResponse r =
        f.authorize(
            EngineFixture.params(
                "client_id",
                "spa",
                "redirect_uri",
                "https://spa.example/cb",
                "response_type",
                "code",
                "scope",
                "openid"));
    assertThat(redirectParams(r))
        .containsEntry("error", "invalid_request")
        .doesNotContainKey("code");
  }

  @Test
  void authorizeWhenImplicitFlowAskedThenUnsupportedResponseType() {
    ProtocolResponse r = f.authorize(f.visitsAuthorize("response_type", "token"));
    assertThat(redirectParams(r)).containsEntry("error", "unsupported_response_type");
  }

  @Test
  void authorizeWhenUnknownScopeThenInvalidScope() {
    ProtocolResponse r = f.authorize(f.visitsAuthorize("scope", "openid admin"));
    assertThat(redirectParams(r)).containsEntry("error", "invalid_scope");
  }

  @Test
  void errorPagesEscapeWhatTheyShowAndForbidFraming() {
    ProtocolResponse r = f.authorize(f.visitsAuthorize("client_id", "<script>alert(1)</script>"));
    assertThat(r.body()).doesNotContain("<script>");
    assertThat(r.header("X-Frame-Options")).contains("DENY");
    assertThat(r.header("Content-Security-Policy"))
        .hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
  }
}
