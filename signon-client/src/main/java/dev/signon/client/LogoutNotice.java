package dev.signon.client;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A verified back-channel logout request (OpenID Connect Back-Channel Logout 1.0): end the sessions
 * of this subject, or of this provider session. Only {@link SignonClient#validateLogoutToken}
 * creates one, and only once per {@code jti}.
 */
public final class LogoutNotice {
  private final String issuer;
  private final @Nullable String subject;
  private final @Nullable String sessionId;

  LogoutNotice(String issuer, @Nullable String subject, @Nullable String sessionId) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    if (subject == null && sessionId == null) {
      throw new IllegalArgumentException("subject or sessionId required");
    }
    this.subject = subject;
    this.sessionId = sessionId;
  }

  /** The provider that sent the notice. */
  public String issuer() {
    return issuer;
  }

  /** The subject whose sessions end ({@code sub}), if named. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** The provider session that ended ({@code sid}), if named. */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  @Override
  public String toString() {
    return "LogoutNotice[sub=" + subject + ", sid=" + sessionId + "]";
  }
}
