package dev.signon.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A person as a Signon host's {@code GET /api/user_details} describes them (the MoJ Sign On shape).
 *
 * @param id the host's identifier for the person
 * @param email the email address
 * @param firstName the first name
 * @param lastName the last name
 * @param permissions the roles this application granted, per organisation
 * @param links where the person's profile and the host's logout are
 */
public record UserDetails(
    String id,
    String email,
    String firstName,
    String lastName,
    List<OrganisationRoles> permissions,
    Links links) {

  /** Checks every component and copies the list. */
  public UserDetails {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(firstName, "firstName");
    Objects.requireNonNull(lastName, "lastName");
    permissions = List.copyOf(permissions);
    Objects.requireNonNull(links, "links");
  }

  /** True if any organisation grants {@code role} to this person for this application. */
  public boolean hasRole(String role) {
    Objects.requireNonNull(role, "role");
    return permissions.stream().anyMatch(p -> p.roles().contains(role));
  }

  /**
   * The roles granted through one organisation.
   *
   * @param organisation the organisation's dotted path, such as {@code digital.moj}
   * @param roles the roles, possibly none
   */
  public record OrganisationRoles(String organisation, List<String> roles) {
    /** Checks the organisation and copies the list. */
    public OrganisationRoles {
      Objects.requireNonNull(organisation, "organisation");
      roles = List.copyOf(roles);
    }
  }

  /**
   * The host's links for this person.
   *
   * @param profile the person's profile page
   * @param logout the host's logout, which accepts {@code ?redirect_to=}
   */
  public record Links(URI profile, URI logout) {
    /** Checks both links are present. */
    public Links {
      Objects.requireNonNull(profile, "profile");
      Objects.requireNonNull(logout, "logout");
    }
  }

  static UserDetails fromJson(Json json) throws Json.MalformedException {
    List<OrganisationRoles> permissions = new ArrayList<>();
    for (Json p : json.objects("permissions")) {
      permissions.add(new OrganisationRoles(p.string("organisation"), p.strings("roles")));
    }
    Json links = json.object("links");
    String first = json.optionalString("first_name");
    String last = json.optionalString("last_name");
    return new UserDetails(
        json.identifier("id"),
        json.string("email"),
        first == null ? "" : first,
        last == null ? "" : last,
        permissions,
        new Links(links.uri("profile"), links.uri("logout")));
  }
}
