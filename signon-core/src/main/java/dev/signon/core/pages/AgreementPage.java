package dev.signon.core.pages;

import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.HostSessions;
import dev.signon.core.token.TokenValue;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The user agreement a signed-in person must accept before their session counts: its text and an "I
 * accept" button. Accepting goes on to where they were going (an authorization request, say); the
 * page sends anyone who owes nothing on, and anyone not signed in to the sign-in page.
 */
final class AgreementPage {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).withZone(ZoneOffset.UTC);
  static final String CHANGED =
      "The agreement changed while you were reading it. Read this version and accept it to go on.";

  private final HostPages site;
  private final HostSessions sessions;

  AgreementPage(HostPages site) {
    this.site = site;
    this.sessions = site.services().hostSessions();
  }

  ProtocolResponse answer(Exchange x) {
    Optional<TokenValue> token = x.sessionToken();
    if (token.isEmpty()) {
      return x.redirect(x.path(HostPaths.SIGN_IN) + x.returnToQuery());
    }
    if (x.post) {
      int version = version(x.form("version"));
      if (sessions.acceptAgreement(token.get(), version, x.origin())) {
        return goOn(x);
      }
    }
    Optional<UserAgreement> due = sessions.agreementDue(token.get());
    if (due.isEmpty()) {
      return sessions.session(token.get()).isPresent()
          ? goOn(x)
          : x.redirect(x.path(HostPaths.SIGN_IN) + x.returnToQuery());
    }
    UserAgreement a = due.get();
    Map<String, Object> scope = Exchange.values();
    scope.put("agreementTitle", a.title());
    scope.put("paragraphs", paragraphs(a.text()));
    scope.put("version", Integer.toString(a.version()));
    scope.put("requiredFrom", DAY.format(a.requiredFrom()));
    if (x.post) {
      scope.put("error", CHANGED);
    }
    return x.page(x.post ? 409 : 200, "agreement", "Accept the user agreement", scope);
  }

  private ProtocolResponse goOn(Exchange x) {
    return x.redirect(x.returnTo().orElse(x.path(HostPaths.HOME)));
  }

  /** The text's paragraphs: the parts between blank lines. */
  static List<String> paragraphs(String text) {
    return Arrays.stream(text.split("\\n\\s*\\n"))
        .map(String::strip)
        .filter(p -> !p.isEmpty())
        .toList();
  }

  private static int version(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
