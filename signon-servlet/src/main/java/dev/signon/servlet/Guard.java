package dev.signon.servlet;

import dev.signon.servlet.FilterSettings.Access;
import dev.signon.servlet.FilterSettings.Rule;
import dev.signon.servlet.internal.Html;
import dev.signon.servlet.internal.LocalPath;
import dev.signon.servlet.internal.PathPattern;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The filter's guard on the app's own paths: the first matching rule decides who may pass. */
final class Guard {
  private static final Logger log = LoggerFactory.getLogger(SignonFilter.class);

  /** What applies where no rule matches: a signed-in person is needed. */
  private static final Rule UNMATCHED =
      new Rule(PathPattern.parse("/**", "pattern"), Access.AUTHENTICATED, null);

  private final List<Rule> rules;
  private final List<PathPattern> apiPaths;
  private final Sessions sessions;
  private final BearerAuthentication bearer;
  private final SignInEndpoint signIn;

  Guard(
      List<Rule> rules,
      List<PathPattern> apiPaths,
      Sessions sessions,
      BearerAuthentication bearer,
      SignInEndpoint signIn) {
    this.rules = List.copyOf(rules);
    this.apiPaths = List.copyOf(apiPaths);
    this.sessions = sessions;
    this.bearer = bearer;
    this.signIn = signIn;
  }

  /**
   * Decides whether the request may reach the app: answers the request to pass on (wrapped with its
   * principal when someone is signed in), or null when a refusal or redirect was written.
   */
  @Nullable HttpServletRequest admit(HttpServletRequest req, HttpServletResponse res, String path)
      throws IOException {
    Rule rule = rule(path);
    String authorization = req.getHeader("Authorization");
    boolean bearerToken = BearerAuthentication.isBearer(authorization);
    boolean api = bearerToken || apiPaths.stream().anyMatch(p -> p.matches(path));
    SignonPrincipal principal;
    String authType;
    if (authorization != null && bearerToken) {
      principal = bearer.principal(authorization, res, path);
      if (principal == null) {
        return null;
      }
      authType = "Bearer";
    } else {
      SessionState state = sessions.current(req);
      principal = state == null ? null : state.principal();
      authType = "Signon";
    }
    if (rule.access() != Access.PERMIT_ALL) {
      if (principal == null) {
        if (api) {
          bearer.refuse(res, HttpServletResponse.SC_UNAUTHORIZED, null);
        } else {
          signIn.start(req, res, returnTo(req));
        }
        return null;
      }
      String role = rule.role();
      if (rule.access() == Access.HAS_ROLE && role != null && !principal.hasRole(role)) {
        log.debug("{} lacks role {} for {}", principal.uid(), role, path);
        if (api) {
          bearer.refuse(res, HttpServletResponse.SC_FORBIDDEN, "insufficient_scope");
        } else {
          Html.message(
              res,
              HttpServletResponse.SC_FORBIDDEN,
              "You do not have permission to see this page",
              "Ask an administrator of this service to give you access.");
        }
        return null;
      }
    }
    if (principal == null) {
      req.removeAttribute(SignonRequest.PRINCIPAL);
      return req;
    }
    req.setAttribute(SignonRequest.PRINCIPAL, principal);
    return new AuthenticatedRequest(req, principal, authType);
  }

  private Rule rule(String path) {
    for (Rule rule : rules) {
      if (rule.pattern().matches(path)) {
        return rule;
      }
    }
    return UNMATCHED;
  }

  /** Where to come back to after sign-in: this page for GET, else the app's root. */
  private static String returnTo(HttpServletRequest req) {
    String root = req.getContextPath() + "/";
    if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
      return root;
    }
    String query = req.getQueryString();
    String target = req.getRequestURI() + (query == null ? "" : "?" + query);
    return LocalPath.isLocal(target) ? target : root;
  }

  static String pathWithinContext(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }
}
