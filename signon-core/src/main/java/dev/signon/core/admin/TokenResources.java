package dev.signon.core.admin;

import static dev.signon.core.admin.AdminJson.body;
import static dev.signon.core.admin.AdminJson.json;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's application-token resources: an API user's tokens (list, create), the tokens
 * expiring soon, and one token's rotation and revocation. Each translates JSON to one call of
 * {@link ApplicationTokenAdmin} and its answer back; a new token's value is shown this once.
 */
final class TokenResources {
  /** How far ahead {@code GET /tokens} looks when no window is given: GOV.UK Signon's alert. */
  static final Duration DEFAULT_EXPIRING_WITHIN = Duration.ofDays(14);

  /** The field that chooses how a new token is handed over. */
  private static final String DELIVERY = "delivery";

  private final SignonStore store;
  private final ApplicationTokenAdmin tokens;
  private final UnaryOperator<String> location;

  TokenResources(SignonStore store, ApplicationTokenAdmin tokens, UnaryOperator<String> location) {
    this.store = store;
    this.tokens = tokens;
    this.location = location;
  }

  ProtocolResponse create(AdminCaller caller, UserId uid, ProtocolRequest request) {
    AdminJson.Body body = body(request, Set.of("application", "expires_in", DELIVERY));
    String application = body.required("application");
    String validity = body.optional("expires_in");
    Duration expiresIn =
        validity == null ? null : body.parse("expires_in", TokenResources::duration);
    ApplicationId appId =
        store
            .transaction(tx -> tx.applications().findByClientId(application))
            .map(Application::id)
            .orElseThrow(
                () -> ApiError.invalidRequest("application: no application " + application));
    if (byEmail(body)) {
      return sent(
          expiresIn == null
              ? tokens.createAndSend(caller.actor(), uid, appId)
              : tokens.createAndSend(caller.actor(), uid, appId, expiresIn));
    }
    ApplicationTokenAdmin.NewApplicationToken t =
        expiresIn == null
            ? tokens.create(caller.actor(), uid, appId)
            : tokens.create(caller.actor(), uid, appId, expiresIn);
    return created(t);
  }

  /**
   * True when the body asks for {@code "delivery": "email"}: the token goes to the API user's
   * address as a one-time link instead of into the response. {@code "response"} is the default.
   */
  private static boolean byEmail(AdminJson.Body body) {
    String delivery = body.optional(DELIVERY);
    if (delivery == null || delivery.equals("response")) {
      return false;
    }
    if (delivery.equals("email")) {
      return true;
    }
    throw ApiError.invalidRequest(DELIVERY + ": must be \"response\" or \"email\"");
  }

  /** The answer for a token sent by link: its record, where it went, never its value. */
  private ProtocolResponse sent(ApplicationTokenAdmin.SentApplicationToken t) {
    String app = store.transaction(tx -> clientId(tx, new HashMap<>(), t.token().application()));
    Map<String, Object> m = tokenMap(t.token(), app);
    m.put("delivery", "email");
    m.put("sent_to", t.sentTo().value());
    m.put("link_expires_at", t.linkExpiresAt().toString());
    return json(201, m)
        .withHeader("Location", location.apply("/api-users/" + t.token().apiUser() + "/tokens"));
  }

  ProtocolResponse list(AdminCaller caller, UserId uid) {
    List<Map<String, Object>> out =
        store.transaction(
            tx -> {
              caller.checkSuperadmin(tx, "list application tokens");
              if (tx.users().find(uid).filter(User::apiUser).isEmpty()) {
                throw new NotFoundException("no API user " + uid);
              }
              List<Map<String, Object>> list = new ArrayList<>();
              Map<ApplicationId, String> clientIds = new HashMap<>();
              for (ApplicationToken t : tx.applicationTokens().listByApiUser(uid)) {
                list.add(tokenMap(t, clientId(tx, clientIds, t.application())));
              }
              return list;
            });
    return json(200, Map.of("tokens", out));
  }

  ProtocolResponse expiring(AdminCaller caller, ProtocolRequest request) {
    List<String> values = request.queryParameters().getOrDefault("expiring-within", List.of());
    if (values.size() > 1) {
      throw ApiError.invalidRequest("expiring-within: given more than once");
    }
    Duration window;
    try {
      window = values.isEmpty() ? DEFAULT_EXPIRING_WITHIN : duration(values.get(0));
    } catch (InvalidInputException e) {
      throw ApiError.invalidRequest("expiring-within: " + e.getMessage());
    }
    store.transaction(
        tx -> {
          caller.checkSuperadmin(tx, "list application tokens");
          return null;
        });
    List<Map<String, Object>> out = new ArrayList<>();
    for (ApplicationTokenAdmin.ExpiringToken e : tokens.expiringWithin(window)) {
      Map<String, Object> m = tokenMap(e.token(), e.application().clientId());
      m.put("api_user_name", e.apiUser().name());
      m.put("api_user_email", e.apiUser().email().value());
      out.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("expiring_within", window.toString());
    body.put("tokens", out);
    return json(200, body);
  }

  ProtocolResponse rotate(AdminCaller caller, ApplicationTokenId id, ProtocolRequest request) {
    // The body is optional here: an empty one rotates and answers with the token.
    boolean byEmail = !request.body().isBlank() && byEmail(body(request, Set.of(DELIVERY)));
    return byEmail
        ? sent(tokens.rotateAndSend(caller.actor(), id))
        : created(tokens.rotate(caller.actor(), id));
  }

  ProtocolResponse revoke(AdminCaller caller, ApplicationTokenId id) {
    tokens.revoke(caller.actor(), id);
    return ProtocolResponse.empty(204);
  }

  private ProtocolResponse created(ApplicationTokenAdmin.NewApplicationToken t) {
    String app = store.transaction(tx -> clientId(tx, new HashMap<>(), t.token().application()));
    Map<String, Object> m = tokenMap(t.token(), app);
    // Shown this once; only its hash is stored.
    m.put("token", t.value().reveal());
    return json(201, m)
        .withHeader("Location", location.apply("/api-users/" + t.token().apiUser() + "/tokens"));
  }

  static Duration duration(String text) {
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("not an ISO-8601 duration such as P30D: " + text);
    }
    if (d.isNegative() || d.isZero()) {
      throw new InvalidInputException("must be positive: " + text);
    }
    return d;
  }

  private static Map<String, Object> tokenMap(ApplicationToken t, String application) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id().toString());
    m.put("api_user", t.apiUser().toString());
    m.put("application", application);
    m.put("created_at", t.createdAt().toString());
    m.put("expires_at", t.expiresAt().toString());
    m.put("last_used_at", text(t.lastUsedAt()));
    m.put("revoked_at", text(t.revokedAt()));
    ApplicationTokenId replaces = t.replaces();
    m.put("replaces", replaces == null ? null : replaces.toString());
    return m;
  }

  private static @Nullable String text(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }

  private static String clientId(
      StoreTransaction tx, Map<ApplicationId, String> cache, ApplicationId id) {
    return cache.computeIfAbsent(
        id, k -> tx.applications().find(k).map(Application::clientId).orElse(k.toString()));
  }
}
