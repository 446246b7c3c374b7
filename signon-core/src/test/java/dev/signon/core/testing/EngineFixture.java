package dev.signon.core.testing;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.oauth.Authentication;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.oauth.SignInGate;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.testing.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A host with a seeded directory, a fake sign-in gate, and helpers to drive the endpoints. */
public class EngineFixture {
  public static final String ISSUER = "https://signon.example.gov.uk";
  public static final String CALLBACK = "https://visits.example/auth/signon/callback";
  public static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9TRv5qfdWKN8WZyYb0uJR0g9nJ";
  public static final JsonMapper JSON = JsonMapper.builder().build();

  public final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
  public final SecureRandom random = new SecureRandom();
  public final SignonStore store;
  public final KeyEncryptionKey kek = KeyEncryptionKey.generate(random);
  public final dev.signon.core.mail.InMemoryEmailSender mail =
      new dev.signon.core.mail.InMemoryEmailSender();
  public final FakeGate gate = new FakeGate();
  public final SignonServer server;
  public final AuthorizationServer oauth;
  public final Organisation moj;
  public final User joe;
  public final User superadmin;
  public final Application visits;
  public final String visitsSecret;
  public final Application publicApp;

  public EngineFixture() {
    this(new InMemorySignonStore());
  }

  public EngineFixture(SignonStore store) {
    this(URI.create(ISSUER), store, true, b -> {});
  }

  /**
   * A host at {@code issuer} over {@code store}, its builder changed last by {@code options} (a
   * gate of the test's own, another clock, magic links). Without {@code people}, Joe and the
   * superadmin are not created (their fields are null) and the fake gate is not used: people sign
   * in through the host's own pages, as the test creates them.
   */
  public EngineFixture(
      URI issuer,
      SignonStore store,
      boolean people,
      java.util.function.Consumer<SignonServer.Builder> options) {
    this.store = store;
    SignonServer.Builder builder =
        SignonServer.builder()
            .issuer(issuer)
            .store(store)
            .clock(clock)
            .random(random)
            .keyEncryptionKey(kek)
            .emailSender(mail)
            .serviceName("GOV.UK Signon")
            // Cheap hashing keeps tests fast; the production cost is tested in PasswordsTest.
            .passwordHasher(dev.signon.core.signin.PasswordHasher.argon2id(random, 64, 1, 1));
    if (people) {
      builder.signInGate(gate);
    }
    options.accept(builder);
    server = builder.build();
    oauth = server.authorizationServer();
    Actor host = Actor.host();
    moj = server.admin().ensureOrganisationPath(host, "digital.moj");
    superadmin =
        !people
            ? null
            : activate(
                server
                    .admin()
                    .createUser(
                        host,
                        NewUser.of("Super Admin", Email.of("super@example.gov.uk"))
                            .withRole(dev.signon.core.directory.UserRole.SUPERADMIN)));
    joe =
        !people
            ? null
            : activate(
                server
                    .admin()
                    .createUser(
                        host,
                        NewUser.of("Joe Bloggs", Email.of("joe@example.gov.uk"))
                            .inOrganisation(moj.id())));
    ClientSecret secret = ClientSecret.mint(random);
    visitsSecret = secret.value().reveal();
    visits =
        server
            .admin()
            .createApplication(
                host,
                Application.builder()
                    .id(server.admin().newApplicationId())
                    .clientId("visits")
                    .name("Prison visits")
                    .role(Role.of("reporting"))
                    .redirectUri(RedirectUri.of(CALLBACK))
                    .postLogoutRedirectUri(RedirectUri.of("https://visits.example/signed-out"))
                    .clientSecretHash(secret.hash())
                    .build());
    publicApp =
        server
            .admin()
            .createApplication(
                host,
                Application.builder()
                    .id(server.admin().newApplicationId())
                    .clientId("spa")
                    .name("Single-page app")
                    .redirectUri(RedirectUri.of("https://spa.example/cb"))
                    .build());
    if (people) {
      server
          .admin()
          .grant(host, visits.id(), Grantee.user(joe.uid()), Set.of("signin", "reporting"));
      server.admin().grant(host, publicApp.id(), Grantee.user(joe.uid()), Set.of("signin"));
      gate.signIn(joe, clock.instant());
    }
  }

  public User activate(User u) {
    User active = u.toBuilder().status(UserStatus.ACTIVE).build();
    store.transaction(
        tx -> {
          tx.users().update(active);
          return null;
        });
    return active;
  }

  public static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A sign-in gate that says whoever the test says is signed in. */
  public static final class FakeGate implements SignInGate {
    private @Nullable Authentication current;
    public @Nullable URI lastReturnTo;
    public boolean lastForce;
    public int signOuts;

    public void signIn(User u, Instant at) {
      current = new Authentication(u.uid(), at);
    }

    /** Signs {@code u} in with the host session {@code session}, as the host's pages do. */
    public void signIn(User u, Instant at, dev.signon.core.token.TokenHash session) {
      current = new Authentication(u.uid(), at, session);
    }

    public void signOutNow() {
      current = null;
    }

