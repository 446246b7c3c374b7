package dev.signon.core.admin;

import static dev.signon.core.admin.AdminJson.body;

import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.federation.Upstream;
import dev.signon.core.federation.UpstreamGrant;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's activation resources (seed 004): activating or refusing a pending account ({@code
 * /users/{uid}/activation}, {@code /users/{uid}/refusal}) and pre-activating an account for an
 * email or an upstream identity ({@code /pre-activations}). Each translates JSON to one call of
 * {@link AccountActivations}; pending accounts are listed by {@code GET /users?status=pending}.
 */
final class ActivationResources {
  private final AccountActivations activations;
  private final FederationSettings federation;
  private final UserResources users;
  private final UnaryOperator<String> location;

  ActivationResources(
      AccountActivations activations,
      FederationSettings federation,
      UserResources users,
      UnaryOperator<String> location) {
    this.activations = activations;
    this.federation = federation;
    this.users = users;
    this.location = location;
  }

  ProtocolResponse activate(AdminCaller caller, UserId uid, ProtocolRequest request) {
    AdminJson.Body body = body(request, Set.of("organisation", "role", "grants"));
    OrganisationId organisation = organisation(body);
    UserRole role = role(body);
    List<UpstreamGrant> grants = grants(body);
    return users.user(200, activations.activate(caller.actor(), uid, organisation, role, grants));
  }

  ProtocolResponse refuse(AdminCaller caller, UserId uid, ProtocolRequest request) {
    AdminJson.Body body = body(request, Set.of("reason"));
    return users.user(200, activations.refuse(caller.actor(), uid, body.required("reason")));
  }

  ProtocolResponse preActivate(AdminCaller caller, ProtocolRequest request) {
    AdminJson.Body body =
        body(
            request,
            Set.of("name", "email", "organisation", "role", "grants", "upstream", "subject"));
    String name = body.required("name");
    Email email = body.parse("email", Email::of);
    NewUser spec = NewUser.of(name, email).withRole(role(body)).inOrganisation(organisation(body));
    List<UpstreamGrant> grants = grants(body);
    String upstreamName = body.optional("upstream");
    String subject = body.optional("subject");
    User created;
    if (subject != null) {
      if (upstreamName == null) {
        throw ApiError.invalidRequest("upstream: required with a subject");
      }
      created =
          activations.preActivateIdentity(
              caller.actor(), spec, grants, upstream(upstreamName), body.required("subject"));
    } else {
      String only = upstreamName == null ? null : upstream(upstreamName).name();
      created = activations.preActivate(caller.actor(), spec, grants, only);
    }
    return users
        .user(201, created)
        .withHeader("Location", location.apply("/users/" + created.uid()));
  }

  private Upstream upstream(String name) {
    return federation
        .upstream(name)
        .orElseThrow(() -> ApiError.invalidRequest("upstream: no upstream " + name));
  }

  private @Nullable OrganisationId organisation(AdminJson.Body body) {
    String org = body.optional("organisation");
    return org == null ? null : users.organisation(org);
  }

  private static UserRole role(AdminJson.Body body) {
    return body.optional("role") == null
        ? UserRole.NORMAL
        : body.parse("role", UserRole::fromWireName);
  }

  /** Reads {@code "grants": {"client-id": ["role", ...], ...}}; signin is always given. */
  private List<UpstreamGrant> grants(AdminJson.Body body) {
    JsonNode node = body.value("grants");
    if (node == null) {
      return List.of();
    }
    if (!node.isObject()) {
      throw ApiError.invalidRequest("grants: must be an object of client id to roles");
    }
    List<UpstreamGrant> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String clientId = users.application(e.getKey());
      JsonNode roles = e.getValue();
      if (!roles.isArray()) {
        throw ApiError.invalidRequest("grants: the roles of " + clientId + " must be an array");
      }
      Set<String> names = new LinkedHashSet<>();
      for (JsonNode r : roles) {
        if (!r.isString() || r.stringValue().isBlank()) {
          throw ApiError.invalidRequest("grants: a role of " + clientId + " must be a name");
        }
        names.add(r.stringValue());
      }
      out.add(new UpstreamGrant(clientId, names));
    }
    return out;
  }
}
