package dev.signon.client;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person as a Signon host's {@code GET /user.json} describes them (the gds-sso shape).
 *
 * @param uid the host's stable identifier for the person
 * @param name the full name
 * @param email the email address
 * @param permissions the roles held for this application only; empty when suspended
 * @param organisationSlug the organisation's slug, if the person has one
 * @param organisationContentId the organisation's content id, if the person has one
 * @param disabled true when the person is suspended
 */
public record GdsUser(
    String uid,
    String name,
    String email,
    List<String> permissions,
    @Nullable String organisationSlug,
    @Nullable String organisationContentId,
    boolean disabled) {

  /** Checks the identifiers and copies the list. */
  public GdsUser {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    permissions = List.copyOf(permissions);
  }

  /** True if the person holds {@code permission} on this application and is not suspended. */
  public boolean hasPermission(String permission) {
    Objects.requireNonNull(permission, "permission");
    return !disabled && permissions.contains(permission);
  }

  static GdsUser fromJson(Json document) throws Json.MalformedException {
    Json user = document.object("user");
    String name = user.optionalString("name");
    return new GdsUser(
        user.string("uid"),
        name == null ? "" : name,
        user.string("email"),
        user.strings("permissions"),
        user.optionalString("organisation_slug"),
        user.optionalString("organisation_content_id"),
        user.bool("disabled", false));
  }
}
