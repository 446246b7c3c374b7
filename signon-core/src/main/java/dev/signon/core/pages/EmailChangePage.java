package dev.signon.core.pages;

import dev.signon.core.account.HostSession;
import dev.signon.core.admin.EmailChanges;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.token.TokenValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The page of the link that confirms a new email address ({@link HostPaths#EMAIL_CHANGE_LINK}). As
 * for the other emailed links, a GET only shows a button, so mail scanners do not use it up; the
 * POST makes the change. Someone signed in as another person is refused, and the link still works.
 */
final class EmailChangePage {
  private final HostPages site;
  private final EmailChanges changes;

  EmailChangePage(HostPages site, EmailChanges changes) {
    this.site = site;
    this.changes = changes;
  }

  ProtocolResponse answer(Exchange x) {
    String token = x.linkToken();
    if (x.get) {
      return x.page(
          200,
          "link",
          "Confirm your new email address",
          Map.of("token", token, "action", "email-change", "button", "Confirm my new address"));
    }
    @Nullable UserId signedIn =
        x.sessionToken()
            .flatMap(site.services().hostSessions()::session)
            .map(HostSession::user)
            .orElse(null);
    try {
      TokenValue link =
          TokenValue.presented(token)
              .orElseThrow(
                  () ->
                      new InvalidInputException("This link has expired or has already been used."));
      changes.confirm(link, signedIn, x.origin());
    } catch (InvalidInputException | ConflictException e) {
      String m = e.getMessage();
      return x.message(
          400, "This link cannot be used", m == null ? "This link cannot be used." : m);
    }
    return x.message(
        200,
        "Your email address has been changed",
        "Use your new address when you sign in.",
        x.path(HostPaths.SIGN_IN),
        "Sign in");
  }
}
