package dev.signon.spring.client;

import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignonClient;
import dev.signon.spring.client.SignonClientProperties.AuthenticationMethod;
import dev.signon.spring.client.SignonClientProperties.Profile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link SignonClient}, its {@link OkHttpClient} and {@link Clock}, from {@code
 * signon.client.*}; each backs off when the app defines its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "signon.client", name = "client-id")
class SignonClientConfiguration {
  private static final String PREFIX = "signon.client.";

  @Bean
  @ConditionalOnMissingBean(Clock.class)
  Clock signonClock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean(OkHttpClient.class)
  OkHttpClient signonHttpClient(SignonClientProperties properties) {
    return new OkHttpClient.Builder()
        .connectTimeout(properties.getConnectTimeout())
        .readTimeout(properties.getReadTimeout())
        .build();
  }

  @Bean
  @ConditionalOnMissingBean(SignonClient.class)
  SignonClient signonClient(
      SignonClientProperties properties,
      SignonFilterProperties filter,
      Environment environment,
      ObjectProvider<OkHttpClient> httpClient,
      ObjectProvider<Clock> clock) {
    OkHttpClient http = httpClient.getIfUnique(() -> signonHttpClient(properties));
    return build(
        properties,
        redirectUri(properties, filter, environment),
        http,
        clock.getIfUnique(Clock::systemUTC));
  }

