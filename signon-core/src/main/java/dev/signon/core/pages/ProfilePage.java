package dev.signon.core.pages;

import dev.signon.core.account.HostSession;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.SignInServices;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The person's profile page: who they are, the applications they may use, their password. */
final class ProfilePage {
  private final HostPages site;
  private final SignInServices service;

  ProfilePage(HostPages site) {
    this.site = site;
    this.service = site.services();
  }

  ProtocolResponse show(Exchange x, int status, List<String> errors, @Nullable String notice) {
    Optional<HostSession> s = x.sessionToken().flatMap(service.hostSessions()::session);
    if (s.isEmpty()) {
      return x.redirect(YourApplications.signInReturningTo(x, HostPaths.PROFILE));
    }
    Map<String, Object> scope =
        site.store()
            .transaction(
                tx -> {
                  User user = tx.users().find(s.get().user()).orElseThrow();
                  Map<String, Object> m = new HashMap<>();
                  m.put("name", user.name());
                  m.put("email", user.email().value());
                  OrganisationId org = user.organisation();
                  if (org != null) {
                    tx.organisations()
                        .find(org)
                        .map(Organisation::name)
                        .ifPresent(n -> m.put("organisation", n));
                  }
                  YourApplications.put(m, YourApplications.list(tx, user));
                  m.put(
                      "twoStep",
                      tx.credentials()
                          .find(user.uid())
                          .map(UserCredentials::hasTwoStep)
                          .orElse(false));
                  return m;
                });
    scope.put("errors", errors);
    if (notice != null) {
      scope.put("notice", notice);
    }
    return x.page(status, "profile", "Your account", scope);
  }

  ProtocolResponse changePassword(Exchange x) {
    Optional<HostSession> s = x.sessionToken().flatMap(service.hostSessions()::session);
    if (s.isEmpty()) {
      return x.redirect(x.path(HostPaths.SIGN_IN));
    }
    String next = x.form("password");
    List<String> errors = new ArrayList<>();
    if (!next.equals(x.form("password_confirmation"))) {
      errors.add("The passwords do not match");
    } else {
      errors.addAll(service.passwordSignIn().passwordProblems(s.get().user(), next));
    }
    if (errors.isEmpty()) {
      try {
        service
            .passwordSignIn()
            .changePassword(s.get().user(), x.form("current_password"), next, x.origin());
      } catch (InvalidInputException e) {
        errors.add(SignInSteps.reason(e));
      }
    }
    return errors.isEmpty()
        ? show(x, 200, List.of(), "Your password has been changed.")
        : show(x, 422, errors, null);
  }
}
