package dev.signon.core.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grantee;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The page flows as values, drawn by a renderer that only records what it was asked. */
class HostPagesTest {
  private static final String PASSWORD = "correct horse battery staple 42";

  /** Renders a template as its name, keeping the models it was given. */
  static final class FakeRenderer implements PageRenderer {
    final List<String> templates = new ArrayList<>();
    final List<Map<String, Object>> models = new ArrayList<>();

    @Override
    public String render(String template, Map<String, Object> model) {
      templates.add(template);
      models.add(new LinkedHashMap<>(model));
      return "<" + template + ">";
    }

    @Override
    public String qrCode(String text) {
      return "data:qr," + text;
    }

    @Override
    public String asset(String name) {
      return "/* " + name + " */";
    }

    Map<String, Object> lastModel() {
      return models.get(models.size() - 1);
    }
  }

  private final FakeRenderer renderer = new FakeRenderer();

  private EngineFixture fixture(boolean magicLinks) {
    return new EngineFixture(
        URI.create(EngineFixture.ISSUER),
        new InMemorySignonStore(),
        false,
        b -> b.magicLinks(magicLinks));
  }

  private static User person(EngineFixture f) {
    Actor host = Actor.host();
    User u =
        f.server.admin().createUser(host, NewUser.of("Joe Bloggs", Email.of("joe@example.gov.uk")));
    User active = u.toBuilder().status(UserStatus.ACTIVE).build();
    String hash = PasswordHasher.argon2id(f.random, 64, 1, 1).hash(PASSWORD);
    f.store.transaction(
        tx -> {
          tx.users().update(active);
          tx.credentials().save(UserCredentials.none(u.uid()).copy().passwordHash(hash).build());
          return null;
        });
    f.server.admin().grant(host, f.visits.id(), Grantee.user(u.uid()), Set.of("signin"));
    return active;
  }

  private static String cookie(ProtocolResponse r, String name) {
    return r.headers().stream()
        .filter(h -> h.getKey().equals("Set-Cookie") && h.getValue().startsWith(name + "="))
        .map(h -> h.getValue().substring(name.length() + 1, h.getValue().indexOf(';')))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + r.headers()));
  }

  @Test
  void getSignInThenPageWithCsrfTokenCookieAndSecurityHeaders() {
    HostPages pages = fixture(false).server.pages(renderer);
    ProtocolResponse r =
        pages.answer("/sign-in", ProtocolRequest.builder("GET", URI.create("/sign-in")).build());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("<sign-in>");
    assertThat(renderer.lastModel())
        .containsEntry("title", "Sign in")
        .containsEntry("base", "")
        .containsEntry("magicLinks", false)
        .containsEntry("csrf", cookie(r, "signon_csrf"));
    assertThat(r.header("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
    assertThat(r.header("X-Frame-Options")).contains("DENY");
    assertThat(r.header("Referrer-Policy")).contains("no-referrer");
    assertThat(r.header("Cache-Control")).contains("no-store");
    assertThat(r.header("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void postWithoutCsrfTokenThenForbidden() {
    HostPages pages = fixture(false).server.pages(renderer);
    ProtocolResponse r =
        pages.answer(
            "/sign-in",
            ProtocolRequest.builder("POST", URI.create("/sign-in"))
                .formParameter("email", "joe@example.gov.uk")
                .formParameter("password", PASSWORD)
                .build());
    assertThat(r.status()).isEqualTo(403);
    assertThat(renderer.templates).containsExactly("message");
  }

  @Test
  void signInWithPasswordThenSessionCookieTheAuthorizeEndpointSees() {
    EngineFixture f = fixture(false);
    person(f);
    HostPages pages = f.server.pages(renderer);
    String csrf = "a".repeat(43);
    ProtocolResponse r =
        pages.answer(
            "/sign-in",
            ProtocolRequest.builder("POST", URI.create("/sign-in"))
                .header("Cookie", "signon_csrf=" + csrf)
                .formParameter("csrf_token", csrf)
                .formParameter("email", "joe@example.gov.uk")
                .formParameter("password", PASSWORD)
                .build());
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).contains("/profile");
    String session = cookie(r, "signon_session");

    ProtocolRequest.Builder authorize =
        ProtocolRequest.builder("GET", URI.create("/oauth/authorize"))
            .header("Cookie", "signon_session=" + session);
    f.visitsAuthorize().forEach(authorize::queryParameter);
    ProtocolResponse code = f.oauth.authorize(authorize.build());
    assertThat(code.status()).isEqualTo(302);
    assertThat(EngineFixture.redirectParams(code)).containsKey("code");
  }

  @Test
  void authorizeWithoutSessionThenTheEnginesGateSendsToSignIn() {
    EngineFixture f = fixture(false);
    ProtocolRequest.Builder authorize =
        ProtocolRequest.builder("GET", URI.create("/oauth/authorize"));
    f.visitsAuthorize().forEach(authorize::queryParameter);
    ProtocolResponse r = f.oauth.authorize(authorize.build());
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location").orElseThrow()).startsWith("/sign-in?return_to=");
  }

  @Test
  void magicLinksOffThenNotFoundAndOnThenServed() {
    ProtocolRequest get = ProtocolRequest.builder("GET", URI.create("/sign-in/magic-link")).build();
    assertThat(fixture(false).server.pages(renderer).answer("/sign-in/magic-link", get).status())
        .isEqualTo(404);
    ProtocolResponse on = fixture(true).server.pages(renderer).answer("/sign-in/magic-link", get);
    assertThat(on.status()).isEqualTo(200);
    assertThat(on.body()).isEqualTo("<magic-link>");
  }

  @Test
  void stylesheetIsTheRenderersAssetCachedForAnHour() {
    ProtocolResponse r =
        fixture(false)
            .server
            .pages(renderer)
            .answer(
                "/sign-in/style.css",
                ProtocolRequest.builder("GET", URI.create("/sign-in/style.css")).build());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("/* style.css */");
    assertThat(r.header("Content-Type")).contains("text/css;charset=utf-8");
    assertThat(r.header("Cache-Control")).contains("public, max-age=3600");
  }

  @Test
  void unknownMethodThen405WithAllow() {
    ProtocolResponse r =
        fixture(false)
            .server
            .pages(renderer)
            .answer("/sign-in", ProtocolRequest.builder("PUT", URI.create("/sign-in")).build());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).contains("GET, HEAD, POST");
  }

  @Test
  void pageReachedFromAuthorizeAllowsTheRegisteredRedirectOriginInFormAction() {
    EngineFixture f = fixture(false);
    String returnTo =
        "/oauth/authorize?client_id=visits&redirect_uri="
            + java.net.URLEncoder.encode(
                EngineFixture.CALLBACK, java.nio.charset.StandardCharsets.UTF_8);
    ProtocolResponse r =
        f.server
            .pages(renderer)
            .answer(
                "/sign-in",
                ProtocolRequest.builder("GET", URI.create("/sign-in"))
                    .queryParameter("return_to", returnTo)
                    .build());
    assertThat(r.header("Content-Security-Policy").orElseThrow())
        .contains("form-action 'self' https://visits.example;");
    assertThat(renderer.lastModel()).containsEntry("returnTo", returnTo);
  }
}
