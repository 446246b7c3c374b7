package dev.signon.core.directory;

import dev.signon.core.error.InvalidInputException;
import dev.signon.core.internal.Checks;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A team belongs to one organisation and has members; some members are team admins, who may add and
 * remove members. Applications are usually granted to teams (MoJ Sign On's model).
 *
 * <pre>{@code
 * Team team = Team.builder().id(id).name("Reporting").organisation(digital.id()).build();
 * }</pre>
 */
public final class Team {
  private final TeamId id;
  private final String name;
  private final OrganisationId organisation;
  private final Set<UserId> members;
  private final Set<UserId> admins;

  private Team(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.name = Checks.text("name", Objects.requireNonNull(b.name, "name"), 255);
    this.organisation = Objects.requireNonNull(b.organisation, "organisation");
    this.members = Set.copyOf(b.members);
    this.admins = Set.copyOf(b.admins);
    if (!members.containsAll(admins)) {
      throw new InvalidInputException("every team admin must be a member of team " + name);
    }
  }

  /** A builder with no members. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this team's values, to make a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .name(name)
        .organisation(organisation)
        .members(members)
        .admins(admins);
  }

  /** The stable identifier. */
  public TeamId id() {
    return id;
  }

  /** The team's name. */
  public String name() {
    return name;
  }

  /** The organisation the team belongs to. */
  public OrganisationId organisation() {
    return organisation;
  }

  /** Every member, team admins included. */
  public Set<UserId> members() {
    return members;
  }

  /** The members who may add and remove members. */
  public Set<UserId> admins() {
    return admins;
  }

  /** A copy with {@code user} added as a member (and as a team admin when {@code admin}). */
  public Team withMember(UserId user, boolean admin) {
    Set<UserId> m = new java.util.HashSet<>(members);
    m.add(user);
    Set<UserId> a = new java.util.HashSet<>(admins);
    if (admin) {
      a.add(user);
    } else {
      a.remove(user);
    }
    return toBuilder().members(m).admins(a).build();
  }

  /** A copy without {@code user}. */
  public Team withoutMember(UserId user) {
    Set<UserId> m = new java.util.HashSet<>(members);
    m.remove(user);
    Set<UserId> a = new java.util.HashSet<>(admins);
    a.remove(user);
    return toBuilder().members(m).admins(a).build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Team t
        && id.equals(t.id)
        && name.equals(t.name)
        && organisation.equals(t.organisation)
        && members.equals(t.members)
        && admins.equals(t.admins);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, organisation, members, admins);
  }

  @Override
  public String toString() {
    return "Team{" + name + ", " + id + "}";
  }

  /** Builds a {@link Team}; {@code id}, {@code name} and {@code organisation} are required. */
  public static final class Builder {
    private @Nullable TeamId id;
    private @Nullable String name;
    private @Nullable OrganisationId organisation;
    private Set<UserId> members = Set.of();
    private Set<UserId> admins = Set.of();

    private Builder() {}

    /** Sets the identifier. */
    public Builder id(TeamId id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Sets the name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the organisation the team belongs to. */
    public Builder organisation(OrganisationId organisation) {
      this.organisation = Objects.requireNonNull(organisation, "organisation");
      return this;
    }

    /** Replaces the members (copied). */
    public Builder members(Set<UserId> members) {
      this.members = Set.copyOf(members);
      return this;
    }

    /** Replaces the team admins (copied); each must also be a member. */
    public Builder admins(Set<UserId> admins) {
      this.admins = Set.copyOf(admins);
      return this;
    }

    /**
     * Builds the team.
     *
     * @throws InvalidInputException if a team admin is not a member
     */
    public Team build() {
      return new Team(this);
    }
  }
}
