package dev.signon.servlet.host;

import dev.signon.core.account.HostSession;
import dev.signon.core.oauth.Authentication;
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
import org.jspecify.annotations.Nullable;

/**
 * The {@link SignInGate} of the host's own {@link SignInPages}: who is signed in comes from the
 * session cookie the pages set, and a challenge sends the browser to {@code /sign-in}.
 *
 * <p>The gate is needed to build the {@code SignonServer}, and the pages need the server; so the
 * gate is created first, unbound, and {@link SignInPages.Builder#build()} binds it. Until then it
 * sees nobody signed in and answers a challenge with "sign-in is not set up".
 *
 * <pre>{@code
 * SessionCookieGate gate = SessionCookieGate.create();
 * SignonServer server = SignonServer.builder()
 *     .issuer(issuer).store(store).keyEncryptionKey(kek)
 *     .signInGate(gate)
 *     .build();
 * SignInPages pages = SignInPages.builder(server, gate).build(); // binds the gate
 * context.addServlet(new ServletHolder(new SignonEndpointServlet(pages)), "/*");
 * }</pre>
 */
public final class SessionCookieGate implements SignInGate {
  private volatile @Nullable Binding binding;

  private SessionCookieGate() {}

  /** A gate not yet bound to its pages. */
  public static SessionCookieGate create() {
    return new SessionCookieGate();
  }

  /** What the gate works with, once the server exists. */
  record Binding(HostSessions service, String base, Cookies cookies) {}

  /** Binds the gate; once only. */
  synchronized void bind(Binding b) {
    Objects.requireNonNull(b, "b");
    if (binding != null) {
      throw new IllegalStateException("the gate is already bound to sign-in pages");
    }
    binding = b;
  }

  @Override
  public Optional<Authentication> current(ProtocolRequest request) {
    Binding b = binding;
    if (b == null) {
      return Optional.empty();
    }
    return request
        .cookie(Cookies.SESSION)
        .flatMap(TokenValue::presented)
        .flatMap(b.service()::session)
        .flatMap(SessionCookieGate::authentication);
  }

  private static Optional<Authentication> authentication(HostSession s) {
    return s.authTime() == null
        ? Optional.empty()
        : Optional.of(new Authentication(s.user(), Objects.requireNonNull(s.authTime())));
  }

  @Override
  public ProtocolResponse challenge(ProtocolRequest request, URI returnTo, boolean forceLogin) {
    Binding b = binding;
    if (b == null) {
      return SignInGate.none().challenge(request, returnTo, forceLogin);
    }
    ProtocolResponse r =
        ProtocolResponse.redirect(
                URI.create(
                    b.base()
                        + "/sign-in?return_to="
                        + URLEncoder.encode(returnTo.toString(), StandardCharsets.UTF_8)))
            .noStore();
    if (forceLogin) {
      end(b, request);
      r = r.withHeader("Set-Cookie", b.cookies().clear(Cookies.SESSION));
    }
    return r;
  }

  @Override
  public ProtocolResponse signOut(ProtocolRequest request, ProtocolResponse then) {
    Binding b = binding;
    if (b == null) {
      return then;
    }
    end(b, request);
    return then.withHeader("Set-Cookie", b.cookies().clear(Cookies.SESSION));
  }

  private static void end(Binding b, ProtocolRequest request) {
    request
        .cookie(Cookies.SESSION)
        .flatMap(TokenValue::presented)
        .ifPresent(
            t -> b.service().signOut(t, new Origin(request.remoteAddress(), request.userAgent())));
  }
}
