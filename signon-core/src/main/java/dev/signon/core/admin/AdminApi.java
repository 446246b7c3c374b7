package dev.signon.core.admin;

import static dev.signon.core.admin.AdminJson.describe;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.Role;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.ApplicationTokenId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's admin API: the operators' runbooks (create a user, create an API user, add, list,
 * rotate and revoke application tokens, suspend and unsuspend, deactivate and reactivate, reset
 * two-step verification, manage the user agreement) over HTTP, as a plain function from a {@link
 * ProtocolRequest} to a {@link ProtocolResponse} with JSON in and out. It only translates: every
 * operation goes through {@link AdminService}, {@link ApplicationTokenAdmin}, which check the
 * {@link AdminPolicy} and audit.
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

  /**
   * The role on the admin application that lets an API user read the whole directory document
   * ({@code GET <base>/directory}) without any admin role: what a staging host's sync user holds.
   */
  public static final String DIRECTORY_EXPORT_ROLE = DirectoryExports.PERMISSION;

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  private final SignonStore store;
  private final AdminService admin;
  private final String basePath;
  private final String clientId;
  private final CallerAuthentication authentication;
  private final UserResources users;
  private final TokenResources tokenResources;
  private final DirectoryResources directory;
  private final AgreementResources agreements;
  private final ActivationResources activations;
  private final DirectoryExports exports;

  private AdminApi(
      java.net.URI issuer,
      SignonStore store,
      AdminService admin,
      ApplicationTokenAdmin tokens,
      AgreementAdmin agreements,
      AuthorizationServer oauth,
      String basePath,
      String clientId,
      DirectoryExports exports,
      FederationSettings federation) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(oauth, "oauth");
    this.store = Objects.requireNonNull(store, "store");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.basePath = basePath;
    this.clientId = clientId;
    this.authentication = new CallerAuthentication(issuer, store, oauth, clientId);
    UnaryOperator<String> location = rest -> oauth.endpoint(basePath + rest);
    this.users = new UserResources(store, admin, location);
    this.tokenResources = new TokenResources(store, tokens, location);
    this.directory = new DirectoryResources(admin);
    this.agreements = new AgreementResources(agreements, location);
    this.activations =
        new ActivationResources(
            admin.activations(), Objects.requireNonNull(federation, "federation"), users, location);
    this.exports = Objects.requireNonNull(exports, "exports");
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
      AgreementAdmin agreements,
      AuthorizationServer oauth,
      String basePath,
      String clientId,
      DirectoryExports exports,
      FederationSettings federation) {
    Objects.requireNonNull(basePath, "basePath");
    Objects.requireNonNull(clientId, "clientId");
    if (!BASE_PATH.matcher(basePath).matches()) {
      throw new IllegalArgumentException("basePath must look like /api/admin/v1: " + basePath);
    }
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank");
    }
    return new AdminApi(
        issuer, store, admin, tokens, agreements, oauth, basePath, clientId, exports, federation);
  }

  /** The path the API is served under, relative to the issuer. */
  public String basePath() {
    return basePath;
  }

  /** The client id of the admin application whose tokens the API accepts. */
  String clientId() {
    return clientId;
  }

  /** True when {@code path} (relative to the issuer) is the API's. */
  public boolean serves(String path) {
    return path.equals(basePath) || path.startsWith(basePath + "/");
  }

  /**
   * Registers the host's admin application (API only, with the client id the API was made with and
   * the role {@value #DIRECTORY_EXPORT_ROLE}) if it is not registered yet, adds that role if it
   * lacks it, and returns it. Superadmins, and the host, only; audited.
   *
   * @throws AccessDeniedException if {@code actor} is not a superadmin
   */
  public Application registerApplication(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    Optional<Application> existing = findApplication();
    if (existing.isPresent()) {
      Application app = existing.get();
      if (app.hasRole(DIRECTORY_EXPORT_ROLE)) {
        return app;
      }
      // Registered before the directory read existed: give it the role that read needs.
      return admin.updateApplication(
          actor, app.toBuilder().role(Role.of(DIRECTORY_EXPORT_ROLE)).build());
    }
    try {
      return admin.createApplication(
          actor,
          Application.builder()
              .id(admin.newApplicationId())
              .clientId(clientId)
              .name("Signon admin API")
              .description("The host's own admin API; its tokens may manage the directory.")
              .role(Role.of(DIRECTORY_EXPORT_ROLE))
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
        throw ApiError.notFound("no such resource");
      }
      AdminCaller caller = authentication.authenticate(request);
      String rest = path.substring(basePath.length());
      List<String> segments =
          rest.isEmpty() ? List.of() : List.of(rest.substring(1).split("/", -1));
      return route(caller, request, segments).noStore();
    } catch (ApiError e) {
      log.debug("{} {} refused: {}", request.method(), path, e.getMessage());
      return e.response();
    } catch (AccessDeniedException e) {
      log.debug("{} {} refused by the admin policy: {}", request.method(), path, e.getMessage());
      return AdminJson.forbidden(describe(e));
    } catch (NotFoundException e) {
      return AdminJson.error(404, "not_found", describe(e));
    } catch (ConflictException e) {
      return AdminJson.error(409, "conflict", describe(e));
    } catch (InvalidInputException e) {
      return AdminJson.error(400, "invalid_request", describe(e));
    } catch (SignonRejectedException e) {
      return AdminJson.error(400, e.errorCode(), describe(e));
    } catch (SignonFailureException e) {
      log.warn("{} {} failed: {}", request.method(), path, e.errorCode(), e);
      return AdminJson.error(
              503, "temporarily_unavailable", "the service is temporarily unavailable")
          .withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    } catch (RuntimeException e) {
      log.error("{} {} failed", request.method(), path, e);
      return AdminJson.error(500, "server_error", "internal error");
    }
  }

  // ------------------------------------------------------------------ routing

  private ProtocolResponse route(AdminCaller caller, ProtocolRequest request, List<String> s) {
    int n = s.size();
    String head = n == 0 ? "" : s.get(0);
    Map<String, Action> actions = new LinkedHashMap<>();
    switch (head) {
      case "users" -> {
        if (n == 1) {
          actions.put("GET", () -> users.search(caller, request));
          actions.put("POST", () -> users.createUser(caller, request));
        } else {
          UserId uid = userId(s.get(1));
          if (n == 2) {
            actions.put("GET", () -> users.show(caller, uid, false));
          } else if (n == 3 && s.get(2).equals("suspension")) {
            actions.put("POST", () -> users.suspend(caller, uid, request));
            actions.put("DELETE", () -> users.unsuspend(caller, uid));
          } else if (n == 3 && s.get(2).equals("two-step-reset")) {
            actions.put("POST", () -> users.resetTwoStep(caller, uid));
          } else if (n == 3 && s.get(2).equals("two-step-exemption")) {
            actions.put("POST", () -> users.exemptFromTwoStep(caller, uid, request));
          } else if (n == 3 && s.get(2).equals("role")) {
            actions.put("PUT", () -> users.changeRole(caller, uid, request));
          } else if (n == 3 && s.get(2).equals("grants")) {
            actions.put("GET", () -> directory.grantsOfUser(caller, uid));
          } else if (n == 3 && s.get(2).equals("deactivation")) {
            actions.put("POST", () -> users.deactivate(caller, uid));
            actions.put("DELETE", () -> users.reactivate(caller, uid));
          } else if (n == 3 && s.get(2).equals("activation")) {
            actions.put("POST", () -> activations.activate(caller, uid, request));
          } else if (n == 3 && s.get(2).equals("refusal")) {
            actions.put("POST", () -> activations.refuse(caller, uid, request));
          } else if (n == 3 && s.get(2).equals("agreements")) {
            actions.put("GET", () -> agreements.acceptances(caller, uid));
          }
        }
      }
      case "api-users" -> {
        if (n == 1) {
          actions.put("POST", () -> users.createApiUser(caller, request));
        } else {
          UserId uid = userId(s.get(1));
          if (n == 2) {
            actions.put("GET", () -> users.show(caller, uid, true));
          } else if (n == 3 && s.get(2).equals("tokens")) {
            actions.put("GET", () -> tokenResources.list(caller, uid));
            actions.put("POST", () -> tokenResources.create(caller, uid, request));
          }
        }
      }
      case "tokens" -> {
        if (n == 1) {
          actions.put("GET", () -> tokenResources.expiring(caller, request));
        } else {
          ApplicationTokenId id = tokenId(s.get(1));
          if (n == 2) {
            actions.put("DELETE", () -> tokenResources.revoke(caller, id));
          } else if (n == 3 && s.get(2).equals("rotation")) {
            actions.put("POST", () -> tokenResources.rotate(caller, id, request));
          }
        }
      }
      case "agreements" -> {
        if (n == 1) {
          actions.put("GET", () -> agreements.list(caller));
          actions.put("POST", () -> agreements.add(caller, request));
        }
      }
      case "pre-activations" -> {
        if (n == 1) {
          actions.put("POST", () -> activations.preActivate(caller, request));
        }
      }
      case "directory" -> {
        if (n == 1) {
          actions.put("GET", () -> exports.read(caller.actor()));
        }
      }
      case "organisations", "teams", "applications", "events" ->
          directoryRoutes(caller, request, s, actions);
      default -> {}
    }
    if (actions.isEmpty()) {
      throw ApiError.notFound("no such resource");
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

  private void directoryRoutes(
      AdminCaller caller, ProtocolRequest request, List<String> s, Map<String, Action> actions) {
    int n = s.size();
    String head = s.get(0);
    if (n == 1) {
      switch (head) {
        case "organisations" -> actions.put("GET", () -> directory.organisations(caller));
        case "teams" -> actions.put("GET", () -> directory.teams(caller));
        case "applications" -> actions.put("GET", () -> directory.applications(caller));
        default -> actions.put("GET", () -> directory.events(caller, request));
      }
      return;
    }
    UUID id = uuid(head, s.get(1));
    switch (head) {
      case "organisations" -> {
        if (n == 2) {
          actions.put("GET", () -> directory.organisation(caller, new OrganisationId(id)));
        } else if (n == 3 && s.get(2).equals("slug")) {
          actions.put("PUT", () -> directory.changeSlug(caller, new OrganisationId(id), request));
        }
      }
      case "teams" -> {
        if (n == 2) {
          actions.put("GET", () -> directory.team(caller, new TeamId(id)));
        }
      }
      case "applications" -> {
        ApplicationId app = new ApplicationId(id);
        if (n == 2) {
          actions.put("GET", () -> directory.application(caller, app));
        } else if (n == 3 && s.get(2).equals("grants")) {
          actions.put("GET", () -> directory.grantsOfApplication(caller, app));
        }
      }
      default -> {}
    }
  }

  private static UUID uuid(String resource, String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound("no such resource: " + resource + "/" + text);
    }
  }

  private interface Action {
    ProtocolResponse run();
  }

  private static UserId userId(String text) {
    try {
      return new UserId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound("no user " + text);
    }
  }

  private static ApplicationTokenId tokenId(String text) {
    try {
      return new ApplicationTokenId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound("no application token " + text);
    }
  }
}
