package dev.signon.servlet;

import dev.signon.client.BearerTokenValidator;
import dev.signon.client.SignonClient;
import dev.signon.client.internal.Durations;
import dev.signon.servlet.internal.LocalPath;
import dev.signon.servlet.internal.PathPattern;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SignonFilter.Builder} collects, with its defaults and the checks on each value and on
 * the whole; the filter reads it once when it is built.
 */
final class FilterSettings {

  /** The environment variable the default fallback switch reads, unless another is named. */
  static final String FALLBACK_VARIABLE = "SIGNON_FALLBACK";

  enum Access {
    PERMIT_ALL,
    AUTHENTICATED,
    HAS_ROLE
  }

  /** A guarded path pattern and what it needs. */
  record Rule(PathPattern pattern, Access access, @Nullable String role) {}

  final SignonClient client;
  final List<Rule> rules = new ArrayList<>();
  final List<PathPattern> apiPaths = new ArrayList<>();
  String signInPath = "/auth/signon/sign_in";
  String callbackPath = "/auth/signon/callback";
  String signOutPath = "/auth/signon/sign_out";
  String signedOutPath = "/auth/signon/signed_out";
  String backChannelLogoutPath = "/auth/signon/backchannel_logout";
  String fallbackPath = "/auth/signon/fallback";
  String afterSignOutPath = "/";
  boolean signOutViaGet = true;
  boolean gdsSsoPush = true;
  @Nullable String publicOrigin;
  String realm = "signon";
  @Nullable BearerTokenValidator validator;
  RoleSource roleSource = RoleSource.automatic();
  Duration roleRefreshInterval = Duration.ofMinutes(5);
  AccountLinker accountLinker = AccountLinker.none();
  @Nullable FallbackAccounts fallbackAccounts;
  EmailSender emailSender = EmailSender.logging();
  @Nullable FallbackSwitch fallbackSwitch;
  String fallbackVariable = FALLBACK_VARIABLE;
  Function<String, @Nullable String> environment = System::getenv;
  FallbackLinks fallbackLinks = new InMemoryFallbackLinks();
  Duration fallbackLinkLifetime = FallbackSignIn.DEFAULT_LINK_LIFETIME;
  FallbackListener fallbackListener = FallbackListener.logging();
  SessionEnds sessionEnds = new InMemorySessionEnds();
  int automaticFallbackFailures;
  Duration automaticFallbackInterval = Duration.ofSeconds(30);
  Clock clock = Clock.systemUTC();
  SecureRandom random = new SecureRandom();

  FilterSettings(SignonClient client) {
    this.client = client;
  }

  /** Adds a rule per pattern; a malformed pattern adds none of them. */
  void addRules(Access access, @Nullable String role, String... patterns) {
    List<Rule> added = new ArrayList<>();
    for (String pattern : nonEmpty(patterns)) {
      added.add(new Rule(PathPattern.parse(pattern, "pattern"), access, role));
    }
    rules.addAll(added);
  }

  void addApiPaths(String... patterns) {
    List<PathPattern> added = new ArrayList<>();
    for (String pattern : nonEmpty(patterns)) {
      added.add(PathPattern.parse(pattern, "apiPaths"));
    }
    apiPaths.addAll(added);
  }

  private static String[] nonEmpty(String[] patterns) {
    Objects.requireNonNull(patterns, "patterns");
    if (patterns.length == 0) {
      throw new IllegalArgumentException("patterns must not be empty");
    }
    return patterns;
  }

  static String endpointPath(String path, String name) {
    Objects.requireNonNull(path, name);
    if (!path.startsWith("/")
        || path.startsWith("//")
        || path.length() < 2
        || path.endsWith("/")
        || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f && "*?#\\;%".indexOf(c) < 0)) {
      throw new IllegalArgumentException(name + " must be a plain path such as /auth/signon/x");
    }
    return path;
  }

  static String afterSignOutPath(String path) {
    Objects.requireNonNull(path, "afterSignOutPath");
    if (!LocalPath.isLocal(path)) {
      throw new IllegalArgumentException("afterSignOutPath must be a local path such as /");
    }
    return path;
  }

  /** The origin of {@code url}, lower-cased: {@code scheme://host[:port]}. */
  static String origin(String url) {
    Objects.requireNonNull(url, "publicUrl");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("publicUrl is not a URL", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath();
    if (!Set.of("http", "https").contains(scheme)
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || !(path == null || path.isEmpty() || path.equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "publicUrl must be an origin such as https://reports.example");
    }
    return scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
  }

  static String realm(String realm) {
    Objects.requireNonNull(realm, "realm");
    if (realm.isBlank()
        || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
      throw new IllegalArgumentException("realm must be printable ASCII without quotes");
    }
    return realm;
  }

  static String fallbackVariable(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("fallbackVariable must not be blank");
    }
    return name;
  }

  void automaticFallback(int failuresInARow, Duration checkEvery) {
    if (failuresInARow < 1 || failuresInARow > 100) {
      throw new IllegalArgumentException("failuresInARow must be between 1 and 100");
    }
    automaticFallbackInterval = Durations.positive(checkEvery, "checkEvery", Duration.ofHours(1));
    automaticFallbackFailures = failuresInARow;
  }

  static Duration linkLifetime(Duration lifetime) {
    Durations.positive(lifetime, "fallbackLinkLifetime", Duration.ofDays(1));
    if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("fallbackLinkLifetime must be at least 1 minute");
    }
    return lifetime;
  }

  /**
   * Refuses settings that are missing something or contradict themselves.
   *
   * @throws IllegalStateException naming what is missing or contradictory
   */
  void check() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    checkDistinct(endpoints, signInPath, "signInPath");
    checkDistinct(endpoints, callbackPath, "callbackPath");
    checkDistinct(endpoints, signOutPath, "signOutPath");
    checkDistinct(endpoints, signedOutPath, "signedOutPath");
    checkDistinct(endpoints, backChannelLogoutPath, "backChannelLogoutPath");
    if (fallbackAccounts != null) {
      checkDistinct(endpoints, fallbackPath, "fallbackPath");
      checkDistinct(endpoints, fallbackPath + "/link", "fallbackPath + /link");
      if (publicOrigin == null) {
        throw new IllegalStateException("publicUrl required: the fallback emails links to it");
      }
    } else if (fallbackSwitch != null) {
      throw new IllegalStateException(
          "fallback accounts required: a fallbackSwitch is set but fallback(…) was not called");
    } else if (automaticFallbackFailures > 0) {
      throw new IllegalStateException(
          "fallback accounts required: automaticFallback is set but fallback(…) was not called");
    }
    if (gdsSsoPush) {
      for (Map.Entry<String, String> e : endpoints.entrySet()) {
        if (e.getKey().startsWith(GdsSsoPush.GDS_USERS)) {
          throw new IllegalStateException(
              e.getValue()
                  + " lies under "
                  + GdsSsoPush.GDS_USERS
                  + ", where the gds-sso pushes go");
        }
      }
    }
  }

  private static void checkDistinct(Map<String, String> endpoints, String path, String name) {
    String other = endpoints.putIfAbsent(path, name);
    if (other != null) {
      throw new IllegalStateException(other + " and " + name + " are both " + path);
    }
  }

  /** The switch that opens the fallback: the one set, else the environment variable. */
  FallbackSwitch fallbackSwitch() {
    FallbackSwitch set = fallbackSwitch;
    if (set != null) {
      return set;
    }
    return FallbackSwitch.environmentVariable(fallbackVariable, environment);
  }
}
