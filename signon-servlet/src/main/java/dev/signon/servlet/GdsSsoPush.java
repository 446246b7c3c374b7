package dev.signon.servlet;

import dev.signon.servlet.internal.Secrets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gds-sso pushes: {@code PUT /auth/gds/api/users/{uid}} updates that person's sessions; {@code
 * POST /auth/gds/api/users/{uid}/reauth} ends them. Both need a bearer token with {@code
 * user_update_permission}.
 */
final class GdsSsoPush {
  private static final Logger log = LoggerFactory.getLogger(GdsSsoPush.class);

  /** Where the pushes go, relative to the context path. */
  static final String GDS_USERS = "/auth/gds/api/users/";

  /** The role a Signon host's bearer token needs to push user changes. */
  static final String UPDATE_PERMISSION = "user_update_permission";

  private static final int MAX_PUSH_BODY = 64 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final BearerAuthentication bearer;
  private final SessionRegistry registry;
  private final Clock clock;
  private final SecureRandom random;

  GdsSsoPush(
      BearerAuthentication bearer, SessionRegistry registry, Clock clock, SecureRandom random) {
    this.bearer = bearer;
    this.registry = registry;
    this.clock = clock;
    this.random = random;
  }

  /** Handles a push to {@code path}, which starts with {@link #GDS_USERS}. */
  void handle(HttpServletRequest req, HttpServletResponse res, String path) throws IOException {
    String rest = path.substring(GDS_USERS.length());
    boolean reauth = rest.endsWith("/reauth");
    String uid = reauth ? rest.substring(0, rest.length() - "/reauth".length()) : rest;
    if (uid.isEmpty() || uid.contains("/")) {
      Responses.error(res, HttpServletResponse.SC_NOT_FOUND, "not_found");
      return;
    }
    String method = reauth ? "POST" : "PUT";
    if (!method.equals(req.getMethod())) {
      res.setHeader("Allow", method);
      Responses.error(res, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed");
      return;
    }
    String authorization = req.getHeader("Authorization");
    if (authorization == null || !BearerAuthentication.isBearer(authorization)) {
      bearer.refuse(res, HttpServletResponse.SC_UNAUTHORIZED, null);
      return;
    }
    SignonPrincipal caller = bearer.principal(authorization, res, path);
    if (caller == null) {
      return;
    }
    if (!caller.hasRole(UPDATE_PERMISSION)) {
      log.warn("gds-sso push from {} refused: no {}", caller.uid(), UPDATE_PERMISSION);
      bearer.refuse(res, HttpServletResponse.SC_FORBIDDEN, "insufficient_scope");
      return;
    }
    if (reauth) {
      registry.end(SessionRegistry.uid(uid));
      log.info("gds-sso reauth push for {}", uid);
    } else {
      SessionRegistry.Update update = readUpdate(req);
      if (update == null) {
        Responses.error(res, HttpServletResponse.SC_BAD_REQUEST, "invalid_request");
        return;
      }
      registry.update(uid, update);
      log.info("gds-sso update push for {}", uid);
    }
    Responses.ok(res);
  }

  /** Reads {@code {"user": {"name", "email", "permissions", "organisation_slug", "disabled"}}}. */
  private SessionRegistry.@Nullable Update readUpdate(HttpServletRequest req) throws IOException {
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(MAX_PUSH_BODY + 1);
    }
    if (body.length > MAX_PUSH_BODY) {
      return null;
    }
    Map<?, ?> document;
    try {
      document = JSON.readValue(body, Map.class);
    } catch (JacksonException e) {
      log.debug("gds-sso push body is not JSON");
      return null;
    }
    if (!(document != null && document.get("user") instanceof Map<?, ?> user)) {
      return null;
    }
    List<String> permissions = new ArrayList<>();
    if (user.get("permissions") instanceof List<?> list) {
      for (Object p : list) {
        if (p instanceof String s && !s.isBlank()) {
          permissions.add(s);
        }
      }
    }
    String name = user.get("name") instanceof String s ? s : "";
    String email = user.get("email") instanceof String s ? s : "";
    String organisation = user.get("organisation_slug") instanceof String s ? s : null;
    boolean disabled = Boolean.TRUE.equals(user.get("disabled"));
    return new SessionRegistry.Update(
        Secrets.randomToken(random),
        clock.instant(),
        name,
        email,
        permissions,
        organisation,
        disabled);
  }
}