    @Override
    public Optional<Authentication> current(ProtocolRequest request) {
      return Optional.ofNullable(current);
    }

    @Override
    public ProtocolResponse challenge(ProtocolRequest request, URI returnTo, boolean forceLogin) {
      lastReturnTo = returnTo;
      lastForce = forceLogin;
      return ProtocolResponse.redirect(URI.create("/sign-in?return_to=" + returnTo));
    }

    @Override
    public ProtocolResponse signOut(ProtocolRequest request, ProtocolResponse then) {
      signOuts++;
      current = null;
      return then.withHeader("Set-Cookie", "signon_session=; Max-Age=0");
    }
  }

  // ---- request helpers

  public static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  public ProtocolResponse authorize(Map<String, String> query) {
    ProtocolRequest.Builder b = ProtocolRequest.builder("GET", URI.create("/oauth/authorize"));
    query.forEach(b::queryParameter);
    return oauth.authorize(b.build());
  }

  public Map<String, String> visitsAuthorize(@Nullable String... overrides) {
    Map<String, String> m =
        params(
            "client_id", "visits",
            "redirect_uri", CALLBACK,
            "response_type", "code",
            "scope", "openid profile email",
            "state", "xyz-state",
            "nonce", "n-0S6_WzA2Mj",
            "code_challenge", challenge(VERIFIER),
            "code_challenge_method", "S256");
    for (int i = 0; i < overrides.length; i += 2) {
      String key = java.util.Objects.requireNonNull(overrides[i]);
      String value = overrides[i + 1];
      if (value == null) {
        m.remove(key);
      } else {
        m.put(key, value);
      }
    }
    return m;
  }

  /** The query parameters of a redirect's Location. */
  public static Map<String, String> redirectParams(ProtocolResponse r) {
    URI loc = URI.create(r.header("Location").orElseThrow());
    Map<String, String> m = new LinkedHashMap<>();
    String q = loc.getRawQuery();
    if (q != null) {
      for (String part : q.split("&")) {
        int eq = part.indexOf('=');
        m.put(
            URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  public String code() {
    ProtocolResponse r = authorize(visitsAuthorize());
    if (r.status() != 302) {
      throw new IllegalStateException("authorize answered " + r.status() + " " + r.body());
    }
    return java.util.Objects.requireNonNull(redirectParams(r).get("code"), "code");
  }

  public ProtocolResponse token(
      @Nullable String basicClient, @Nullable String basicSecret, String... form) {
    return token(oauth, basicClient, basicSecret, form);
  }

  /** A token request to {@code oauth}, with Basic client authentication when both are given. */
  public static ProtocolResponse token(
      AuthorizationServer oauth,
      @Nullable String basicClient,
      @Nullable String basicSecret,
      String... form) {
    ProtocolRequest.Builder b = ProtocolRequest.builder("POST", URI.create("/oauth/token"));
    if (basicClient != null && basicSecret != null) {
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (basicClient + ":" + basicSecret).getBytes(StandardCharsets.UTF_8)));
    }
    for (int i = 0; i < form.length; i += 2) {
      b.formParameter(form[i], form[i + 1]);
    }
    return oauth.token(b.build());
  }

  public ProtocolResponse exchange(String code) {
    return token("visits", visitsSecret, exchangeForm(code));
  }

  /** The token request's form that exchanges a code of "visits" (its callback, PKCE verifier). */
  public static String[] exchangeForm(String code) {
    return new String[] {
      "grant_type", "authorization_code",
      "code", code,
      "redirect_uri", CALLBACK,
      "code_verifier", VERIFIER
    };
  }

  public static JsonNode json(ProtocolResponse r) {
    return JSON.readTree(r.body());
  }

  public ProtocolRequest bearerRequest(String method, String path, String token) {
    return ProtocolRequest.builder(method, URI.create(path))
        .header("Authorization", "Bearer " + token)
        .build();
  }

  public ProtocolResponse introspect(String client, String secret, String token) {
    return introspect(oauth, client, secret, token);
  }

  /** An introspection request to {@code oauth}, the client authenticating with Basic. */
  public static ProtocolResponse introspect(
      AuthorizationServer oauth, String client, String secret, String token) {
    ProtocolRequest r =
        ProtocolRequest.builder("POST", URI.create("/oauth/introspect"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8)))
            .formParameter("token", token)
            .build();
    return oauth.introspect(r);
  }

  /** An API-only client and its secret, shown once when it was registered. */
  public record ApiClient(Application application, String secret) {}

  /** Registers an API-only client (client credentials) with a freshly minted secret. */
  public ApiClient registerApiClient(String clientId) {
    ClientSecret minted = ClientSecret.mint(random);
    Application app =
        server
            .admin()
            .createApplication(
                Actor.host(),
                Application.builder()
                    .id(server.admin().newApplicationId())
                    .clientId(clientId)
                    .name("API client " + clientId)
                    .apiOnly(true)
                    .clientSecretHash(minted.hash())
                    .build());
    return new ApiClient(app, minted.value().reveal());
  }
}
