package dev.signon.core.notify;

import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where an application takes gds-sso pushes, and how long its notices are retried: the one owner of
 * both rules.
 *
 * <p>The push base is, in order: the application's explicit {@link Application#pushBaseUri()}; the
 * context path of the first redirect URI ending in a relying filter's callback ({@code
 * /auth/gds/callback} of gds-sso, {@code /auth/signon/callback} of {@code SignonFilter}) under a
 * path, so an app at {@code https://apps.example/reports/auth/signon/callback} takes pushes at
 * {@code https://apps.example/reports/auth/gds/api/users/{uid}}; else the service URI's origin, as
 * GOV.UK Signon sends pushes to its applications' URLs without their paths.
 */
final class PushTargets {
  /** The paths under which the relying filters take their callback, relative to their app. */
  private static final List<String> CALLBACKS =
      List.of("/auth/gds/callback", "/auth/signon/callback");

  /** Where gds-sso takes pushes, below the app's base. */
  static final String USERS = "/auth/gds/api/users/";

  private PushTargets() {}

  /** The base URI (no trailing slash) pushes to {@code app} go below, if it has one. */
  static Optional<String> base(Application app) {
    URI explicit = app.pushBaseUri();
    if (explicit != null) {
      return Optional.of(withoutTrailingSlash(explicit.toString()));
    }
    String context = context(app.redirectUris());
    if (context != null) {
      return Optional.of(context);
    }
    URI service = app.serviceUri();
    return service == null || service.getHost() == null
        ? Optional.empty()
        : Optional.of(origin(service));
  }

  /** The URI of the push about the person {@code uid} to {@code app}, below {@code base}. */
  static URI user(String base, String uid) {
    return URI.create(base + USERS + URLEncoder.encode(uid, StandardCharsets.UTF_8));
  }

  /** How long {@code app}'s notices are retried: its own time, else the host's default. */
  static Duration giveUpAfter(Application app, NoticeSettings settings) {
    Duration own = app.noticeGiveUpAfter();
    return own != null ? own : settings.giveUpAfter();
  }

  /**
   * The origin and context path of the first redirect URI that ends in a relying filter's callback,
   * when that path is not empty; null otherwise.
   */
  private static @Nullable String context(List<RedirectUri> redirectUris) {
    for (RedirectUri redirect : redirectUris) {
      URI uri = redirect.toUri();
      String path = uri.getRawPath();
      if (uri.getHost() == null || path == null) {
        continue;
      }
      for (String callback : CALLBACKS) {
        if (path.endsWith(callback)) {
          String context =
              withoutTrailingSlash(path.substring(0, path.length() - callback.length()));
          return context.isEmpty() ? null : origin(uri) + context;
        }
      }
    }
    return null;
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static String withoutTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
