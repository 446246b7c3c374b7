package dev.signon.client;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SignonClient.Builder} collects, with its defaults and the checks on each value; the
 * client reads it once when it is built.
 */
final class ClientSettings {
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /**
   * What GOV.UK One Login applies when a request names no {@code vtr}: medium confidence in the
   * authentication, no identity proving.
   */
  static final List<String> ONE_LOGIN_VTR = List.of("Cl.Cm");

  private static final Set<String> RESERVED_PARAMETERS =
      Set.of(
          "response_type",
          "client_id",
          "redirect_uri",
          "scope",
          "state",
          "nonce",
          "code_challenge",
          "code_challenge_method",
          "vtr",
          "ui_locales");
  private static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);
  private static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

  @Nullable String issuer;
  @Nullable ProviderMetadata providerMetadata;
  @Nullable String clientId;
  @Nullable ClientAuthentication clientAuthentication;
  @Nullable URI redirectUri;
  List<String> scopes = List.of("openid");

  /** Null until the caller sets it; see {@link #vtr()}. */
  @Nullable List<String> vtr;

  @Nullable String uiLocales;
  final Map<String, String> authorizationParameters = new LinkedHashMap<>();
  @Nullable OkHttpClient httpClient;
  Clock clock = Clock.systemUTC();
  SecureRandom random = new SecureRandom();
  Duration maxClockSkew = Duration.ofSeconds(60);
  Duration pendingAuthorizationLifetime = Duration.ofMinutes(10);
  Duration jwksCacheDuration = Duration.ofMinutes(10);
  Duration discoveryCacheDuration = Duration.ofHours(1);
  Duration jwksRefetchInterval = Duration.ofSeconds(30);
  boolean fetchUserInfo = true;

  /** Null until the caller sets it; see {@link #algorithms()}. */
  @Nullable Set<JWSAlgorithm> algorithms;

  @Nullable String userAgent;

  /**
   * Set by {@link SignonClient.Builder#oneLogin}: its defaults apply and {@code vot} is required.
   */
  boolean oneLogin;

  /** The vectors of trust to request: the caller's, else One Login's default, else none. */
  List<String> vtr() {
    List<String> explicit = vtr;
    if (explicit != null) {
      return explicit;
    }
    return oneLogin ? ONE_LOGIN_VTR : List.of();
  }

  /** The accepted algorithms: the caller's, else ES256 for One Login, else the default. */
  Set<JWSAlgorithm> algorithms() {
    Set<JWSAlgorithm> explicit = algorithms;
    if (explicit != null) {
      return explicit;
    }
    return oneLogin ? Set.of(JWSAlgorithm.ES256) : DEFAULT_ALGORITHMS;
  }

  static String issuer(String issuer) {
    ProviderMetadata.httpUrl(issuer, "issuer");
    if (URI.create(issuer).getQuery() != null) {
      throw new IllegalArgumentException("issuer must not have a query");
    }
    return issuer;
  }

  /** {@code value} when it is neither null nor blank. */
  static String notBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  static List<String> scopes(Collection<String> scopes) {
    List<String> copy = new ArrayList<>(new LinkedHashSet<>(scopes));
    for (String scope : copy) {
      if (scope == null || !scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
        throw new IllegalArgumentException("scopes: malformed scope");
      }
    }
    if (!copy.contains("openid")) {
      throw new IllegalArgumentException("scopes must contain openid");
    }
    return List.copyOf(copy);
  }

  static List<String> vtr(String... vectors) {
    List<String> copy = List.copyOf(Arrays.asList(vectors));
    for (String v : copy) {
      if (v.isBlank()) {
        throw new IllegalArgumentException("vtr: empty vector");
      }
    }
    return copy;
  }

  void authorizationParameter(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (RESERVED_PARAMETERS.contains(name)) {
      throw new IllegalArgumentException("name: " + name + " is set by the client");
    }
    authorizationParameters.put(name, value);
  }

  static Duration maxClockSkew(Duration maxClockSkew) {
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    if (maxClockSkew.isNegative() || maxClockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException("maxClockSkew must be between 0 and 5 minutes");
    }
    return maxClockSkew;
  }

  static Set<JWSAlgorithm> algorithms(String... algorithms) {
    Set<JWSAlgorithm> copy = new HashSet<>();
    for (String name : algorithms) {
      JWSAlgorithm alg = JWSAlgorithm.parse(Objects.requireNonNull(name, "algorithms"));
      if (!ALLOWED_ALGORITHMS.contains(alg)) {
        throw new IllegalArgumentException("algorithms: " + name + " is not allowed");
      }
      copy.add(alg);
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("algorithms must not be empty");
    }
    return Set.copyOf(copy);
  }
}
