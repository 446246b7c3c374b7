package dev.signon.client.admin;

import static dev.signon.client.admin.AdminAnswers.array;
import static dev.signon.client.admin.AdminAnswers.bool;
import static dev.signon.client.admin.AdminAnswers.issued;
import static dev.signon.client.admin.AdminAnswers.sent;
import static dev.signon.client.admin.AdminAnswers.text;
import static dev.signon.client.admin.AdminAnswers.token;

import dev.signon.client.SecretValue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A client for a Signon host's admin API, for automating the operators' runbooks: each method is
 * one call, and what the host refuses comes back as an {@link AdminRequestRejectedException} naming
 * the reason. The bearer token is an application token for the host's admin application, held by an
 * API user a superadmin gave an admin role (see {@code docs/ADMIN-API.md}).
 *
 * <pre>{@code
 * SignonAdminClient admin = SignonAdminClient.builder()
 *     .issuer(URI.create("https://signon.example.gov.uk"))
 *     .bearerToken(SecretValue.of(System.getenv("SIGNON_ADMIN_TOKEN")))
 *     .build();
 * for (ExpiringToken e : admin.expiringWithin(Duration.ofDays(14))) {
 *   IssuedApplicationToken next = admin.rotateApplicationToken(e.token().id());
 *   deliver(e.apiUserEmail(), next.value().reveal()); // shown once
 * }
 * // For a consumer outside your organisation: the host emails a link that shows the token once.
 * admin.sendApplicationToken(hmrcApiUser.uid(), "trade-tariff");
 * }</pre>
 *
 * <p>Thread-safe; build one and share it.
 */
public final class SignonAdminClient {
  private final AdminHttp api;

  private SignonAdminClient(HttpUrl base, SecretValue token, OkHttpClient http, String userAgent) {
    this.api = new AdminHttp(base, token, http, userAgent);
  }

  /** A builder; the base URL (or issuer) and the bearer token are required. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ users

  /**
   * Creates a person's account in no organisation, with the normal role, and emails them an
   * invitation.
   *
   * @throws AdminRequestRejectedException {@code CONFLICT} when the email is in use, {@code
   *     INVALID_REQUEST} naming a bad field, {@code FORBIDDEN} when the token's user may not
   * @throws AdminApiUnavailableException when the host cannot be reached
   */
  public CreatedUser createUser(String name, String email) {
    return createUser(name, email, null, null);
  }

