package dev.signon.interop;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.signon.client.AuthorizationRequest;
import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The running oidc-provider and what the tests know about it: its issuer, the relying-party clients
 * registered there with keys made for this run, the back-channel logout listener, and a way to
 * rotate the provider's signing key.
 */
final class InteropProvider implements AutoCloseable {
  /** The relying app, authenticating with an ES256 {@code private_key_jwt} as at One Login. */
  static final String CLIENT_ID = "interop-rp";

  /** A second relying app whose {@code private_key_jwt} is RS256. */
  static final String RSA_CLIENT_ID = "interop-rp-rsa";

  static final String REDIRECT_URI = "https://service.example.gov.uk/auth/callback";

  /** A Signon host that signs people in through the provider as its upstream {@code one-login}. */
  static final String HOST_ISSUER = "https://signon-host.example.gov.uk";

  /** That host's redirect URI, registered for {@link #CLIENT_ID} too. */
  static final String HOST_REDIRECT_URI = HOST_ISSUER + "/sign-in/upstream/one-login/callback";

  static final String POST_LOGOUT_REDIRECT_URI = "https://service.example.gov.uk/signed-out";

  /** The provider's test account (provider.mjs). */
  static final String SUBJECT = "urn:fdc:gov.uk:2022:interop-test-user";

  static final String EMAIL = "interop.test.user@example.gov.uk";
  static final String SECOND_SUBJECT = "urn:fdc:gov.uk:2022:interop-second-user";

  /**
   * An account the provider reports with the vector of trust {@code Cl}, below One Login's default.
   */
  static final String LOW_TRUST_SUBJECT = "urn:fdc:gov.uk:2022:interop-low-trust-user";

  private final NodeProvider node;
  private final BackChannelListener backChannel;
  private final OkHttpClient http;
  private final KeyPair ecKey;
  private final KeyPair rsaKey;
  private final Clock clock = Clock.systemUTC();

  private InteropProvider(
      NodeProvider node,
      BackChannelListener backChannel,
      OkHttpClient http,
      KeyPair ecKey,
      KeyPair rsaKey) {
    this.node = node;
    this.backChannel = backChannel;
    this.http = http;
    this.ecKey = ecKey;
    this.rsaKey = rsaKey;
  }

  /**
   * Registers the clients and starts the provider.
   *
   * @throws NodeProvider.Unavailable if node, npm or the npm registry is not there
   */
  static InteropProvider start(Path sources, Path work) throws NodeProvider.Unavailable {
    SecureRandom random = new SecureRandom();
    KeyPair ecKey = generate("EC", new ECGenParameterSpec("secp256r1"), random);
    KeyPair rsaKey = generate("RSA", null, random);
    BackChannelListener backChannel = BackChannelListener.start();
    try {
      JWK ecJwk =
          new ECKey.Builder(Curve.P_256, (ECPublicKey) ecKey.getPublic())
              .keyID(CLIENT_ID + "-es256")
              .keyUse(KeyUse.SIGNATURE)
              .build();
      JWK rsaJwk =
          new RSAKey.Builder((RSAPublicKey) rsaKey.getPublic())
              .keyID(RSA_CLIENT_ID + "-rs256")
              .keyUse(KeyUse.SIGNATURE)
              .build();
      Map<String, Object> main = client(CLIENT_ID, ecJwk, "ES256");
      main.put("backchannel_logout_uri", backChannel.uri());
      main.put("backchannel_logout_session_required", true);
      List<Map<String, Object>> clients = List.of(main, client(RSA_CLIENT_ID, rsaJwk, "RS256"));
      Files.createDirectories(work);
      Path clientsFile = work.resolve("clients.json");
      Files.writeString(
          clientsFile, JSONObjectUtils.toJSONString(wrap(clients)), StandardCharsets.UTF_8);
      NodeProvider node =
          NodeProvider.start(
              sources,
              work,
              Map.of("PORT", "0", "CLIENTS_FILE", clientsFile.toAbsolutePath().toString()));
      OkHttpClient http =
          new OkHttpClient.Builder()
              .connectTimeout(Duration.ofSeconds(5))
              .readTimeout(Duration.ofSeconds(10))
              .build();
      return new InteropProvider(node, backChannel, http, ecKey, rsaKey);
    } catch (IOException e) {
      backChannel.close();
      throw new UncheckedIOException(e);
    } catch (NodeProvider.Unavailable | RuntimeException e) {
      backChannel.close();
      throw e;
    }
  }

