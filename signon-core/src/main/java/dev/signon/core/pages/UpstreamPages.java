package dev.signon.core.pages;

import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.federation.Arrival;
import dev.signon.core.federation.Upstream;
import dev.signon.core.federation.UpstreamArrivals;
import dev.signon.core.federation.UpstreamIdentity;
import dev.signon.core.federation.UpstreamProtocol;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in through an upstream: {@code POST /sign-in/upstream/{name}} sends the browser there
 * with what the callback needs sealed in a short-lived cookie, and {@code GET
 * /sign-in/upstream/{name}/callback} completes the protocol once per {@code state}, matches the
 * person to an account and starts the host session as a password sign-in does.
 */
final class UpstreamPages {
  private static final Logger log = LoggerFactory.getLogger(UpstreamPages.class);
  static final String PENDING_TITLE = "Your account is waiting for activation";
  static final String PENDING_TEXT =
      "You have signed in, but an administrator must activate your account before you can use"
          + " any application. You do not need to do anything else: try again once it has been"
          + " activated.";
  private static final String FAILED_TITLE = "Sign-in could not be completed";

  private final HostPages site;
  private final SignInSteps steps;
  private final UpstreamArrivals arrivals;
  private final UpstreamProtocol protocol;

  UpstreamPages(
      HostPages site, SignInSteps steps, UpstreamArrivals arrivals, UpstreamProtocol protocol) {
    this.site = site;
    this.steps = steps;
    this.arrivals = arrivals;
    this.protocol = protocol;
  }

  /** The sign-in page's buttons, one per upstream, in order. */
  List<Map<String, Object>> buttons() {
    return arrivals.settings().upstreams().stream()
        .map(u -> Map.<String, Object>of("name", u.name(), "displayName", u.displayName()))
        .toList();
  }

  /** Answers a path below {@code /sign-in/upstream/}. */
  ProtocolResponse answer(Exchange x, String path) {
    String rest = path.substring(HostPaths.UPSTREAM_SIGN_IN.length());
    boolean callback = rest.endsWith("/callback");
    String name = callback ? rest.substring(0, rest.length() - "/callback".length()) : rest;
    Optional<Upstream> upstream = arrivals.settings().upstream(name);
    if (upstream.isEmpty()) {
      return x.notFound();
    }
    if (callback) {
      return x.get
          ? callback(x, upstream.get())
          : x.methodNotAllowed("GET, HEAD", "This page does not take that method.");
    }
    return x.post ? start(x, upstream.get()) : x.methodNotAllowed("POST", "Use the button.");
  }

  private ProtocolResponse start(Exchange x, Upstream upstream) {
    UpstreamProtocol.Start s = protocol.start(upstream, redirectUri(upstream));
    String sealed =
        arrivals.sealPending(upstream.name(), s.state(), x.returnTo().orElse("") + "\n" + s.kept());
    x.header(
        "Set-Cookie",
        site.cookies()
            .set(Cookies.UPSTREAM, sealed, UpstreamArrivals.PENDING_LIFETIME.getSeconds()));
    return x.redirect(s.authorizationUri().toString());
  }

  private ProtocolResponse callback(Exchange x, Upstream upstream) {
    x.header("Set-Cookie", site.cookies().clear(Cookies.UPSTREAM));
    Optional<UpstreamArrivals.Pending> pending =
        x.request.cookie(Cookies.UPSTREAM).flatMap(c -> arrivals.openPending(upstream.name(), c));
    String state = x.query("state");
    if (pending.isEmpty() || !pending.get().state().equals(state)) {
      log.debug("upstream {} callback refused: no pending sign-in for this state", upstream.name());
      return failed(x, 400);
    }
    String[] kept = pending.get().kept().split("\n", 2);
    Map<String, String> params = new HashMap<>();
    x.request.queryParameters().forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
    UpstreamIdentity identity;
    try {
      identity = protocol.complete(upstream, kept.length == 2 ? kept[1] : "", params);
    } catch (SignonRejectedException e) {
      log.debug("upstream {} sign-in refused: {}", upstream.name(), e.getMessage());
      return failed(x, 401);
    }
    Arrival a = arrivals.arrive(identity, x.origin());
    if (a instanceof Arrival.SignedIn s) {
      Optional<String> returnTo = kept[0].isEmpty() ? Optional.empty() : Optional.of(kept[0]);
      return steps.proceed(x, s.result(), returnTo);
    }
    if (a instanceof Arrival.Pending) {
      return x.message(403, PENDING_TITLE, PENDING_TEXT);
    }
    return failed(x, 403);
  }

  private static ProtocolResponse failed(Exchange x, int status) {
    return x.message(
        status,
        FAILED_TITLE,
        "You could not be signed in. Go back to the sign-in page and try again.",
        x.path(HostPaths.SIGN_IN),
        "Go to the sign-in page");
  }

  private URI redirectUri(Upstream upstream) {
    return URI.create(site.paths().url(HostPaths.UPSTREAM_SIGN_IN + upstream.name() + "/callback"));
  }
}
