package dev.signon.client.admin;

import java.util.List;
import java.util.Objects;

/**
 * A team as the admin API shows it.
 *
 * @param id its id
 * @param name its name
 * @param organisation the id of its organisation
 * @param members the uids of its members
 * @param admins the uids of its team admins (members too)
 */
public record AdminTeam(
    String id, String name, String organisation, List<String> members, List<String> admins) {
  /** Copies the lists. */
  public AdminTeam {
    members = List.copyOf(Objects.requireNonNull(members, "members"));
    admins = List.copyOf(Objects.requireNonNull(admins, "admins"));
  }
}
