package dev.signon.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.federation.Upstream;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.pages.HostPages;
import dev.signon.core.pages.PageRenderer;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.servlet.host.UpstreamClients;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Signon host signing people in through panva's oidc-provider set up like GOV.UK One Login (ES256
 * ID tokens, {@code private_key_jwt}, PKCE, {@code vtr}), through the host's own pages and {@code
 * signon-servlet}'s upstream clients.
 */
@ExtendWith(OidcProviderExtension.class)
class UpstreamHostInteropTest {
  private final InteropProvider provider;
  private final Map<String, String> cookies = new HashMap<>();

  @SuppressWarnings("NullAway.Init") // set before each test
  private SignonServer host;

  @SuppressWarnings("NullAway.Init") // set before each test
  private HostPages pages;

  UpstreamHostInteropTest(InteropProvider provider) {
    this.provider = provider;
  }

  @BeforeEach
  void startHost() {
    SecureRandom random = new SecureRandom();
    Upstream oneLogin =
        Upstream.builder()
            .name("one-login")
            .displayName("GOV.UK One Login")
            .issuer(URI.create(provider.issuer()))
            .clientId(InteropProvider.CLIENT_ID)
            .privateKey(provider.ecPrivateKey(), InteropProvider.CLIENT_ID + "-es256")
            .scopes("openid", "email")
            .vtr("Cl.Cm")
            .build();
    host =
        SignonServer.builder()
            .issuer(URI.create(InteropProvider.HOST_ISSUER))
            .store(new InMemorySignonStore())
            .keyEncryptionKey(KeyEncryptionKey.generate(random))
            .random(random)
            .federation(
                FederationSettings.builder().upstream(oneLogin).passwordSignIn(false).build())
            .build();
    pages = host.pages(new ModelRenderer()).withUpstreamProtocol(UpstreamClients.of(host));
  }

  @AfterEach
  void stopHost() {
    host.close();
  }

  /** Draws each page as its template name and model, enough to read what it shows. */
  static final class ModelRenderer implements PageRenderer {
    @Override
    public String render(String template, Map<String, Object> model) {
      return template + " " + model;
    }

    @Override
    public String qrCode(String text) {
      return "data:,";
    }

    @Override
    public String asset(String name) {
      return "";
    }
  }

  private ProtocolResponse send(String method, String pathAndQuery, String... form) {
    ProtocolRequest.Builder b =
        ProtocolRequest.builder(method, URI.create(InteropProvider.HOST_ISSUER + pathAndQuery));
    URI uri = URI.create(pathAndQuery);
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        b.queryParameter(
            java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
            kv.length < 2
                ? ""
                : java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    for (int i = 0; i < form.length; i += 2) {
      b.formParameter(form[i], form[i + 1]);
    }
    if (!cookies.isEmpty()) {
      StringBuilder c = new StringBuilder();
      cookies.forEach(
          (k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
      b.header("Cookie", c.toString());
    }
    ProtocolResponse r = pages.answer(uri.getPath(), b.build());
    for (Map.Entry<String, String> h : r.headers()) {
      if (h.getKey().equals("Set-Cookie")) {
        String pair = h.getValue().split(";", 2)[0];
        String name = pair.substring(0, pair.indexOf('='));
        if (h.getValue().contains("Max-Age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, pair.substring(pair.indexOf('=') + 1));
        }
      }
    }
    return r;
  }

  private static String location(ProtocolResponse r) {
    return r.headers().stream()
        .filter(h -> h.getKey().equals("Location"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Location: " + r.status() + " " + r.body()));
  }

  /** Starts at the host, signs in at the provider, and returns the host's callback path. */
  private String throughProvider() {
    send("GET", "/sign-in");
    ProtocolResponse start =
        send("POST", "/sign-in/upstream/one-login", "csrf_token", cookies.get("signon_csrf"));
    assertThat(start.status()).as(start.body()).isEqualTo(303);
    URI authorize = URI.create(location(start));
    assertThat(authorize.toString()).startsWith(provider.issuer()).contains("vtr=");
    assertThat(authorize.getRawQuery()).contains("code_challenge_method=S256");
    Map<String, String> back = provider.browser().signIn(authorize);
    StringBuilder query = new StringBuilder();
    back.forEach(
        (k, v) ->
            query
                .append(query.length() == 0 ? "?" : "&")
                .append(k)
                .append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
    return "/sign-in/upstream/one-login/callback" + query;
  }

  @Test
  void signInPageOffersOnlyTheUpstreamWhenPasswordsAreOff() {
    ProtocolResponse page = send("GET", "/sign-in");

    assertThat(page.body()).contains("GOV.UK One Login").contains("passwordSignIn=false");
    assertThat(send("POST", "/sign-in", "csrf_token", cookies.get("signon_csrf")).status())
        .isEqualTo(404);
  }

  @Test
  void preActivatedPersonSignsInThroughTheOneLoginLikeProvider() {
    host.admin()
        .activations()
        .preActivate(
            Actor.host(),
            NewUser.of("Interop User", Email.of(InteropProvider.EMAIL)),
            List.of(),
            "one-login");

    ProtocolResponse back = send("GET", throughProvider());

    assertThat(back.status()).as(back.body()).isEqualTo(303);
    assertThat(location(back)).isEqualTo("/profile");
    assertThat(cookies).containsKey("signon_session");
  }

  @Test
  void newPersonIsPendingAndNotSignedIn() {
    ProtocolResponse back = send("GET", throughProvider());

    assertThat(back.status()).isEqualTo(403);
    assertThat(back.body()).contains("waiting for activation");
    assertThat(cookies).doesNotContainKey("signon_session");
    assertThat(host.admin().activations().pending(Actor.host())).hasSize(1);
  }

  @Test
  void callbackReplayedIsRefused() {
    String callback = throughProvider();
    String pending = cookies.get("signon_upstream");
    send("GET", callback);

    cookies.clear();
    cookies.put("signon_upstream", pending);
    ProtocolResponse replay = send("GET", callback);

    assertThat(replay.status()).isEqualTo(400);
    assertThat(cookies).doesNotContainKey("signon_session");
  }
}
