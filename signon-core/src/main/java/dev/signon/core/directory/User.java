package dev.signon.core.directory;

import dev.signon.core.error.InvalidInputException;
import dev.signon.core.internal.Checks;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person, or an API user: a machine account that never signs in interactively and never has
 * two-step verification, and holds application tokens instead. An API user's role is normal unless
 * a superadmin gives it an admin role, which it exercises only through the host's admin API.
 *
 * <pre>{@code
 * User user = User.builder()
 *     .uid(uid).name("Joe Bloggs").email(Email.of("joe@example.com"))
 *     .organisation(digital.id()).createdAt(now)
 *     .build(); // role NORMAL, status INVITED
 * }</pre>
 */
public final class User {
  private final UserId uid;
  private final @Nullable Long number;
  private final String name;
  private final @Nullable String firstName;
  private final @Nullable String lastName;
  private final Email email;
  private final UserRole role;
  private final @Nullable OrganisationId organisation;
  private final UserStatus status;
  private final @Nullable String suspensionReason;
  private final boolean apiUser;
  private final Instant createdAt;

  private User(Builder b) {
    this.uid = Objects.requireNonNull(b.uid, "uid");
    if (b.number != null && b.number < 1) {
      throw new InvalidInputException("user number must be a positive whole number: " + b.number);
    }
    this.number = b.number;
    this.name = Checks.text("name", Objects.requireNonNull(b.name, "name"), 255);
    this.firstName = b.firstName == null ? null : Checks.text("first name", b.firstName, 255);
    this.lastName = b.lastName == null ? null : Checks.text("last name", b.lastName, 255);
    this.email = Objects.requireNonNull(b.email, "email");
    this.role = b.role;
    this.organisation = b.organisation;
    this.status = b.status;
    this.suspensionReason =
        b.suspensionReason == null
            ? null
            : Checks.text("suspension reason", b.suspensionReason, 1000);
    this.apiUser = b.apiUser;
    this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
    if (status == UserStatus.SUSPENDED && suspensionReason == null) {
      throw new InvalidInputException("a suspended user needs a suspension reason");
    }
  }

  /** A builder for a normal, invited person. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this user's values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b =
        new Builder()
            .uid(uid)
            .name(name)
            .email(email)
            .role(role)
            .status(status)
            .apiUser(apiUser)
            .createdAt(createdAt);
    b.firstName = firstName;
    b.lastName = lastName;
    b.organisation = organisation;
    b.suspensionReason = suspensionReason;
    b.number = number;
    return b;
  }

  /** The stable identifier, a UUID that is never reused (relying apps know the user by it). */
  public UserId uid() {
    return uid;
  }

  /**
   * The person's stable integer id, MoJ Sign On's {@code user_details} {@code id}: the store
   * assigns it when the user is first stored, and never gives it to anyone else, even after the
   * user is removed. {@code null} only on a user not stored yet.
   */
  public @Nullable Long number() {
    return number;
  }

  /** The full name. */
  public String name() {
    return name;
  }

  /** The first name as given, or the first word of {@link #name()}. */
  public String firstName() {
    if (firstName != null) {
      return firstName;
    }
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(0, space);
  }

  /** The last name as given, or what follows the first word of {@link #name()} (maybe empty). */
  public String lastName() {
    if (lastName != null) {
      return lastName;
    }
    int space = name.indexOf(' ');
    return space < 0 ? "" : name.substring(space + 1);
  }

  /** The first name exactly as stored, if one was given. */
  public @Nullable String givenFirstName() {
    return firstName;
  }

  /** The last name exactly as stored, if one was given. */
  public @Nullable String givenLastName() {
    return lastName;
  }

  /** The normalised, unique email address. */
  public Email email() {
    return email;
  }

  /** What this person may administer. */
  public UserRole role() {
    return role;
  }

  /** The organisation the user belongs to, if any. */
  public @Nullable OrganisationId organisation() {
    return organisation;
  }

  /** Where the account stands. */
  public UserStatus status() {
    return status;
  }

  /** Why the account was suspended; present exactly when {@link #status()} is suspended. */
  public @Nullable String suspensionReason() {
    return suspensionReason;
  }

  /** True for a machine account. */
  public boolean apiUser() {
    return apiUser;
  }

  /** When the account was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** True when the account may sign in and use its tokens. */
  public boolean isActive() {
    return status == UserStatus.ACTIVE;
  }

  /**
   * Compares every value but the {@link #number()}, which the store assigns and never changes: a
   * user as written equals the user as stored.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof User u
        && uid.equals(u.uid)
        && name.equals(u.name)
        && Objects.equals(firstName, u.firstName)
        && Objects.equals(lastName, u.lastName)
        && email.equals(u.email)
        && role == u.role
        && Objects.equals(organisation, u.organisation)
        && status == u.status
        && Objects.equals(suspensionReason, u.suspensionReason)
        && apiUser == u.apiUser
        && createdAt.equals(u.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uid, email, status);
  }

  @Override
  public String toString() {
    return (apiUser ? "ApiUser{" : "User{")
        + uid
        + ", "
        + role.wireName()
        + ", "
        + status.wireName()
        + "}";
  }

  /**
   * Builds a {@link User}; {@code uid}, {@code name}, {@code email} and {@code createdAt} are
   * required.
   */
  public static final class Builder {
    private @Nullable UserId uid;
    private @Nullable Long number;
    private @Nullable String name;
    private @Nullable String firstName;
    private @Nullable String lastName;
    private @Nullable Email email;
    private UserRole role = UserRole.NORMAL;
    private @Nullable OrganisationId organisation;
    private UserStatus status = UserStatus.INVITED;
    private @Nullable String suspensionReason;
    private boolean apiUser;
    private @Nullable Instant createdAt;

    private Builder() {}

    /** Sets the identifier. */
    public Builder uid(UserId uid) {
      this.uid = Objects.requireNonNull(uid, "uid");
      return this;
    }

    /**
     * Sets the integer id the user asks to keep (an import carries it); {@code null}, the default,
     * lets the store assign the next one. The store keeps it only when no user ever had it.
     */
    public Builder number(@Nullable Long number) {
      this.number = number;
      return this;
    }

    /** Sets the full name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the first name; {@code null} derives it from the full name. */
    public Builder firstName(@Nullable String firstName) {
      this.firstName = firstName;
      return this;
    }

    /** Sets the last name; {@code null} derives it from the full name. */
    public Builder lastName(@Nullable String lastName) {
      this.lastName = lastName;
      return this;
    }

    /** Sets the email address. */
    public Builder email(Email email) {
      this.email = Objects.requireNonNull(email, "email");
      return this;
    }

    /** Sets the admin role (default {@link UserRole#NORMAL}). */
    public Builder role(UserRole role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /** Sets the organisation; {@code null} for none. */
    public Builder organisation(@Nullable OrganisationId organisation) {
      this.organisation = organisation;
      return this;
    }

    /** Sets the status (default {@link UserStatus#INVITED}). */
    public Builder status(UserStatus status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /** Sets the reason for a suspension; {@code null} when not suspended. */
    public Builder suspensionReason(@Nullable String suspensionReason) {
      this.suspensionReason = suspensionReason;
      return this;
    }

    /** Marks a machine account. */
    public Builder apiUser(boolean apiUser) {
      this.apiUser = apiUser;
      return this;
    }

    /** Sets when the account was created. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /**
     * Builds the user.
     *
     * @throws InvalidInputException if a suspended user has no reason
     */
    public User build() {
      return new User(this);
    }
  }
}
