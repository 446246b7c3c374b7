package dev.signon.servlet;

import dev.signon.client.SecretValue;
import dev.signon.client.Tokens;
import dev.signon.client.VerifiedIdToken;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP session remembers about a signed-in person: who they are, their roles, and what
 * refreshing those roles needs. Immutable and serializable; a change stores a new instance.
 *
 * <p>The access and refresh tokens are kept because the roles are refreshed with them; {@link
 * #toString()} never prints them. The verified ID token is transient: it serves as {@code
 * id_token_hint} at sign-out, and a session restored from disk signs out without it.
 */
final class SessionState implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** Where the roles came from, and so how they are refreshed. */
  enum Source {
    CLAIM,
    USER_DETAILS,
    USER_JSON,
    FALLBACK
  }

  final String key;
  final String subject;
  final String uid;
  final String name;
  final @Nullable String email;
  final List<String> roles;
  final @Nullable String organisation;
  final @Nullable String accountId;
  final @Nullable String providerSessionId;
  final Source source;
  final Instant signedInAt;
  final Instant rolesCheckedAt;
  final @Nullable String appliedUpdate;
  final @Nullable String accessToken;
  final @Nullable Instant accessTokenExpiresAt;
  final @Nullable String refreshToken;
  final @Nullable String logoutUrl;
  final transient @Nullable VerifiedIdToken idToken;

  private SessionState(Draft d) {
    this.key = Objects.requireNonNull(d.key, "key");
    this.subject = Objects.requireNonNull(d.subject, "subject");
    this.uid = d.uid != null ? d.uid : d.subject;
    this.name = d.name;
    this.email = d.email;
    this.roles = List.copyOf(d.roles);
    this.organisation = d.organisation;
    this.accountId = d.accountId;
    this.providerSessionId = d.providerSessionId;
    this.source = Objects.requireNonNull(d.source, "source");
    this.signedInAt = Objects.requireNonNull(d.signedInAt, "signedInAt");
    this.rolesCheckedAt = Objects.requireNonNull(d.rolesCheckedAt, "rolesCheckedAt");
    this.appliedUpdate = d.appliedUpdate;
    this.accessToken = d.accessToken;
    this.accessTokenExpiresAt = d.accessTokenExpiresAt;
    this.refreshToken = d.refreshToken;
    this.logoutUrl = d.logoutUrl;
    this.idToken = d.idToken;
  }

  static Draft draft() {
    return new Draft();
  }

  Draft toDraft() {
    Draft d = new Draft();
    d.key = key;
    d.subject = subject;
    d.uid = uid;
    d.name = name;
    d.email = email;
    d.roles = roles;
    d.organisation = organisation;
    d.accountId = accountId;
    d.providerSessionId = providerSessionId;
    d.source = source;
    d.signedInAt = signedInAt;
    d.rolesCheckedAt = rolesCheckedAt;
    d.appliedUpdate = appliedUpdate;
    d.accessToken = accessToken;
    d.accessTokenExpiresAt = accessTokenExpiresAt;
    d.refreshToken = refreshToken;
    d.logoutUrl = logoutUrl;
    d.idToken = idToken;
    return d;
  }

  /** The person as the app sees them. */
  SignonPrincipal principal() {
    SignonPrincipal.Builder b = SignonPrincipal.builder(subject).uid(uid).name(name).roles(roles);
    if (email != null && !email.isBlank()) {
      b.email(email);
    }
    if (organisation != null && !organisation.isBlank()) {
      b.organisation(organisation);
    }
    if (accountId != null) {
      b.accountId(accountId);
    }
    return b.build();
  }

  @Nullable SecretValue accessTokenValue() {
    return accessToken == null ? null : SecretValue.of(accessToken);
  }

  @Nullable SecretValue refreshTokenValue() {
    return refreshToken == null ? null : SecretValue.of(refreshToken);
  }

  /** Names the subject, source and roles; never a token. */
  @Override
  public String toString() {
    return "SessionState[sub=" + subject + ", source=" + source + ", roles=" + roles + "]";
  }

  /** A mutable copy to change and build again. */
  static final class Draft {
    @Nullable String key;
    @Nullable String subject;
    @Nullable String uid;
    String name = "";
    @Nullable String email;
    List<String> roles = List.of();
    @Nullable String organisation;
    @Nullable String accountId;
    @Nullable String providerSessionId;
    @Nullable Source source;
    @Nullable Instant signedInAt;
    @Nullable Instant rolesCheckedAt;
    @Nullable String appliedUpdate;
    @Nullable String accessToken;
    @Nullable Instant accessTokenExpiresAt;
    @Nullable String refreshToken;
    @Nullable String logoutUrl;
    @Nullable VerifiedIdToken idToken;

    private Draft() {}

    /** Takes the person's name, email, roles and organisation from a principal. */
    Draft person(SignonPrincipal p) {
      this.subject = p.subject();
      this.uid = p.uid();
      this.name = p.name();
      this.email = p.email().orElse(null);
      this.roles = List.copyOf(p.roles());
      this.organisation = p.organisation().orElse(null);
      this.accountId = p.accountId().orElse(null);
      return this;
    }

    /** Takes new tokens, keeping the old refresh token when none was issued. */
    Draft tokens(Tokens tokens) {
      this.accessToken = tokens.accessToken().reveal();
      this.accessTokenExpiresAt = tokens.expiresAt().orElse(null);
      tokens.refreshToken().ifPresent(r -> this.refreshToken = r.reveal());
      tokens.idToken().ifPresent(t -> this.idToken = t);
      return this;
    }

    SessionState build() {
      return new SessionState(this);
    }

    @Override
    public String toString() {
      return "SessionState.Draft[sub=" + subject + "]";
    }
  }
}
