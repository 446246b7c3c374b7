package dev.signon.client.admin;

import java.util.List;
import java.util.Objects;

/**
 * An organisation as the admin API shows it.
 *
 * @param id its id
 * @param slug its unique slug, such as {@code prisons.moj}
 * @param name its name
 * @param parents the ids of its parents (an organisation may have several)
 * @param twoStepMandated whether its people must use two-step verification
 * @param closed whether it is closed
 */
public record AdminOrganisation(
    String id,
    String slug,
    String name,
    List<String> parents,
    boolean twoStepMandated,
    boolean closed) {
  /** Copies the parents. */
  public AdminOrganisation {
    parents = List.copyOf(Objects.requireNonNull(parents, "parents"));
  }
}