  /** JSONObjectUtils writes objects only; provider.mjs reads the array under "clients". */
  private static Map<String, Object> wrap(List<Map<String, Object>> clients) {
    return Map.of("clients", clients);
  }

  private static Map<String, Object> client(String clientId, JWK publicKey, String alg) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("client_id", clientId);
    client.put("redirect_uris", List.of(REDIRECT_URI, HOST_REDIRECT_URI));
    client.put("post_logout_redirect_uris", List.of(POST_LOGOUT_REDIRECT_URI));
    client.put("grant_types", List.of("authorization_code", "refresh_token"));
    client.put("response_types", List.of("code"));
    client.put("token_endpoint_auth_method", "private_key_jwt");
    client.put("token_endpoint_auth_signing_alg", alg);
    client.put("id_token_signed_response_alg", "ES256");
    client.put("jwks", Map.of("keys", List.of(publicKey.toJSONObject())));
    return client;
  }

  private static KeyPair generate(
      String algorithm, @Nullable AlgorithmParameterSpec spec, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (spec != null) {
        generator.initialize(spec, random);
      } else {
        generator.initialize(2048, random);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer exactly as the provider names itself: {@code http://127.0.0.1:<port>}. */
  String issuer() {
    return node.issuer();
  }

  /**
   * A client for {@link #CLIENT_ID} with its ES256 {@code private_key_jwt} key, asking for {@code
   * openid email}; tests add to it and build.
   */
  SignonClient.Builder client() {
    return SignonClient.builder()
        .issuer(issuer())
        .clientId(CLIENT_ID)
        .clientAuthentication(
            ClientAuthentication.privateKeyJwt(ecKey.getPrivate(), CLIENT_ID + "-es256"))
        .redirectUri(REDIRECT_URI)
        .scopes("openid", "email")
        .httpClient(http)
        .clock(clock);
  }

  /**
   * A client for {@link #CLIENT_ID} built with the One Login profile and nothing else One Login
   * specific: no {@code vtr}, no algorithms.
   */
  SignonClient.Builder oneLoginClient() {
    return SignonClient.builder()
        .issuer(issuer())
        .clientId(CLIENT_ID)
        .oneLogin(ecKey.getPrivate(), CLIENT_ID + "-es256")
        .redirectUri(REDIRECT_URI)
        .scopes("openid", "email")
        .httpClient(http)
        .clock(clock);
  }

  /** Like {@link #client()} for {@link #RSA_CLIENT_ID}, whose key is RSA (RS256 assertions). */
  SignonClient.Builder rsaClient() {
    return client()
        .clientId(RSA_CLIENT_ID)
        .clientAuthentication(
            ClientAuthentication.privateKeyJwt(rsaKey.getPrivate(), RSA_CLIENT_ID + "-rs256"));
  }

  /** The private half of {@link #CLIENT_ID}'s ES256 key, and its key id. */
  java.security.PrivateKey ecPrivateKey() {
    return ecKey.getPrivate();
  }

  /** A new browser with no cookies: no session at the provider yet. */
  Browser browser() {
    return new Browser(http, issuer(), clock);
  }

  /**
   * Signs the test account in through {@code client} in {@code browser}: authorization request, the
   * provider's redirects and interaction, then the callback handled by the client.
   */
  SignedInUser signIn(SignonClient client, Browser browser) {
    AuthorizationRequest request = client.authorizationRequest("/dashboard");
    return client.completeAuthorization(request.pending(), browser.signIn(request.uri()));
  }

  /** The relying app's back-channel logout endpoint, registered for {@link #CLIENT_ID}. */
  BackChannelListener backChannel() {
    return backChannel;
  }

  /**
   * Puts a new ES256 signing key first in the provider's JWKS (the old ones stay published) and
   * returns its {@code kid}.
   */
  String rotateSigningKey() {
    Request request =
        new Request.Builder()
            .url(issuer() + "/admin/rotate-signing-key")
            .post(RequestBody.create(new byte[0], MediaType.get("application/json")))
            .build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      if (response.code() != 200) {
        throw new AssertionError("key rotation answered " + response.code() + ": " + body);
      }
      return JSONObjectUtils.getString(JSONObjectUtils.parse(body), "kid");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new AssertionError("key rotation answered " + e.getMessage(), e);
    }
  }

  /** Where the provider's output goes. */
  Path log() {
    return node.log();
  }

  @Override
  public void close() {
    try {
      node.close();
    } finally {
      backChannel.close();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
