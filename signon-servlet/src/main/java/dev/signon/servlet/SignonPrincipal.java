package dev.signon.servlet;

import java.security.Principal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The person (or API client) a request acts for: who they are at the provider, their roles on this
 * app, and the local account they are linked to.
 *
 * <p>{@link SignonFilter} makes one for every signed-in browser session and every valid bearer
 * token; read it with {@link SignonRequest#user}. The builder is public so that {@link
 * FallbackAccounts} can describe known accounts and so tests can make one.
 *
 * <pre>{@code
 * SignonPrincipal joe = SignonPrincipal.builder("user-1")
 *     .name("Joe Bloggs")
 *     .email("joe@example.com")
 *     .roles(Set.of("signin", "editor"))
 *     .build();
 * }</pre>
 */
public final class SignonPrincipal implements Principal {
  private final String subject;
  private final String uid;
  private final String name;
  private final @Nullable String email;
  private final Set<String> roles;
  private final @Nullable String organisation;
  private final @Nullable String accountId;

  private SignonPrincipal(Builder b) {
    this.subject = b.subject;
    this.uid = b.uid != null ? b.uid : b.subject;
    this.name = b.name;
    this.email = b.email;
    this.roles = Set.copyOf(b.roles);
    this.organisation = b.organisation;
    this.accountId = b.accountId;
  }

  /**
   * Starts a principal for the provider's subject identifier ({@code sub}).
   *
   * @throws IllegalArgumentException if {@code subject} is blank
   */
  public static Builder builder(String subject) {
    return new Builder(subject);
  }

  /** A builder holding every value of this principal. */
  Builder toBuilder() {
    Builder b = new Builder(subject).uid(uid).name(name).roles(roles);
    if (email != null) {
      b.email(email);
    }
    if (organisation != null) {
      b.organisation(organisation);
    }
    if (accountId != null) {
      b.accountId(accountId);
    }
    return b;
  }

  /**
   * The provider's identifier for the person ({@code sub}, or the API token's subject or client);
   * link it to a local account, never use it as the local key.
   */
  public String subject() {
    return subject;
  }

  /**
   * The Signon host's identifier for the person: the gds-sso {@code uid} or the MoJ {@code
   * user_details} id; the subject when the provider has no other.
   */
  public String uid() {
    return uid;
  }

  /** The person's full name; empty when the provider did not say. */
  public String name() {
    return name;
  }

  /** The email address, when known. */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** The roles held on this app (Signon's permissions), possibly none. */
  public Set<String> roles() {
    return roles;
  }

  /** True if the person holds {@code role} on this app. */
  public boolean hasRole(String role) {
    return roles.contains(Objects.requireNonNull(role, "role"));
  }

  /** The organisation's slug (gds-sso) or dotted path (MoJ), when the provider says. */
  public Optional<String> organisation() {
    return Optional.ofNullable(organisation);
  }

  /** The app's own account id the {@link AccountLinker} linked this person to, if any. */
  public Optional<String> accountId() {
    return Optional.ofNullable(accountId);
  }

  /** The {@link #uid()}, as the servlet API's remote user. */
  @Override
  public String getName() {
    return uid;
  }

  /** Names the subject, account and roles; never a token. */
  @Override
  public String toString() {
    return "SignonPrincipal[sub="
        + subject
        + (accountId != null ? ", account=" + accountId : "")
        + ", roles="
        + roles
        + "]";
  }

  /** Collects a principal's values; only the subject is required. */
  public static final class Builder {
    private final String subject;
    private @Nullable String uid;
    private String name = "";
    private @Nullable String email;
    private Set<String> roles = Set.of();
    private @Nullable String organisation;
    private @Nullable String accountId;

    private Builder(String subject) {
      this.subject = nonBlank(subject, "subject");
    }

    /**
     * Sets the host's identifier for the person; default the subject.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder uid(String uid) {
      this.uid = nonBlank(uid, "uid");
      return this;
    }

    /** Sets the full name; default empty. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the email address.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder email(String email) {
      this.email = nonBlank(email, "email");
      return this;
    }

    /**
     * Sets the roles on this app; the collection is copied.
     *
     * @throws IllegalArgumentException if a role is blank
     */
    public Builder roles(Collection<String> roles) {
      Set<String> copy = new LinkedHashSet<>();
      for (String role : Objects.requireNonNull(roles, "roles")) {
        copy.add(nonBlank(role, "roles"));
      }
      this.roles = copy;
      return this;
    }

    /**
     * Sets the organisation.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder organisation(String organisation) {
      this.organisation = nonBlank(organisation, "organisation");
      return this;
    }

    /**
     * Sets the local account id.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder accountId(String accountId) {
      this.accountId = nonBlank(accountId, "accountId");
      return this;
    }

    /** Builds the principal. */
    public SignonPrincipal build() {
      return new SignonPrincipal(this);
    }

    private static String nonBlank(@Nullable String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