  /**
   * Creates a person's account and emails them an invitation.
   *
   * @param organisation the organisation's slug (or id), or {@code null}
   * @param role the admin role's wire name, such as {@code normal}, or {@code null} for normal
   * @throws AdminRequestRejectedException {@code CONFLICT} when the email is in use, {@code
   *     INVALID_REQUEST} naming a bad field, {@code FORBIDDEN} when the token's user may not
   * @throws AdminApiUnavailableException when the host cannot be reached
   */
  public CreatedUser createUser(
      String name, String email, @Nullable String organisation, @Nullable String role) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", Objects.requireNonNull(name, "name"));
    body.put("email", Objects.requireNonNull(email, "email"));
    if (organisation != null) {
      body.put("organisation", organisation);
    }
    if (role != null) {
      body.put("role", role);
    }
    JsonNode n = call("POST", url("users"), body, "create user");
    return new CreatedUser(AdminAnswers.user(n), bool(n, "invitation_sent"));
  }

  /**
   * A user or API user by uid.
   *
   * @throws AdminRequestRejectedException {@code NOT_FOUND} for an unknown uid or a user outside
   *     what the caller may see
   */
  public AdminUser user(String uid) {
    return AdminAnswers.user(call("GET", url("users", uid), null, "show user"));
  }

  /**
   * One page of the users the caller may see that match {@code query}, ordered by name then email,
   * 50 a page; ask for {@code query.page(n)} with the answer's {@code nextPage()} for the next.
   *
   * @throws AdminRequestRejectedException {@code INVALID_REQUEST} naming a bad filter value, {@code
   *     FORBIDDEN} for a caller with no admin role
   */
  public UserList searchUsers(UserQuery query) {
    HttpUrl.Builder b = url("users").newBuilder();
    query.parameters().forEach(b::addQueryParameter);
    return AdminAnswers.userList(call("GET", b.build(), null, "search users"));
  }

  /**
   * Suspends an account with a reason; its tokens and sessions are revoked and the person is told.
   *
   * @throws AdminRequestRejectedException {@code NOT_FOUND}, {@code FORBIDDEN}, or {@code
   *     INVALID_REQUEST} for a blank reason or a deactivated account
   */
  public AdminUser suspend(String uid, String reason) {
    Map<String, Object> body = Map.of("reason", Objects.requireNonNull(reason, "reason"));
    return AdminAnswers.user(call("POST", url("users", uid, "suspension"), body, "suspend user"));
  }

  /**
   * Lifts a suspension; a person must choose a new password at their next sign-in.
   *
   * @throws AdminRequestRejectedException {@code INVALID_REQUEST} when the account is not suspended
   */
  public AdminUser unsuspend(String uid) {
    return AdminAnswers.user(
        call("DELETE", url("users", uid, "suspension"), null, "unsuspend user"));
  }

  /**
   * Deactivates an account completely: grants, teams, role, tokens, sessions and password all go.
   *
   * @throws AdminRequestRejectedException {@code INVALID_REQUEST} when it is already deactivated
   */
  public AdminUser deactivate(String uid) {
    return AdminAnswers.user(
        call("POST", url("users", uid, "deactivation"), Map.of(), "deactivate"));
  }

  /** Reactivates a deactivated account, with nothing given back; it has no password until reset. */
  public AdminUser reactivate(String uid) {
    return AdminAnswers.user(call("DELETE", url("users", uid, "deactivation"), null, "reactivate"));
  }

  /**
   * The accounts waiting for an admin to activate them (people who arrived from an upstream and
   * matched nobody), one page of 50 as {@link #searchUsers} gives.
   */
  public UserList pendingAccounts(int page) {
    return searchUsers(UserQuery.builder().status("pending").page(page).build());
  }

  /**
   * Activates a pending account in an organisation (slug or id, or null for none) with a role (wire
   * name) and grants: application client id to roles besides {@code signin}.
   *
   * @throws AdminRequestRejectedException {@code INVALID_REQUEST} when the account is not pending
   *     or a field is wrong, {@code FORBIDDEN} when the caller may not, {@code NOT_FOUND}
   */
  public AdminUser activate(
      String uid, @Nullable String organisation, String role, Map<String, List<String>> grants) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (organisation != null) {
      body.put("organisation", organisation);
    }
    body.put("role", Objects.requireNonNull(role, "role"));
    body.put("grants", Map.copyOf(grants));
    return AdminAnswers.user(call("POST", url("users", uid, "activation"), body, "activate"));
  }

  /**
   * Refuses a pending account with a reason: it is deactivated, and its person cannot get in.
   *
   * @throws AdminRequestRejectedException {@code INVALID_REQUEST} when the account is not pending
   *     or the reason is blank, {@code FORBIDDEN} when the caller may not
   */
  public AdminUser refuse(String uid, String reason) {
    Map<String, Object> body = Map.of("reason", Objects.requireNonNull(reason, "reason"));
    return AdminAnswers.user(call("POST", url("users", uid, "refusal"), body, "refuse"));
  }

  /**
   * Creates an active account before its person first signs in through an upstream.
   *
   * @throws AdminRequestRejectedException {@code CONFLICT} when the email or identity is taken,
   *     {@code INVALID_REQUEST} naming an unknown upstream, organisation or application
   */
  public AdminUser preActivate(PreActivation account) {
    return AdminAnswers.user(call("POST", url("pre-activations"), account.body(), "pre-activate"));
  }

  /** The versions of the user agreement a person accepted, newest first. */
  public List<AgreementAcceptance> agreementAcceptances(String uid) {
    return DirectoryAnswers.acceptances(call("GET", url("users", uid, "agreements"), null, "read"));
  }

  /**
   * Resets a person's two-step verification: they set it up again at their next sign-in, and are
   * told by email.
   *
   * @return true when the email was sent (the reset stands either way)
   * @throws AdminRequestRejectedException {@code NOT_FOUND} or {@code FORBIDDEN}
   */
  public boolean resetTwoStep(String uid) {
    JsonNode n = call("POST", url("users", uid, "two-step-reset"), Map.of(), "reset 2SV");
    return bool(n, "email_sent");
  }

  /**
   * Exempts a person from the two-step verification their organisation mandates, recording why
   * (superadmins only; never an admin).
   *
   * @throws AdminRequestRejectedException {@code INVALID_REQUEST} for an admin, an API user or a
   *     blank reason, {@code FORBIDDEN} for a caller who is not a superadmin
   */
  public AdminUser exemptFromTwoStep(String uid, String reason) {
    Objects.requireNonNull(reason, "reason");
    return AdminAnswers.user(
        call(
            "POST",
            url("users", uid, "two-step-exemption"),
            Map.of("reason", reason),
            "exempt from two-step verification"));
  }

  /**
   * Changes a user's or API user's admin role (superadmins only).
   *
   * @param role the role's wire name, such as {@code superadmin}
   */
  public AdminUser changeRole(String uid, String role) {
    Map<String, Object> body = Map.of("role", Objects.requireNonNull(role, "role"));
    return AdminAnswers.user(call("PUT", url("users", uid, "role"), body, "change role"));
  }

  // ------------------------------------------------------------------ API users and tokens

  /**
   * Creates an API user named for the team that owns it, with the team's email (superadmins only).
   *
   * @throws AdminRequestRejectedException {@code CONFLICT} when the email is in use
   */
  public AdminUser createApiUser(String name, String email) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", Objects.requireNonNull(name, "name"));
    body.put("email", Objects.requireNonNull(email, "email"));
    return AdminAnswers.user(call("POST", url("api-users"), body, "create API user"));
  }

  /** An API user by uid; {@code NOT_FOUND} for a person's uid. */
  public AdminUser apiUser(String uid) {
    return AdminAnswers.user(call("GET", url("api-users", uid), null, "show API user"));
  }

  /**
   * Creates an application token for an API user and an application, valid for the host's default
   * period (superadmins only). Its value is in the result, this once.
   *
   * @param application the application's client id
   * @throws AdminRequestRejectedException {@code INVALID_REQUEST} for an unknown or retired
   *     application or a person's uid, {@code NOT_FOUND} for an unknown uid
   */
  public IssuedApplicationToken createApplicationToken(String apiUserUid, String application) {
    return createToken(apiUserUid, application, null);
  }

  /** Like {@link #createApplicationToken(String, String)}, valid for {@code expiresIn}. */
  public IssuedApplicationToken createApplicationToken(
      String apiUserUid, String application, Duration expiresIn) {
    return createToken(apiUserUid, application, positive(expiresIn));
  }

  private IssuedApplicationToken createToken(
      String apiUserUid, String application, @Nullable Duration expiresIn) {
    return issued(
        call(
            "POST",
            url("api-users", apiUserUid, "tokens"),
            tokenBody(application, expiresIn, false),
            "create application token"));
  }

  private static Duration positive(Duration expiresIn) {
    if (expiresIn.isNegative() || expiresIn.isZero()) {
      throw new IllegalArgumentException("expiresIn must be positive");
    }
    return expiresIn;
  }

  private static Map<String, Object> tokenBody(
      String application, @Nullable Duration expiresIn, boolean byEmail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("application", Objects.requireNonNull(application, "application"));
    if (expiresIn != null) {
      body.put("expires_in", expiresIn.toString());
    }
    if (byEmail) {
      body.put("delivery", "email");
    }
    return body;
  }

  /**
   * Creates an application token, valid for the host's default period, and has the host email the
   * API user's address a one-time link that shows it once, instead of returning its value: the
   * secure way to hand a token to a consumer outside your organisation (superadmins only).
   *
   * @param application the application's client id
   * @throws AdminRequestRejectedException as {@link #createApplicationToken(String, String)} does
   * @throws AdminApiUnavailableException if the host could not send the email (it then revokes the
   *     new token, which nobody could read)
   */
  public SentApplicationToken sendApplicationToken(String apiUserUid, String application) {
    return sendToken(apiUserUid, application, null);
  }

  /** Like {@link #sendApplicationToken(String, String)}, the token valid for {@code expiresIn}. */
  public SentApplicationToken sendApplicationToken(
      String apiUserUid, String application, Duration expiresIn) {
    return sendToken(apiUserUid, application, positive(expiresIn));
  }

  private SentApplicationToken sendToken(
      String apiUserUid, String application, @Nullable Duration expiresIn) {
    return sent(
        call(
            "POST",
            url("api-users", apiUserUid, "tokens"),
            tokenBody(application, expiresIn, true),
            "send application token"));
  }

  /** Every token of an API user, newest first, never with values (superadmins only). */
  public List<ApplicationTokenInfo> applicationTokens(String apiUserUid) {
    JsonNode n = call("GET", url("api-users", apiUserUid, "tokens"), null, "list tokens");
    List<ApplicationTokenInfo> out = new ArrayList<>();
    for (JsonNode t : array(n, "tokens")) {
      out.add(token(t));
    }
    return List.copyOf(out);
  }

  /**
   * Rotates a token: its successor is issued now (its value in the result, this once), and the old
   * one keeps working until the successor is first used or the host's grace period passes.
   *
   * @throws AdminRequestRejectedException {@code NOT_FOUND}, or {@code INVALID_REQUEST} for a
   *     revoked token
   */
  public IssuedApplicationToken rotateApplicationToken(String tokenId) {
    return issued(call("POST", url("tokens", tokenId, "rotation"), Map.of(), "rotate token"));
  }

  /**
   * Rotates a token as {@link #rotateApplicationToken} does, and has the host email the successor
   * to the API user's address as a one-time link instead of returning it. If the email fails, the
   * successor is revoked and the old token lives on.
   */
  public SentApplicationToken rotateAndSendApplicationToken(String tokenId) {
    return sent(
        call(
            "POST",
            url("tokens", tokenId, "rotation"),
            Map.of("delivery", "email"),
            "rotate and send token"));
  }

  /** Revokes a token at once. */
  public void revokeApplicationToken(String tokenId) {
    call("DELETE", url("tokens", tokenId), null, "revoke token");
  }

  /** Unrevoked tokens expiring within {@code window}, soonest first (superadmins only). */
  public List<ExpiringToken> expiringWithin(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
    HttpUrl url =
        url("tokens").newBuilder().addQueryParameter("expiring-within", window.toString()).build();
    JsonNode n = call("GET", url, null, "list expiring tokens");
    List<ExpiringToken> out = new ArrayList<>();
    for (JsonNode t : array(n, "tokens")) {
      out.add(new ExpiringToken(token(t), text(t, "api_user_name"), text(t, "api_user_email")));
    }
    return List.copyOf(out);
  }

  // ------------------------------------------------------------------ directory reads

  /** The organisations the caller may see, ordered by name. */
  public List<AdminOrganisation> organisations() {
    return DirectoryAnswers.organisations(call("GET", url("organisations"), null, "organisations"));
  }

  /**
   * An organisation by id.
   *
   * @throws AdminRequestRejectedException {@code NOT_FOUND} also for one the caller may not see
   */
  public AdminOrganisation organisation(String id) {
    return DirectoryAnswers.organisation(
        call("GET", url("organisations", id), null, "organisation"));
  }

  /** The teams the caller may manage (a team admin: their teams), ordered by name. */
  public List<AdminTeam> teams() {
    return DirectoryAnswers.teams(call("GET", url("teams"), null, "teams"));
  }

  /** The applications the caller may see, ordered by name. */
  public List<AdminApplication> applications() {
    return DirectoryAnswers.applications(call("GET", url("applications"), null, "applications"));
  }

  /**
   * An application by id, with what the host tells it (pushes, back-channel logout, give-up time).
   *
   * @throws AdminRequestRejectedException {@code NOT_FOUND} also for one the caller may not see
   */
  public AdminApplication application(String id) {
    return DirectoryAnswers.application(call("GET", url("applications", id), null, "application"));
  }

  /** The grants of an application (by id) to the users and teams the caller may see. */
  public List<AdminGrant> applicationGrants(String applicationId) {
    return DirectoryAnswers.grants(
        call("GET", url("applications", applicationId, "grants"), null, "application grants"));
  }

  /** The grants that reach a user: their own and their teams'. */
  public List<AdminGrant> userGrants(String uid) {
    return DirectoryAnswers.grants(call("GET", url("users", uid, "grants"), null, "user grants"));
  }

  /**
   * One page of the audit events the caller may see that match {@code query}, newest first, 50 a
   * page.
   *
   * @throws AdminRequestRejectedException {@code INVALID_REQUEST} naming a bad filter value
   */
  public EventList searchEvents(EventQuery query) {
    HttpUrl.Builder b = url("events").newBuilder();
    query.parameters().forEach(b::addQueryParameter);
    return DirectoryAnswers.events(call("GET", b.build(), null, "search events"));
  }

  // ------------------------------------------------------------------ the whole directory

  /**
   * The host's whole directory as a directory document (version 2, see {@code
   * docs/DIRECTORY-FORMAT.md}): organisations, teams, users, API users, applications and grants,
   * without any secret. For a superadmin, or an API user holding the role {@code directory_export}
   * on the host's admin application. A staging host imports it to mirror production.
   *
   * @return the document's JSON text
   * @throws AdminRequestRejectedException {@code INVALID_TOKEN} for a token the host does not
   *     accept, {@code FORBIDDEN} for a caller without that role
   * @throws AdminApiUnavailableException when the host cannot be reached
   */
  public String directoryDocument() {
    return api.document(url("directory"), "read the directory");
  }

  // ------------------------------------------------------------------ HTTP

  private HttpUrl url(String... segments) {
    return api.url(segments);
  }

  private JsonNode call(
      String method, HttpUrl url, @Nullable Map<String, Object> body, String what) {
    return api.call(method, url, body, what);
  }

  /** Builds a {@link SignonAdminClient}. */
  public static final class Builder {
    private @Nullable HttpUrl base;
    private @Nullable SecretValue token;
    private @Nullable OkHttpClient http;
    private String userAgent = "signon-admin-client";

    private Builder() {}

    /**
     * Sets the admin API's base URL, such as {@code https://signon.example.gov.uk/api/admin/v1}.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL
     */
    public Builder baseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      HttpUrl url = HttpUrl.parse(baseUrl.toString());
      if (url == null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
      }
      List<String> segments = new ArrayList<>(url.pathSegments());
      HttpUrl.Builder b = url.newBuilder().encodedPath("/");
      segments.removeIf(String::isEmpty);
      for (String s : segments) {
        b.addPathSegment(s);
      }
      this.base = b.build();
      return this;
    }

    /**
     * Sets the base URL to the host's issuer followed by the default path {@code /api/admin/v1}.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL
     */
    public Builder issuer(URI issuer) {
      Objects.requireNonNull(issuer, "issuer");
      String s = issuer.toString();
      return baseUrl(
          URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/api/admin/v1"));
    }

    /** Sets the bearer token: an application token for the host's admin application. */
    public Builder bearerToken(SecretValue token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Sets the HTTP client, for its timeouts, proxy and TLS (default: a new one). */
    public Builder httpClient(OkHttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** Sets the {@code User-Agent} sent, which the host records in its audit log. */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent");
      if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException("userAgent must be printable ASCII");
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException naming a missing setting
     */
    public SignonAdminClient build() {
      HttpUrl b = base;
      if (b == null) {
        throw new IllegalStateException("baseUrl or issuer required");
      }
      SecretValue t = token;
      if (t == null) {
        throw new IllegalStateException("bearerToken required");
      }
      OkHttpClient h = http;
      return new SignonAdminClient(b, t, h == null ? new OkHttpClient() : h, userAgent);
    }
  }
}
