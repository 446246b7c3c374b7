// Over 600 lines: one route table and one JSON translation per runbook operation, each a few lines
// in front of AdminService or ApplicationTokenAdmin; the operations themselves live there.
package dev.signon.core.admin;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.access.Permissions;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.oauth.AuthenticatedBearer;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.OAuthException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.Origin;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The host's admin API: the operators' runbooks (create a user, create an API user, add, list,
 * rotate and revoke application tokens, suspend and unsuspend, reset two-step verification) over
 * HTTP, as a plain function from a {@link ProtocolRequest} to a {@link ProtocolResponse} with JSON
 * in and out. It only translates: every operation goes through {@link AdminService}, {@link
 * ApplicationTokenAdmin}, which check the {@link AdminPolicy} and audit.
 *
 * <p><b>Who may call it.</b> A caller presents, as {@code Authorization: Bearer}, a token issued
 * for the host's own admin application (client id {@value #DEFAULT_CLIENT_ID} by default; see
 * {@link #registerApplication(Actor)}) — normally an API user's application token. A token issued
 * for any other application is refused as {@code invalid_token}, even a live one: a relying app
 * that receives tokens must not be able to replay them here (a confused deputy). The caller acts as
 * the token's user, who must still hold {@code signin} on the admin application and whose Signon
 * role must let the policy allow each operation; a superadmin gives an API user that role with
 * {@link AdminService#changeRole}.
 *
 * <pre>{@code
 * AdminApi api = server.adminApi();
 * Application admin = api.registerApplication(Actor.host());             // once, idempotent
 * User robot = admin.createApiUser(me, "Runbooks", Email.of("runbooks@example.gov.uk"));
 * admin.changeRole(me, robot.uid(), UserRole.SUPERADMIN);
 * String token = tokens.create(me, robot.uid(), admin.id()).value().reveal();
 * ProtocolResponse r = api.handle("/api/admin/v1/users", request);        // from an adapter
 * }</pre>
 *
 * <p>Errors are JSON {@code {"error": code, "error_description": text}}: 400 {@code
 * invalid_request} naming the field, 401 {@code invalid_token} with {@code WWW-Authenticate} (RFC
 * 6750 section 3), 403 {@code insufficient_scope} when the policy refuses, 404 {@code not_found},
 * 405, 409 {@code conflict}, 503 {@code temporarily_unavailable}; never a stack trace. See {@code
 * docs/ADMIN-API.md}.
 */
public final class AdminApi {
  /** Where the admin API is served by default, relative to the issuer. */
  public static final String DEFAULT_BASE_PATH = "/api/admin/v1";

  /** The client id of the host's own admin application by default. */
  public static final String DEFAULT_CLIENT_ID = "signon";

  /** How far ahead {@code GET /tokens} looks when no window is given: GOV.UK Signon's alert. */
  static final Duration DEFAULT_EXPIRING_WITHIN = Duration.ofDays(14);

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final int MAX_BODY_CHARS = 64 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final java.net.URI issuer;
  private final SignonStore store;
  private final AdminService admin;
  private final ApplicationTokenAdmin tokens;
  private final AuthorizationServer oauth;
  private final String basePath;
  private final String clientId;

  private AdminApi(
      java.net.URI issuer,
      SignonStore store,
      AdminService admin,
      ApplicationTokenAdmin tokens,
      AuthorizationServer oauth,
      String basePath,
      String clientId) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.store = Objects.requireNonNull(store, "store");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.basePath = basePath;
    this.clientId = clientId;
  }

  /**
   * An admin API over the host's services; hosts get theirs from {@code SignonServer.adminApi()}.
   *
   * @param basePath where it is served, such as {@value #DEFAULT_BASE_PATH}
   * @param clientId the client id of the admin application whose tokens it accepts
   * @throws IllegalArgumentException if {@code basePath} is not a path of plain segments without a
   *     trailing slash, or {@code clientId} is blank
   */
  static AdminApi create(
      java.net.URI issuer,
      SignonStore store,
      AdminService admin,
      ApplicationTokenAdmin tokens,
      AuthorizationServer oauth,
      String basePath,
      String clientId) {
    Objects.requireNonNull(basePath, "basePath");
    Objects.requireNonNull(clientId, "clientId");
    if (!BASE_PATH.matcher(basePath).matches()) {
      throw new IllegalArgumentException("basePath must look like /api/admin/v1: " + basePath);
    }
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank");
    }
    return new AdminApi(issuer, store, admin, tokens, oauth, basePath, clientId);
  }

  /** The path the API is served under, relative to the issuer. */
  public String basePath() {
    return basePath;
  }

  /** The client id of the admin application whose tokens the API accepts. */
  public String clientId() {
    return clientId;
  }

  /** True when {@code path} (relative to the issuer) is the API's. */
  public boolean serves(String path) {
    return path.equals(basePath) || path.startsWith(basePath + "/");
  }

  /**
   * Registers the host's admin application (API only, client id {@link #clientId()}) if it is not
   * registered yet, and returns it. Superadmins, and the host, only; audited.
   *
   * @throws AccessDeniedException if {@code actor} is not a superadmin
   */
  public Application registerApplication(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    Optional<Application> existing = findApplication();
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      return admin.createApplication(
          actor,
          Application.builder()
              .id(admin.newApplicationId())
              .clientId(clientId)
              .name("Signon admin API")
              .description("The host's own admin API; its tokens may manage the directory.")
              .apiOnly(true)
              .build());
    } catch (ConflictException e) {
      // Another host instance registered it first.
      return findApplication().orElseThrow(() -> e);
    }
  }

  private Optional<Application> findApplication() {
    return store.transaction(tx -> tx.applications().findByClientId(clientId));
  }

  /**
   * Answers one request to the API.
   *
   * @param path the request's path relative to the issuer, such as {@code /api/admin/v1/users}
   * @param request the request, with its JSON body
   */
  public ProtocolResponse handle(String path, ProtocolRequest request) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(request, "request");
    try {
      if (!serves(path)) {
        throw new ApiError(404, "not_found", "no such resource");
      }
      Caller caller = authenticate(request);
      String rest = path.substring(basePath.length());
      List<String> segments =
          rest.isEmpty() ? List.of() : List.of(rest.substring(1).split("/", -1));
      return route(caller, request, segments).noStore();
    } catch (ApiError e) {
      log.debug("{} {} refused: {}", request.method(), path, e.getMessage());
      return e.response();
    } catch (AccessDeniedException e) {
      log.debug("{} {} refused by the admin policy: {}", request.method(), path, e.getMessage());
      return forbidden(describe(e));
    } catch (NotFoundException e) {
      return error(404, "not_found", describe(e));
    } catch (ConflictException e) {
      return error(409, "conflict", describe(e));
    } catch (InvalidInputException e) {
      return error(400, "invalid_request", describe(e));
    } catch (SignonRejectedException e) {
      return error(400, e.errorCode(), describe(e));
    } catch (SignonFailureException e) {
      log.warn("{} {} failed: {}", request.method(), path, e.errorCode(), e);
      return error(503, "temporarily_unavailable", "the service is temporarily unavailable");
    } catch (RuntimeException e) {
      log.error("{} {} failed", request.method(), path, e);
      return error(500, "server_error", "internal error");
    }
  }

  // ------------------------------------------------------------------ authentication

  /** The authenticated caller: the token's user as stored now, and how to audit them. */
  private record Caller(User user, Actor actor) {}

  private Caller authenticate(ProtocolRequest request) {
    boolean presented =
        request.headers("Authorization").stream()
            .anyMatch(h -> h.regionMatches(true, 0, "Bearer ", 0, 7));
    if (!presented) {
      throw unauthorized(false, "no bearer token");
    }
    AuthenticatedBearer bearer;
    try {
      bearer = oauth.authenticateBearer(request);
    } catch (OAuthException e) {
      throw unauthorized(true, String.valueOf(e.getMessage()));
    }
    Application app = bearer.application();
    if (!app.clientId().equals(clientId)) {
      // A token a relying app received for itself must not work here.
      throw unauthorized(true, "a token for " + app.clientId() + ", not for the admin API");
    }
    User user = bearer.user();
    if (user == null) {
      throw unauthorized(true, "a token with no user");
    }
    boolean signIn = store.transaction(tx -> Permissions.of(tx, user, app).canSignIn());
    if (!signIn) {
      throw new ApiError(
          403, "insufficient_scope", "the token's user may not use the admin application");
    }
    return new Caller(user, Actor.user(user.uid(), request.remoteAddress(), request.userAgent()));
  }

  private ApiError unauthorized(boolean tokenPresented, String why) {
    String realm = "Bearer realm=\"" + issuer + "\"";
    // RFC 6750 section 3.1: no error code when the request carried no token at all.
    String challenge = tokenPresented ? realm + ", error=\"invalid_token\"" : realm;
    return new ApiError(
        401,
        "invalid_token",
        "a bearer token issued for the admin API is required",
        why,
        Map.entry("WWW-Authenticate", challenge));
  }

  // ------------------------------------------------------------------ routing

  private ProtocolResponse route(Caller caller, ProtocolRequest request, List<String> s) {
    int n = s.size();
    String head = n == 0 ? "" : s.get(0);
    Map<String, Action> actions = new LinkedHashMap<>();
    switch (head) {
      case "users" -> {
        if (n == 1) {
          actions.put("POST", () -> createUser(caller, request));
        } else {
          UserId uid = userId(s.get(1));
          if (n == 2) {
            actions.put("GET", () -> showUser(caller, uid, false));
          } else if (n == 3 && s.get(2).equals("suspension")) {
            actions.put("POST", () -> suspend(caller, uid, request));
            actions.put("DELETE", () -> user(200, admin.unsuspend(caller.actor(), uid)));
          } else if (n == 3 && s.get(2).equals("two-step-reset")) {
            actions.put("POST", () -> resetTwoStep(caller, uid));
          } else if (n == 3 && s.get(2).equals("role")) {
            actions.put("PUT", () -> changeRole(caller, uid, request));
          }
        }
      }
      case "api-users" -> {
        if (n == 1) {
          actions.put("POST", () -> createApiUser(caller, request));
        } else {
          UserId uid = userId(s.get(1));
          if (n == 2) {
            actions.put("GET", () -> showUser(caller, uid, true));
          } else if (n == 3 && s.get(2).equals("tokens")) {
            actions.put("GET", () -> listTokens(caller, uid));
            actions.put("POST", () -> createToken(caller, uid, request));
          }
        }
      }
      case "tokens" -> {
        if (n == 1) {
          actions.put("GET", () -> expiringTokens(caller, request));
        } else {
          ApplicationTokenId id = tokenId(s.get(1));
          if (n == 2) {
            actions.put("DELETE", () -> revokeToken(caller, id));
          } else if (n == 3 && s.get(2).equals("rotation")) {
            actions.put("POST", () -> rotateToken(caller, id));
          }
        }
      }
      default -> {}
    }
    if (actions.isEmpty()) {
      throw new ApiError(404, "not_found", "no such resource");
    }
    Action action = actions.get(request.method());
    if (action == null) {
      throw new ApiError(
          405,
          "invalid_request",
          "method " + request.method() + " not allowed",
          Map.entry("Allow", String.join(", ", actions.keySet())));
    }
    return action.run();
  }

  private interface Action {
    ProtocolResponse run();
  }

  private static UserId userId(String text) {
    try {
      return new UserId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new ApiError(404, "not_found", "no user " + text);
    }
  }

  private static ApplicationTokenId tokenId(String text) {
    try {
      return new ApplicationTokenId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new ApiError(404, "not_found", "no application token " + text);
    }
  }

  // ------------------------------------------------------------------ users

  private ProtocolResponse createUser(Caller caller, ProtocolRequest request) {
    Body body = body(request, Set.of("name", "email", "organisation", "role"));
    String name = body.required("name");
    Email email = body.parse("email", Email::of);
    String org = body.optional("organisation");
    String roleName = body.optional("role");
    UserRole role = roleName == null ? UserRole.NORMAL : body.parse("role", UserRole::fromWireName);
    OrganisationId organisation = org == null ? null : organisation(org);
    User created =
        admin.createUser(
            caller.actor(), NewUser.of(name, email).withRole(role).inOrganisation(organisation));
    boolean invited = notify(() -> admin.invite(caller.actor(), created.uid()));
    Map<String, Object> out = userMap(created);
    out.put("invitation_sent", invited);
    return ProtocolResponse.json(201, write(out))
        .withHeader("Location", location("/users/" + created.uid()));
  }

  private OrganisationId organisation(String slugOrId) {
    return store.transaction(
        tx -> {
          Optional<Organisation> o = tx.organisations().findBySlug(slugOrId);
          if (o.isEmpty()) {
            try {
              o = tx.organisations().find(new OrganisationId(UUID.fromString(slugOrId)));
            } catch (IllegalArgumentException notAnId) {
              // neither a known slug nor an id
            }
          }
          return o.map(Organisation::id)
              .orElseThrow(
                  () ->
                      new ApiError(
                          400, "invalid_request", "organisation: no organisation " + slugOrId));
        });
  }

  private ProtocolResponse createApiUser(Caller caller, ProtocolRequest request) {
    Body body = body(request, Set.of("name", "email"));
    String name = body.required("name");
    Email email = body.parse("email", Email::of);
    User created = admin.createApiUser(caller.actor(), name, email);
    return user(201, created).withHeader("Location", location("/api-users/" + created.uid()));
  }

  private ProtocolResponse showUser(Caller caller, UserId uid, boolean apiUser) {
    User target =
        store.transaction(
            tx -> {
              User u =
                  tx.users()
                      .find(uid)
                      .filter(x -> !apiUser || x.apiUser())
                      .orElseThrow(() -> new NotFoundException("no user " + uid));
              if (!u.uid().equals(caller.user().uid())
                  && !policy(tx).mayManage(current(tx, caller), u)) {
                throw new AccessDeniedException("may not see user " + uid);
              }
              return u;
            });
    return user(200, target);
  }

  private ProtocolResponse suspend(Caller caller, UserId uid, ProtocolRequest request) {
    Body body = body(request, Set.of("reason"));
    String reason = body.required("reason");
    return user(200, admin.suspend(caller.actor(), uid, reason));
  }

  private ProtocolResponse changeRole(Caller caller, UserId uid, ProtocolRequest request) {
    Body body = body(request, Set.of("role"));
    UserRole role = body.parse("role", UserRole::fromWireName);
    return user(200, admin.changeRole(caller.actor(), uid, role));
  }

  private ProtocolResponse resetTwoStep(Caller caller, UserId uid) {
    Actor a = caller.actor();
    Origin origin = new Origin(a.ipAddress(), a.userAgent());
    boolean emailed = notify(() -> admin.resetTwoStep(a, uid, origin));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uid", uid.toString());
    out.put("two_step_reset", true);
    out.put("email_sent", emailed);
    return ProtocolResponse.json(200, write(out));
  }

  /**
   * Runs an operation that commits its change and then emails someone; false when only the email
   * could not be handed over (the change stands, and the operator should know).
   */
  private static boolean notify(Runnable operation) {
    try {
      operation.run();
      return true;
    } catch (SignonFailureException e) {
      if (!e.errorCode().equals(EmailSender.EMAIL_UNAVAILABLE)) {
        throw e;
      }
      log.warn("the change was made but the email could not be sent: {}", e.getMessage());
      return false;
    }
  }

  // ------------------------------------------------------------------ application tokens

  private ProtocolResponse createToken(Caller caller, UserId uid, ProtocolRequest request) {
    Body body = body(request, Set.of("application", "expires_in"));
    String application = body.required("application");
    String validity = body.optional("expires_in");
    Duration expiresIn = validity == null ? null : body.parse("expires_in", AdminApi::duration);
    ApplicationId appId =
        store
            .transaction(tx -> tx.applications().findByClientId(application))
            .map(Application::id)
            .orElseThrow(
                () ->
                    new ApiError(
                        400, "invalid_request", "application: no application " + application));
    ApplicationTokenAdmin.NewApplicationToken t =
        expiresIn == null
            ? tokens.create(caller.actor(), uid, appId)
            : tokens.create(caller.actor(), uid, appId, expiresIn);
    return newToken(t);
  }

  private ProtocolResponse listTokens(Caller caller, UserId uid) {
    List<Map<String, Object>> out =
        store.transaction(
            tx -> {
              policy(tx).checkSuperadmin(current(tx, caller), "list application tokens");
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
    return ProtocolResponse.json(200, write(Map.of("tokens", out)));
  }

  private ProtocolResponse expiringTokens(Caller caller, ProtocolRequest request) {
    List<String> values = request.queryParameters().getOrDefault("expiring-within", List.of());
    if (values.size() > 1) {
      throw new ApiError(400, "invalid_request", "expiring-within: given more than once");
    }
    Duration window;
    try {
      window = values.isEmpty() ? DEFAULT_EXPIRING_WITHIN : duration(values.get(0));
    } catch (InvalidInputException e) {
      throw new ApiError(400, "invalid_request", "expiring-within: " + e.getMessage());
    }
    store.transaction(
        tx -> {
          policy(tx).checkSuperadmin(current(tx, caller), "list application tokens");
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
    return ProtocolResponse.json(200, write(body));
  }

  private ProtocolResponse rotateToken(Caller caller, ApplicationTokenId id) {
    return newToken(tokens.rotate(caller.actor(), id));
  }

  private ProtocolResponse revokeToken(Caller caller, ApplicationTokenId id) {
    tokens.revoke(caller.actor(), id);
    return ProtocolResponse.empty(204);
  }

  private ProtocolResponse newToken(ApplicationTokenAdmin.NewApplicationToken t) {
    String app = store.transaction(tx -> clientId(tx, new HashMap<>(), t.token().application()));
    Map<String, Object> m = tokenMap(t.token(), app);
    // Shown this once; only its hash is stored.
    m.put("token", t.value().reveal());
    return ProtocolResponse.json(201, write(m))
        .withHeader("Location", location("/api-users/" + t.token().apiUser() + "/tokens"));
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

  // ------------------------------------------------------------------ rendering

  private ProtocolResponse user(int status, User u) {
    return ProtocolResponse.json(status, write(userMap(u)));
  }

  private Map<String, Object> userMap(User u) {
    OrganisationId orgId = u.organisation();
    String org =
        orgId == null
            ? null
            : store.transaction(
                tx -> tx.organisations().find(orgId).map(Organisation::slug).orElse(null));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uid", u.uid().toString());
    m.put("name", u.name());
    m.put("email", u.email().value());
    m.put("api_user", u.apiUser());
    m.put("role", u.role().wireName());
    m.put("organisation", org);
    m.put("status", u.status().wireName());
    m.put("suspension_reason", u.suspensionReason());
    m.put("created_at", u.createdAt().toString());
    return m;
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

  private String location(String rest) {
    return oauth.endpoint(basePath + rest);
  }

  private static String write(Object value) {
    return JSON.writeValueAsString(value);
  }

  private static AdminPolicy policy(StoreTransaction tx) {
    return AdminPolicy.over(OrganisationGraph.of(tx.organisations().list()));
  }

  private static User current(StoreTransaction tx, Caller caller) {
    return tx.users()
        .find(caller.user().uid())
        .orElseThrow(() -> new AccessDeniedException("unknown actor"));
  }

  private static String describe(SignonRejectedException e) {
    String m = e.getMessage();
    return m == null ? e.errorCode() : m;
  }

  private static ProtocolResponse forbidden(String description) {
    return error(403, "insufficient_scope", description)
        .withHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
  }

  private static ProtocolResponse error(int status, String code, String description) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("error", code);
    m.put("error_description", description);
    return ProtocolResponse.json(status, JSON.writeValueAsString(m)).noStore();
  }

  // ------------------------------------------------------------------ request bodies

  private static Body body(ProtocolRequest request, Set<String> allowed) {
    String text = request.body();
    if (text.length() > MAX_BODY_CHARS) {
      throw new ApiError(400, "invalid_request", "body too large");
    }
    JsonNode node;
    try {
      node = text.isBlank() ? null : JSON.readTree(text);
    } catch (JacksonException e) {
      throw new ApiError(400, "invalid_request", "body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ApiError(400, "invalid_request", "body must be a JSON object");
    }
    for (String key : node.propertyNames()) {
      if (!allowed.contains(key)) {
        throw new ApiError(400, "invalid_request", key + ": unknown field");
      }
    }
    return new Body(node);
  }

  /** A JSON object body with reads that name the field they refuse. */
  private static final class Body {
    private final JsonNode node;

    Body(JsonNode node) {
      this.node = node;
    }

    @Nullable String optional(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isString()) {
        throw new ApiError(400, "invalid_request", field + ": must be a string");
      }
      return v.stringValue();
    }

    String required(String field) {
      String v = optional(field);
      if (v == null || v.isBlank()) {
        throw new ApiError(400, "invalid_request", field + ": required");
      }
      return v;
    }

    <T> T parse(String field, java.util.function.Function<String, T> parser) {
      String v = required(field);
      try {
        return parser.apply(v);
      } catch (InvalidInputException e) {
        throw new ApiError(400, "invalid_request", field + ": " + describe(e));
      }
    }
  }

  /** A refusal the API makes itself, with its answer. */
  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final String description;

    @SuppressWarnings({"serial", "ImmutableEnumChecker"})
    private final List<Map.Entry<String, String>> headers;

    @SafeVarargs
    ApiError(int status, String code, String description, Map.Entry<String, String>... headers) {
      this(status, code, description, description, headers);
    }

    @SafeVarargs
    ApiError(
        int status,
        String code,
        String description,
        String logMessage,
        Map.Entry<String, String>... headers) {
      super(logMessage, null, false, false);
      this.status = status;
      this.code = code;
      this.description = description;
      this.headers = List.of(headers);
    }

    ProtocolResponse response() {
      ProtocolResponse r = error(status, code, description);
      for (Map.Entry<String, String> h : headers) {
        r = r.withHeader(h.getKey(), h.getValue());
      }
      return r;
    }
  }
}
