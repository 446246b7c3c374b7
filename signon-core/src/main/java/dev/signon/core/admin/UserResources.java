package dev.signon.core.admin;

import static dev.signon.core.admin.AdminJson.body;
import static dev.signon.core.admin.AdminJson.json;

import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.Origin;
import dev.signon.core.store.SignonStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's {@code /users} and {@code /api-users} resources: create, show, suspend and
 * unsuspend, deactivate and reactivate, change role, reset two-step verification or exempt from it.
 * Each translates JSON to one call of {@link AdminService} and its answer back.
 */
final class UserResources {
  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

  private final SignonStore store;
  private final AdminService admin;
  private final UnaryOperator<String> location;

  UserResources(SignonStore store, AdminService admin, UnaryOperator<String> location) {
    this.store = store;
    this.admin = admin;
    this.location = location;
  }

  ProtocolResponse createUser(AdminCaller caller, ProtocolRequest request) {
    AdminJson.Body body = body(request, Set.of("name", "email", "organisation", "role"));
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
    return json(201, out).withHeader("Location", location.apply("/users/" + created.uid()));
  }

  ProtocolResponse createApiUser(AdminCaller caller, ProtocolRequest request) {
    AdminJson.Body body = body(request, Set.of("name", "email"));
    String name = body.required("name");
    Email email = body.parse("email", Email::of);
    User created = admin.createApiUser(caller.actor(), name, email);
    return user(201, created).withHeader("Location", location.apply("/api-users/" + created.uid()));
  }

  ProtocolResponse show(AdminCaller caller, UserId uid, boolean apiUser) {
    UserSummary found = admin.findUser(caller.actor(), uid);
    if (apiUser && !found.apiUser()) {
      throw new NotFoundException("no API user " + uid);
    }
    return json(200, document(found));
  }

  ProtocolResponse search(AdminCaller caller, ProtocolRequest request) {
    UserSearch search = UserQueryParameters.read(request, this::organisation, this::application);
    Page<UserSummary> page = admin.searchUsers(caller.actor(), search);
    List<Map<String, Object>> users = new ArrayList<>();
    for (UserSummary u : page.items()) {
      users.add(document(u));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("users", users);
    out.put("total", page.total());
    out.put("page", page.page());
    out.put("page_size", page.pageSize());
    if (page.hasNext()) {
      out.put("next_page", page.page() + 1);
    }
    return json(200, out);
  }

  ProtocolResponse suspend(AdminCaller caller, UserId uid, ProtocolRequest request) {
    AdminJson.Body body = body(request, Set.of("reason"));
    String reason = body.required("reason");
    return user(200, admin.suspend(caller.actor(), uid, reason));
  }

  ProtocolResponse unsuspend(AdminCaller caller, UserId uid) {
    return user(200, admin.unsuspend(caller.actor(), uid));
  }

  ProtocolResponse deactivate(AdminCaller caller, UserId uid) {
    return user(200, admin.deactivate(caller.actor(), uid));
  }

  ProtocolResponse reactivate(AdminCaller caller, UserId uid) {
    return user(200, admin.reactivate(caller.actor(), uid));
  }

  ProtocolResponse changeRole(AdminCaller caller, UserId uid, ProtocolRequest request) {
    AdminJson.Body body = body(request, Set.of("role"));
    UserRole role = body.parse("role", UserRole::fromWireName);
    return user(200, admin.changeRole(caller.actor(), uid, role));
  }

  ProtocolResponse resetTwoStep(AdminCaller caller, UserId uid) {
    Actor a = caller.actor();
    Origin origin = new Origin(a.ipAddress(), a.userAgent());
    boolean emailed = notify(() -> admin.resetTwoStep(a, uid, origin));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uid", uid.toString());
    out.put("two_step_reset", true);
    out.put("email_sent", emailed);
    return json(200, out);
  }

  ProtocolResponse exemptFromTwoStep(AdminCaller caller, UserId uid, ProtocolRequest request) {
    AdminJson.Body body = body(request, Set.of("reason"));
    return user(200, admin.exemptFromTwoStep(caller.actor(), uid, body.required("reason")));
  }

  OrganisationId organisation(String slugOrId) {
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
                  () -> ApiError.invalidRequest("organisation: no organisation " + slugOrId));
        });
  }

  String application(String clientId) {
    return store.transaction(
        tx ->
            tx.applications()
                .findByClientId(clientId)
                .map(a -> a.clientId())
                .orElseThrow(
                    () -> ApiError.invalidRequest("application: no application " + clientId)));
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

  ProtocolResponse user(int status, User u) {
    return json(status, userMap(u));
  }

  private Map<String, Object> userMap(User u) {
    return document(
        store.transaction(tx -> UserQueries.summary(tx, u, id -> tx.organisations().find(id))));
  }

  /** A user's JSON document, the same in every answer that shows a user. */
  private static Map<String, Object> document(UserSummary u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uid", u.uid().toString());
    m.put("number", u.number());
    m.put("name", u.name());
    m.put("email", u.email().value());
    m.put("api_user", u.apiUser());
    m.put("role", u.role().wireName());
    m.put("organisation", u.organisationSlug());
    m.put("status", u.status().wireName());
    m.put("suspension_reason", u.suspensionReason());
    m.put("two_step", u.twoStepSetUp());
    Instant lastSignIn = u.lastSignInAt();
    m.put("last_sign_in_at", lastSignIn == null ? null : lastSignIn.toString());
    m.put("created_at", u.createdAt().toString());
    return m;
  }
}
