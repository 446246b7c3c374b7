package dev.signon.core.pages;

import dev.signon.core.account.HostSession;
import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.store.StoreTransaction;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The applications a person may use, each linked to where it lives (MoJ Sign On's service URI:
 * "Takes the user to our app from within the SSO service if they click the app name. Uses the
 * redirect URI if not provided."), and the host's home page that lists them. Retired applications
 * and API-only ones, which people do not visit, are left out; access is the person's {@code signin}
 * through their own grants or their teams'.
 */
final class YourApplications {
  private final HostPages site;

  YourApplications(HostPages site) {
    this.site = site;
  }

  /** The home page: the signed-in person's applications; the sign-in page for anyone else. */
  ProtocolResponse home(Exchange x) {
    Optional<HostSession> s = x.sessionToken().flatMap(site.services().hostSessions()::session);
    if (s.isEmpty()) {
      return x.redirect(signInReturningTo(x, HostPaths.HOME));
    }
    Map<String, Object> scope =
        site.store()
            .transaction(
                tx -> {
                  User user = tx.users().find(s.get().user()).orElseThrow();
                  Map<String, Object> m = new HashMap<>();
                  m.put("name", user.name());
                  put(m, list(tx, user));
                  return m;
                });
    return x.page(200, "home", "Your applications", scope);
  }

  /** The sign-in page's path, sending the person on to {@code page} afterwards. */
  static String signInReturningTo(Exchange x, String page) {
    boolean agreementDue =
        x.sessionToken().flatMap(x.site().services().hostSessions()::agreementDue).isPresent();
    return x.path(agreementDue ? HostPaths.AGREEMENT : HostPaths.SIGN_IN)
        + "?return_to="
        + URLEncoder.encode(x.path(page), StandardCharsets.UTF_8);
  }

  /** Puts {@code applications} and {@code hasApplications} into a page's model. */
  static void put(Map<String, Object> model, List<Map<String, Object>> apps) {
    model.put("applications", apps);
    model.put("hasApplications", !apps.isEmpty());
  }

  /**
   * The applications {@code user} may sign in to, by name, each with {@code name} and {@code url}.
   */
  static List<Map<String, Object>> list(StoreTransaction tx, User user) {
    List<Map<String, Object>> apps = new ArrayList<>();
    List<Application> all = new ArrayList<>(tx.applications().list());
    all.sort(Comparator.comparing(Application::name, String.CASE_INSENSITIVE_ORDER));
    for (Application app : all) {
      if (app.apiOnly() || app.retired() || !tx.permissions(user, app).canSignIn()) {
        continue;
      }
      Map<String, Object> a = new HashMap<>();
      a.put("name", app.name());
      String url = url(app);
      if (url != null) {
        a.put("url", url);
      }
      apps.add(a);
    }
    return apps;
  }

  /**
   * Where the application lives: its service URI, which is its first redirect URI when none was
   * given ({@link Application#serviceUri()}); only an {@code http} or {@code https} one is linked.
   */
  static @Nullable String url(Application app) {
    URI service = app.serviceUri();
    if (service == null || service.getScheme() == null) {
      return null;
    }
    String scheme = service.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || scheme.equals("http") ? service.toString() : null;
  }
}
