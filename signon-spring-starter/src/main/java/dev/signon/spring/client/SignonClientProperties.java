package dev.signon.spring.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a relying app's {@link dev.signon.client.SignonClient} reaches its provider: {@code
 * signon.client.*}. The client is configured when {@code signon.client.client-id} is set.
 *
 * <pre>{@code
 * signon.client.issuer=https://signon.example.gov.uk
 * signon.client.client-id=reports
 * signon.client.client-secret=${SIGNON_CLIENT_SECRET}
 * signon.client.redirect-uri=https://reports.example.gov.uk/auth/signon/callback
 * }</pre>
 *
 * <p>For GOV.UK One Login, {@code signon.client.profile=one-login} with {@code
 * signon.client.private-key-file} applies its defaults.
 */
@ConfigurationProperties("signon.client")
public class SignonClientProperties extends ClientCredentialsProperties {

  /** How the client authenticates at the provider's token endpoint. */
  public enum AuthenticationMethod {
    /** The client id and secret in an HTTP Basic header (RFC 6749 section 2.3.1). */
    CLIENT_SECRET_BASIC,
    /** The client id and secret as form parameters. */
    CLIENT_SECRET_POST,
    /** A JWT assertion signed with the client's private key (RFC 7523). */
    PRIVATE_KEY_JWT,
    /** No client authentication: a public client, protected by PKCE alone. */
    NONE
  }

  /** A provider's set of defaults, applied by one property. */
  public enum Profile {
    /** Any OpenID Provider, a Signon host among them: the client's own defaults. */
    STANDARD,
    /**
     * GOV.UK One Login: private_key_jwt with signon.client.private-key-file, ID tokens signed
     * ES256, vtr ["Cl.Cm"] unless signon.client.vtr names others, and the ID token's vot always
     * checked against the requested vectors.
     */
    ONE_LOGIN
  }

  /**
   * Whether the relying side (client, filter, Spring MVC support) is configured at all. Set to
   * false to switch it off while keeping the other properties.
   */
  private boolean enabled = true;

  /**
   * The provider's set of defaults: standard, or one-login for GOV.UK One Login (private_key_jwt
   * with signon.client.private-key-file, ES256 ID tokens, vtr Cl.Cm by default, vot always
   * checked).
   */
  private Profile profile = Profile.STANDARD;

  /**
   * The provider's issuer URL, such as https://signon.example.gov.uk; its endpoints are discovered
   * from {issuer}/.well-known/openid-configuration. Required.
   */
  private @Nullable String issuer;

  /**
   * The client id the provider registered this app under. Setting it switches the relying side on.
   */
  private @Nullable String clientId;

  /**
   * How the client authenticates at the token endpoint. Default: private_key_jwt when a private key
   * file is set, client_secret_basic when a client secret (or secret file) is set. Use none for a
   * public client.
   */
  private @Nullable AuthenticationMethod authenticationMethod;

  /**
   * The redirect URI registered with the provider, such as
   * https://reports.example.gov.uk/auth/signon/callback. Default: signon.filter.public-url followed
   * by the context path and signon.filter.callback-path; required when no public URL is set.
   */
  private @Nullable String redirectUri;

  /** The scopes to request; they must include openid. */
  private List<String> scopes = new ArrayList<>(List.of("openid", "profile", "email"));

  /**
   * Vectors of trust to request (GOV.UK One Login vtr, such as Cl.Cm); the ID token's vot must then
   * be one of them. Default: none, or Cl.Cm under the one-login profile.
   */
  private List<String> vtr = new ArrayList<>();

  /** The ui_locales to send, such as "en" or "cy en". */
  private @Nullable String uiLocales;

  /** Extra provider-specific authorization parameters, such as prompt=login. */
  private Map<String, String> authorizationParameters = new LinkedHashMap<>();

  /**
   * The JWS algorithms accepted on ID, logout and access tokens: asymmetric RS, PS, ES or EdDSA
   * ones. Default RS256, ES256 and EdDSA; ES256 alone under the one-login profile.
   */
  private List<String> signingAlgorithms = new ArrayList<>();

  /** The clock skew tolerated on token times, at most five minutes. */
  private Duration maxClockSkew = Duration.ofSeconds(60);

  /** Whether sign-in fetches userinfo and checks its subject. */
  private boolean fetchUserInfo = true;

  /**
   * The User-Agent header sent on every request to the provider (One Login refuses requests without
   * one), such as "reports/1.4". Default: signon-java/ and the library's version.
   */
  private @Nullable String userAgent;

  /** How long to wait for a connection to the provider. */
  private Duration connectTimeout = Duration.ofSeconds(10);

  /** How long to wait for the provider to answer. */
  private Duration readTimeout = Duration.ofSeconds(10);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Profile getProfile() {
    return profile;
  }

  public void setProfile(Profile profile) {
    this.profile = profile;
  }

  public @Nullable String getIssuer() {
    return issuer;
  }

  public void setIssuer(@Nullable String issuer) {
    this.issuer = issuer;
  }

  public @Nullable String getClientId() {
    return clientId;
  }

  public void setClientId(@Nullable String clientId) {
    this.clientId = clientId;
  }

  public @Nullable AuthenticationMethod getAuthenticationMethod() {
    return authenticationMethod;
  }

  public void setAuthenticationMethod(@Nullable AuthenticationMethod authenticationMethod) {
    this.authenticationMethod = authenticationMethod;
  }

  public @Nullable String getRedirectUri() {
    return redirectUri;
  }

  public void setRedirectUri(@Nullable String redirectUri) {
    this.redirectUri = redirectUri;
  }

  public List<String> getScopes() {
    return scopes;
  }

  public void setScopes(List<String> scopes) {
    this.scopes = scopes;
  }

  public List<String> getVtr() {
    return vtr;
  }

  public void setVtr(List<String> vtr) {
    this.vtr = vtr;
  }

  public @Nullable String getUiLocales() {
    return uiLocales;
  }

  public void setUiLocales(@Nullable String uiLocales) {
    this.uiLocales = uiLocales;
  }

  public Map<String, String> getAuthorizationParameters() {
    return authorizationParameters;
  }

  public void setAuthorizationParameters(Map<String, String> authorizationParameters) {
    this.authorizationParameters = authorizationParameters;
  }

  public List<String> getSigningAlgorithms() {
    return signingAlgorithms;
  }

  public void setSigningAlgorithms(List<String> signingAlgorithms) {
    this.signingAlgorithms = signingAlgorithms;
  }

  public Duration getMaxClockSkew() {
    return maxClockSkew;
  }

  public void setMaxClockSkew(Duration maxClockSkew) {
    this.maxClockSkew = maxClockSkew;
  }

  public boolean isFetchUserInfo() {
    return fetchUserInfo;
  }

  public void setFetchUserInfo(boolean fetchUserInfo) {
    this.fetchUserInfo = fetchUserInfo;
  }

  public @Nullable String getUserAgent() {
    return userAgent;
  }

  public void setUserAgent(@Nullable String userAgent) {
    this.userAgent = userAgent;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getReadTimeout() {
    return readTimeout;
  }

  public void setReadTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

  /** Names the issuer and client; never the secret. */
  @Override
  public String toString() {
    return "SignonClientProperties[issuer=" + issuer + ", clientId=" + clientId + "]";
  }
}
