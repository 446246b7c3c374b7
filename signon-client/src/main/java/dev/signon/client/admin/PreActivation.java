package dev.signon.client.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An account to create, active, before its person first signs in through an upstream: for an email
 * (optionally only through one upstream), or for an upstream identity (its subject there).
 *
 * <pre>{@code
 * admin.preActivate(PreActivation.forEmail("Ann", "ann@justice.gov.uk")
 *     .inOrganisation("moj").withGrant("visits", "editor").onlyThrough("one-login"));
 * admin.preActivate(PreActivation.forIdentity("Bo", "bo@example.com", "one-login", "urn:fdc:1"));
 * }</pre>
 *
 * @param name the person's name
 * @param email their email
 * @param organisation the organisation's slug or id, or null for none
 * @param role the role's wire name, such as {@code normal}
 * @param grants the application grants by client id, each with roles besides {@code signin}
 * @param upstream the upstream's name: the only one it links through, or the subject's upstream
 * @param subject the person's subject at {@code upstream}, or null to match by email
 */
public record PreActivation(
    String name,
    String email,
    @Nullable String organisation,
    String role,
    Map<String, List<String>> grants,
    @Nullable String upstream,
    @Nullable String subject) {
  /** Checks the parts and copies the grants. */
  public PreActivation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    grants.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    grants = java.util.Collections.unmodifiableMap(copy);
    if (subject != null && upstream == null) {
      throw new IllegalArgumentException("a subject needs its upstream");
    }
  }

  /** An account for an email, linked at the first sign-in through any upstream that verifies it. */
  public static PreActivation forEmail(String name, String email) {
    return new PreActivation(name, email, null, "normal", Map.of(), null, null);
  }

  /** An account for the identity {@code subject} at the upstream named {@code upstream}. */
  public static PreActivation forIdentity(
      String name, String email, String upstream, String subject) {
    return new PreActivation(
        name,
        email,
        null,
        "normal",
        Map.of(),
        Objects.requireNonNull(upstream, "upstream"),
        Objects.requireNonNull(subject, "subject"));
  }

  /** This account in the organisation with that slug or id. */
  public PreActivation inOrganisation(String slugOrId) {
    return new PreActivation(name, email, slugOrId, role, grants, upstream, subject);
  }

  /** This account with the role of that wire name. */
  public PreActivation withRole(String roleName) {
    return new PreActivation(name, email, organisation, roleName, grants, upstream, subject);
  }

  /** This account with {@code signin} and {@code roles} on the application {@code clientId}. */
  public PreActivation withGrant(String clientId, String... roles) {
    Map<String, List<String>> more = new LinkedHashMap<>(grants);
    more.put(clientId, List.of(roles));
    return new PreActivation(name, email, organisation, role, more, upstream, subject);
  }

  /** This email account, linked only through the upstream of that name. */
  public PreActivation onlyThrough(String upstreamName) {
    return new PreActivation(name, email, organisation, role, grants, upstreamName, subject);
  }

  Map<String, Object> body() {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("name", name);
    b.put("email", email);
    if (organisation != null) {
      b.put("organisation", organisation);
    }
    b.put("role", role);
    b.put("grants", grants);
    if (upstream != null) {
      b.put("upstream", upstream);
    }
    if (subject != null) {
      b.put("subject", subject);
    }
    return b;
  }
}
