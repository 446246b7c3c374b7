package dev.signon.core.notify;

import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.StoreTransaction;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The protocol documents notices carry, made by the host's OAuth side so that they match what it
 * serves and signs elsewhere: {@link dev.signon.core.oauth.AuthorizationServer#noticeFormats()}.
 */
public interface NoticeFormats {
  /** The gds-sso {@code user.json} of {@code user} on {@code app}, as {@code /user.json} has it. */
  String userJson(StoreTransaction tx, User user, Application app);

  /**
   * A signed Back-Channel Logout token (OIDC Back-Channel Logout 1.0 section 2.4) for {@code app}:
   * {@code sub}, and {@code sid} when given.
   */
  String logoutToken(Application app, UserId user, @Nullable String sid, Instant now);
}
