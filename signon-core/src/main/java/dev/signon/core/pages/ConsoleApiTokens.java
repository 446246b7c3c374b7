package dev.signon.core.pages;

import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.admin.ApplicationTokenViews;
import dev.signon.core.admin.ApplicationTokenViews.State;
import dev.signon.core.admin.ApplicationTokenViews.TokenView;
import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.token.ApplicationTokenId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An API user's manage-tokens pages, below {@code /admin/api-users/{uid}/tokens}: each token's
 * application, created, expires, last used, state and rotation ({@link ConsoleTokenRotation}); add
 * a token for an application; rotate one; revoke one. A new token's value is shown once, on the
 * answer to the POST that made it and never after a redirect, so reloading or going back cannot
 * show it again; the add form carries the newest token it knew of, so posting it twice (a reload)
 * makes no second token. Rotating and revoking ask for confirmation first.
 */
final class ConsoleApiTokens {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK).withZone(ZoneOffset.UTC);

  private final ConsoleCall call;
  private final UserId uid;
  private final ApplicationTokenViews views;
  private final String here;

  ConsoleApiTokens(ConsoleCall call, UserId uid) {
    this.call = call;
    this.uid = uid;
    this.views = call.admin().applicationTokenViews();
    this.here = ConsoleApiUsers.page(uid) + "/tokens";
  }

  /** A time as the console shows it, in UTC. */
  static String when(@Nullable Instant t) {
    return t == null ? "Never" : WHEN.format(t) + " UTC";
  }

  /**
   * Answers {@code rest}: empty (the list and the add form), {@code /{id}/rotate} or {@code
   * /{id}/revoke}.
   */
  ProtocolResponse answer(String rest) {
    if (rest.isEmpty()) {
      return call.post() ? add() : list(Map.of(), new FormErrors());
    }
    String[] parts = rest.substring(1).split("/", 2);
    if (parts.length != 2) {
      return call.notFound();
    }
    TokenView t = views.token(call.actor(), uid, tokenId(parts[0]));
    return switch (parts[1]) {
      case "rotate" -> rotate(t);
      case "revoke" -> revoke(t);
      case "rotation" -> new ConsoleTokenRotation(call, here).answer(t);
      default -> call.notFound();
    };
  }

  private static ApplicationTokenId tokenId(String text) {
    try {
      return ApplicationTokenId.of(text);
    } catch (InvalidInputException e) {
      throw new NotFoundException("no application token " + text);
    }
  }

  private ProtocolResponse list(Map<String, Object> kept, FormErrors errors) {
    User u = views.apiUser(call.actor(), uid).apiUser();
    List<TokenView> tokens = views.tokensOf(call.actor(), uid);
    List<Map<String, Object>> rows = new ArrayList<>();
    ConsoleTokenRotation rotation = new ConsoleTokenRotation(call, here);
    for (TokenView t : tokens) {
      Map<String, Object> r = row(t);
      rotation.addTo(r, u, t);
      boolean live = t.state() == State.ACTIVE || t.state() == State.ROTATING;
      if (t.state() == State.ACTIVE) {
        r.put("rotate", call.path(here + "/" + t.token().id() + "/rotate"));
      }
      if (live) {
        r.put("revoke", call.path(here + "/" + t.token().id() + "/revoke"));
      }
      rows.add(r);
    }
    Map<String, Object> m = new HashMap<>();
    m.put("apiUser", u.name());
    m.put("apiUserEmail", u.email().value());
    m.put("apiUserLink", call.path(ConsoleApiUsers.page(uid)));
    m.put("tokens", rows);
    m.put("hasTokens", !rows.isEmpty());
    m.put("active", u.status() == UserStatus.ACTIVE);
    m.put("action", call.path(here));
    m.put("newest", newest(tokens));
    String chosen = (String) kept.getOrDefault("application", "");
    m.put(
        "applications",
        ConsoleUsers.options(
            ConsoleApiUsers.applications(call).stream()
                .map(a -> Map.entry(a.clientId(), a.name()))
                .toList(),
            chosen));
    String title = "Manage tokens: " + u.name();
    return errors.isEmpty()
        ? call.page(200, "admin-api-user-tokens", title, m)
        : call.invalid("admin-api-user-tokens", title, m, errors);
  }

  private Map<String, Object> row(TokenView t) {
    Map<String, Object> r = new HashMap<>();
    r.put("application", t.application().name());
    r.put("created", when(t.token().createdAt()));
    r.put("expires", when(t.token().expiresAt()));
    r.put("lastUsed", when(t.token().lastUsedAt()));
    r.put("state", state(t));
    r.put("id", t.token().id().toString());
    return r;
  }

  /** Where a token stands, in words. */
  static String state(TokenView t) {
    return switch (t.state()) {
      case ACTIVE -> "Active";
      case EXPIRED -> "Expired";
      case REVOKED -> "Revoked " + when(t.token().revokedAt());
      case ROTATING ->
          "Rotated: works until its successor is first used, at the latest until "
              + when(t.worksUntil());
    };
  }

  private static String newest(List<TokenView> tokens) {
    return tokens.isEmpty() ? "none" : tokens.get(0).token().id().toString();
  }

  private ProtocolResponse add() {
    String clientId = call.form("application");
    Map<String, Object> kept = Map.of("application", clientId);
    Optional<Application> app =
        ConsoleApiUsers.applications(call).stream()
            .filter(a -> a.clientId().equals(clientId))
            .findFirst();
    if (app.isEmpty()) {
      return list(kept, new FormErrors().add("application", "Choose an application"));
    }
    if (!newest(views.tokensOf(call.actor(), uid)).equals(call.form("newest"))) {
      // The form was posted again (a reload or a second click): the token it made was shown once
      // and is not shown again, and no second one is made.
      return call.redirect(here, "already");
    }
    NewApplicationToken t;
    try {
      t = call.admin().applicationTokens().create(call.actor(), uid, app.get().id());
    } catch (InvalidInputException e) {
      return list(
          kept,
          new FormErrors().add("application", "Tokens can only be added for an active API user"));
    }
    return shown(t, null, "Application token created");
  }

  /** The page that shows a new token's value, once. */
  private ProtocolResponse shown(
      NewApplicationToken t, @Nullable TokenView predecessor, String title) {
    User u = views.apiUser(call.actor(), uid).apiUser();
    TokenView made = views.token(call.actor(), uid, t.token().id());
    Map<String, Object> m = new HashMap<>();
    m.put("apiUser", u.name());
    m.put("apiUserEmail", u.email().value());
    m.put("application", made.application().name());
    m.put("expires", when(t.token().expiresAt()));
    m.put("value", t.value().reveal());
    m.put("tokensLink", call.path(here));
    if (predecessor != null) {
      m.put("predecessor", row(predecessor));
    }
    m.put(Exchange.COPY_SCRIPT, true);
    return call.page(200, "admin-api-user-token", title, m);
  }

  private ProtocolResponse rotate(TokenView t) {
    String path = here + "/" + t.token().id() + "/rotate";
    if (!call.confirmed()) {
      if (call.post()) {
        return call.redirect(here);
      }
      return call.confirm(
          "Rotate token",
          "Rotate the token for "
              + t.application().name()
              + " (expires "
              + when(t.token().expiresAt())
              + ")? A new token is made and shown once. The old one keeps working until the new"
              + " one is first used, or until its grace period ends.",
          path,
          Map.of(),
          "Rotate token",
          here,
          null);
    }
    if (t.state() != State.ACTIVE) {
      // Already rotated (a reload of the answer, say) or no longer live: no second successor.
      return call.redirect(here, "notRotated");
    }
    NewApplicationToken successor =
        call.admin().applicationTokens().rotate(call.actor(), t.token().id());
    TokenView old = views.token(call.actor(), uid, t.token().id());
    return shown(successor, old, "Token rotated");
  }

  private ProtocolResponse revoke(TokenView t) {
    String path = here + "/" + t.token().id() + "/revoke";
    if (!call.confirmed()) {
      if (call.post()) {
        return call.redirect(here);
      }
      return call.confirm(
          "Revoke token",
          "Revoke the token for "
              + t.application().name()
              + " (last used "
              + when(t.token().lastUsedAt())
              + ")? It stops working at once. This cannot be undone.",
          path,
          Map.of(),
          "Revoke token",
          here,
          null);
    }
    call.admin().applicationTokens().revoke(call.actor(), t.token().id());
    return call.redirect(here, "revoked");
  }
}