  /**
   * Builds the client the properties describe.
   *
   * @throws SignonClientConfigurationException naming the property that is missing or wrong
   */
  static SignonClient build(
      SignonClientProperties p, String redirectUri, OkHttpClient http, Clock clock) {
    SignonClient.Builder b = SignonClient.builder().httpClient(http).clock(clock);
    String issuer = p.getIssuer();
    if (issuer == null || issuer.isBlank()) {
      throw new SignonClientConfigurationException(
          PREFIX + "issuer",
          "no issuer is set.",
          "Set signon.client.issuer to the provider's issuer URL, such as"
              + " https://signon.example.gov.uk");
    }
    set(
        "issuer",
        "Set signon.client.issuer to the provider's issuer URL, such as"
            + " https://signon.example.gov.uk",
        () -> b.issuer(issuer.trim()));
    String clientId = p.getClientId();
    if (clientId == null || clientId.isBlank()) {
      throw new SignonClientConfigurationException(
          PREFIX + "client-id",
          "signon.client.client-id is blank.",
          "Set signon.client.client-id to the client id the provider registered this app under");
    }
    b.clientId(clientId.trim());
    if (p.getProfile() == Profile.ONE_LOGIN) {
      oneLogin(b, p, clientId.trim());
    } else {
      b.clientAuthentication(authentication(p, clientId.trim()));
    }
    String userAgent = p.getUserAgent();
    if (userAgent != null) {
      set("user-agent", "Set a User-Agent such as reports/1.4", () -> b.userAgent(userAgent));
    }
    set(
        "redirect-uri",
        "Set signon.client.redirect-uri to the absolute URL registered with the provider, such as"
            + " https://reports.example.gov.uk/auth/signon/callback",
        () -> b.redirectUri(redirectUri));
    set(
        "scopes",
        "List the scopes to request in signon.client.scopes, openid among them",
        () -> b.scopes(p.getScopes()));
    if (!p.getVtr().isEmpty()) {
      set(
          "vtr",
          "List vectors of trust such as Cl.Cm in signon.client.vtr",
          () -> b.vtr(p.getVtr().toArray(String[]::new)));
    }
    String uiLocales = p.getUiLocales();
    if (uiLocales != null) {
      set("ui-locales", "Set ui-locales such as en or cy en", () -> b.uiLocales(uiLocales));
    }
    for (Map.Entry<String, String> e : p.getAuthorizationParameters().entrySet()) {
      set(
          "authorization-parameters",
          "Remove parameters the client sets itself (state, nonce, scope, redirect_uri, ...)",
          () -> b.authorizationParameter(e.getKey(), e.getValue()));
    }
    if (!p.getSigningAlgorithms().isEmpty()) {
      set(
          "signing-algorithms",
          "List asymmetric algorithms such as RS256, PS256 or ES256",
          () -> b.signingAlgorithms(p.getSigningAlgorithms().toArray(String[]::new)));
    }
    set(
        "max-clock-skew",
        "Set a skew between 0s and 5m",
        () -> b.maxClockSkew(p.getMaxClockSkew()));
    b.fetchUserInfo(p.isFetchUserInfo());
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw new SignonClientConfigurationException(
          "signon.client", e.getMessage() + ".", "Check the signon.client properties", e);
    }
  }

  /** The configured redirect URI, else the public URL, context path and callback path. */
  static String redirectUri(
      SignonClientProperties p, SignonFilterProperties filter, Environment environment) {
    String explicit = p.getRedirectUri();
    if (explicit != null && !explicit.isBlank()) {
      return explicit.trim();
    }
    String publicUrl = filter.getPublicUrl();
    if (publicUrl == null || publicUrl.isBlank()) {
      throw new SignonClientConfigurationException(
          PREFIX + "redirect-uri",
          "no redirect URI is set.",
          "Set signon.client.redirect-uri to the callback URL registered with the provider (such"
              + " as https://reports.example.gov.uk/auth/signon/callback), or set"
              + " signon.filter.public-url and the callback path is added to it");
    }
    String origin = publicUrl.trim();
    while (origin.endsWith("/")) {
      origin = origin.substring(0, origin.length() - 1);
    }
    String contextPath = environment.getProperty("server.servlet.context-path", "");
    while (contextPath.endsWith("/")) {
      contextPath = contextPath.substring(0, contextPath.length() - 1);
    }
    return origin + contextPath + filter.getCallbackPath();
  }

  private static ClientAuthentication authentication(SignonClientProperties p, String clientId) {
    boolean secretGiven = p.secretGiven(PREFIX);
    Path keyFile = p.keyFile();
    if (secretGiven && keyFile != null) {
      throw new SignonClientConfigurationException(
          PREFIX + "private-key-file",
          "both a client secret and a private key (signon.client.private-key-file) are set, so it"
              + " is not clear how the app authenticates at the provider.",
          "Keep signon.client.private-key-file for private_key_jwt, or the client secret for"
              + " client_secret_basic, and remove the other");
    }
    AuthenticationMethod method = p.getAuthenticationMethod();
    if (method == null) {
      if (keyFile != null) {
        method = AuthenticationMethod.PRIVATE_KEY_JWT;
      } else if (secretGiven) {
        method = AuthenticationMethod.CLIENT_SECRET_BASIC;
      } else {
        throw new SignonClientConfigurationException(
            PREFIX + "client-secret",
            "no client credentials are set.",
            "Set signon.client.client-secret or signon.client.client-secret-file, or"
                + " signon.client.private-key-file for private_key_jwt; or set"
                + " signon.client.authentication-method=none for a public client");
      }
    }
    return switch (method) {
      case PRIVATE_KEY_JWT -> p.withKey(PREFIX, clientId, ClientAuthentication::privateKeyJwt);
      case CLIENT_SECRET_BASIC, CLIENT_SECRET_POST -> {
        String value = keyFile != null ? null : p.secret(PREFIX);
        if (value == null) {
          throw new SignonClientConfigurationException(
              PREFIX + "client-secret",
              "signon.client.authentication-method is "
                  + method.name().toLowerCase(java.util.Locale.ROOT)
                  + " but "
                  + (keyFile != null ? "a private key is set instead of" : "no")
                  + " client secret is set.",
              "Set signon.client.client-secret or signon.client.client-secret-file, or change"
                  + " the authentication method");
        }
        yield method == AuthenticationMethod.CLIENT_SECRET_POST
            ? ClientAuthentication.clientSecretPost(value)
            : ClientAuthentication.clientSecretBasic(value);
      }
      case NONE -> {
        if (secretGiven || keyFile != null) {
          throw new SignonClientConfigurationException(
              PREFIX + "authentication-method",
              "signon.client.authentication-method is none (a public client) but client"
                  + " credentials are set.",
              "Remove the client secret or private key, or choose the method they are for");
        }
        yield ClientAuthentication.none();
      }
    };
  }

  /** The One Login profile: {@code private_key_jwt} with the key file, and nothing else. */
  private static void oneLogin(SignonClient.Builder b, SignonClientProperties p, String clientId) {
    AuthenticationMethod method = p.getAuthenticationMethod();
    if ((method != null && method != AuthenticationMethod.PRIVATE_KEY_JWT)
        || p.secretGiven(PREFIX)) {
      throw new SignonClientConfigurationException(
          PREFIX + "profile",
          "signon.client.profile is one-login, which authenticates with private_key_jwt, but"
              + " another client authentication is configured.",
          "Remove the client secret and authentication method, and set"
              + " signon.client.private-key-file to the key registered with One Login");
    }
    p.withKey(PREFIX, clientId, b::oneLogin);
  }

  /** Runs one builder call, turning its refusal into a report naming the property. */
  private static void set(String property, String action, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      throw new SignonClientConfigurationException(
          PREFIX + property, "signon.client." + property + ": " + e.getMessage() + ".", action, e);
    }
  }
}
