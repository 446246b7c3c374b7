package dev.signon.core.transfer;

import java.util.Objects;

/**
 * What an import did, kind by kind. Entities the document does not mention are not counted: an
 * import never touches them.
 *
 * @param organisations organisations created, updated or left unchanged
 * @param teams teams created, updated or left unchanged
 * @param users people created, updated or left unchanged
 * @param apiUsers API users created, updated or left unchanged
 * @param applications applications created, updated or left unchanged
 * @param grants grants created, updated or left unchanged
 */
public record ImportReport(
    Counts organisations,
    Counts teams,
    Counts users,
    Counts apiUsers,
    Counts applications,
    Counts grants) {

  /** Checks every count is present. */
  public ImportReport {
    Objects.requireNonNull(organisations, "organisations");
    Objects.requireNonNull(teams, "teams");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(apiUsers, "apiUsers");
    Objects.requireNonNull(applications, "applications");
    Objects.requireNonNull(grants, "grants");
  }

  /** True when the import created or updated anything; false when the store already matched. */
  public boolean changed() {
    return organisations.changed()
        || teams.changed()
        || users.changed()
        || apiUsers.changed()
        || applications.changed()
        || grants.changed();
  }

  /**
   * The counts on one line, as written to the audit log: {@code organisations 1 created, 0 updated,
   * 4 unchanged; teams …}.
   */
  public String summary() {
    return "organisations "
        + organisations
        + "; teams "
        + teams
        + "; users "
        + users
        + "; api_users "
        + apiUsers
        + "; applications "
        + applications
        + "; grants "
        + grants;
  }

  @Override
  public String toString() {
    return "ImportReport{" + summary() + "}";
  }

  /**
   * How many entities of one kind an import created, updated (some value differed) and left
   * unchanged (the store already held exactly the document's values).
   *
   * @param created entities whose id was new to the store
   * @param updated entities whose id was stored with other values
   * @param unchanged entities stored exactly as in the document
   */
  public record Counts(int created, int updated, int unchanged) {
    /** Nothing of this kind. */
    public static final Counts NONE = new Counts(0, 0, 0);

    /** Checks that no count is negative. */
    public Counts {
      if (created < 0 || updated < 0 || unchanged < 0) {
        throw new IllegalArgumentException("counts must not be negative");
      }
    }

    /** True when anything was created or updated. */
    public boolean changed() {
      return created > 0 || updated > 0;
    }

    /** Every entity of this kind that the document held. */
    public int total() {
      return created + updated + unchanged;
    }

    @Override
    public String toString() {
      return created + " created, " + updated + " updated, " + unchanged + " unchanged";
    }
  }
}
