package dev.signon.core.admin;

import dev.signon.core.directory.UserId;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking for an admin operation, and from where (for the audit log).
 *
 * <pre>{@code
 * Actor actor = Actor.user(adminUid, request.getRemoteAddr(), request.getHeader("User-Agent"));
 * Actor seeding = Actor.host(); // the host itself: start-up seeding, imports, scheduled jobs
 * }</pre>
 *
 * @param user the acting user, or {@code null} for the host itself
 * @param ipAddress the client's IP address, when known
 * @param userAgent the client's user agent, when known
 */
public record Actor(@Nullable UserId user, @Nullable String ipAddress, @Nullable String userAgent) {
  /** Caps what is kept of the network details, which come from the client. */
  public Actor {
    ipAddress = cap(ipAddress, 64);
    userAgent = cap(userAgent, 512);
  }

  /** A person acting through an admin page or API. */
  public static Actor user(UserId user, @Nullable String ipAddress, @Nullable String userAgent) {
    return new Actor(java.util.Objects.requireNonNull(user, "user"), ipAddress, userAgent);
  }

  /** A person acting, with no network details (for example from a console). */
  public static Actor user(UserId user) {
    return user(user, null, null);
  }

  /**
   * The host itself, with a superadmin's powers: seeding at start-up, importing a directory,
   * scheduled jobs. Audited with no initiator.
   */
  public static Actor host() {
    return new Actor(null, null, null);
  }

  /** True for the host itself. */
  boolean isHost() {
    return user == null;
  }

  private static @Nullable String cap(@Nullable String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
