package dev.signon.core.pages;

import dev.signon.core.account.HostSession;
import dev.signon.core.oauth.Authentication;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.oauth.SignInGate;
import dev.signon.core.signin.HostSessions;
import dev.signon.core.signin.Origin;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The gate of the host's own pages: who is signed in comes from the session cookie the pages set,
 * and a challenge sends the browser to the sign-in page.
 */
final class SessionGate implements SignInGate {
  private final HostSessions service;
  private final HostPaths paths;
  private final Cookies cookies;

  SessionGate(HostSessions service, HostPaths paths) {
    this.service = Objects.requireNonNull(service, "service");
    this.paths = Objects.requireNonNull(paths, "paths");
    this.cookies = Cookies.forIssuer(paths.issuer());
  }

  @Override
  public Optional<Authentication> current(ProtocolRequest request) {
    return request
        .cookie(Cookies.SESSION)
        .flatMap(TokenValue::presented)
        .flatMap(service::session)
        .flatMap(SessionGate::authentication);
  }

  private static Optional<Authentication> authentication(HostSession s) {
    return s.authTime() == null
        ? Optional.empty()
        : Optional.of(new Authentication(s.user(), Objects.requireNonNull(s.authTime()), s.id()));
  }

  /**
   * Sends the browser to the sign-in page, or to the user agreement when the person has signed in
   * but must accept it first. A forced sign-in ({@code prompt=login}, an old {@code max_age})
   * leaves the current session alone: the sign-in page always asks for the password, and a
   * successful sign-in replaces the session. Ending it here would let any site sign people out with
   * a link.
   */
  @Override
  public ProtocolResponse challenge(ProtocolRequest request, URI returnTo, boolean forceLogin) {
    boolean agreementDue =
        !forceLogin
            && request
                .cookie(Cookies.SESSION)
                .flatMap(TokenValue::presented)
                .flatMap(service::agreementDue)
                .isPresent();
    return ProtocolResponse.redirect(
            URI.create(
                paths.path(agreementDue ? HostPaths.AGREEMENT : HostPaths.SIGN_IN)
                    + "?return_to="
                    + URLEncoder.encode(returnTo.toString(), StandardCharsets.UTF_8)))
        .noStore();
  }

  @Override
  public ProtocolResponse signOut(ProtocolRequest request, ProtocolResponse then) {
    end(request);
    return then.withHeader("Set-Cookie", cookies.clear(Cookies.SESSION));
  }

  private void end(ProtocolRequest request) {
    request
        .cookie(Cookies.SESSION)
        .flatMap(TokenValue::presented)
        .ifPresent(
            t -> service.signOut(t, new Origin(request.remoteAddress(), request.userAgent())));
  }
}
