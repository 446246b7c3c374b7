package dev.signon.servlet.host;

import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.EndpointPaths;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engine's endpoints as the servlet routes them: which methods each takes and how it reads. */
enum Endpoint {
  DISCOVERY(Caller.MACHINE, List.of("GET", "HEAD"), Form.NONE) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.discovery();
    }
  },
  JWKS(Caller.MACHINE, List.of("GET", "HEAD"), Form.NONE) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.jwks();
    }
  },
  AUTHORIZE(Caller.BROWSER, List.of("GET"), Form.NONE) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.authorize(request);
    }
  },
  TOKEN(Caller.MACHINE, List.of("POST"), Form.REQUIRED) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.token(request);
    }
  },
  USERINFO(Caller.MACHINE, List.of("GET", "POST"), Form.OPTIONAL) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.userinfo(request);
    }
  },
  USER_DETAILS(Caller.MACHINE, List.of("GET"), Form.NONE) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.userDetails(request);
    }
  },
  USER_JSON(Caller.MACHINE, List.of("GET"), Form.NONE) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.userJson(request);
    }
  },
  INTROSPECTION(Caller.MACHINE, List.of("POST"), Form.REQUIRED) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.introspect(request);
    }
  },
  REVOCATION(Caller.MACHINE, List.of("POST"), Form.REQUIRED) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.revoke(request);
    }
  },
  SIGN_OUT(Caller.BROWSER, List.of("GET"), Form.NONE) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.signOut(request);
    }
  },
  END_SESSION(Caller.BROWSER, List.of("GET", "POST"), Form.OPTIONAL) {
    @Override
    ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request) {
      return oauth.endSession(request);
    }
  };

  /** Who calls the endpoint: errors the adapter makes answer machines in JSON, people in text. */
  enum Caller {
    MACHINE,
    BROWSER
  }

  /** Whether a POST carries form parameters the endpoint reads. */
  enum Form {
    /** No body is read. */
    NONE,
    /** A form body is read when the content type says so; other bodies are ignored. */
    OPTIONAL,
    /** The body must be form-encoded (RFC 6749 section 3.2, RFC 7009, RFC 7662). */
    REQUIRED
  }

  private final Caller caller;

  @SuppressWarnings("ImmutableEnumChecker") // each is a List.of, which cannot change
  private final List<String> methods;

  private final Form form;

  Endpoint(Caller caller, List<String> methods, Form form) {
    this.caller = caller;
    this.methods = methods;
    this.form = form;
  }

  /** Answers the request. */
  abstract ProtocolResponse call(AuthorizationServer oauth, ProtocolRequest request);

  boolean allows(String method) {
    return methods.contains(method);
  }

  /** The {@code Allow} header value. */
  String allowHeader() {
    return String.join(", ", methods);
  }

  /** True when machines call the endpoint. */
  boolean forMachines() {
    return caller == Caller.MACHINE;
  }

  Form form() {
    return form;
  }

  /**
   * The endpoint at each path. The profile page is the host's own and is not routed.
   *
   * @throws IllegalArgumentException if two endpoints share a path
   */
  static Map<String, Endpoint> routes(EndpointPaths paths) {
    Map<String, Endpoint> routes = new LinkedHashMap<>();
    route(routes, paths.discovery(), DISCOVERY);
    route(routes, paths.jwks(), JWKS);
    route(routes, paths.authorization(), AUTHORIZE);
    route(routes, paths.token(), TOKEN);
    route(routes, paths.legacyToken(), TOKEN);
    route(routes, paths.userinfo(), USERINFO);
    route(routes, paths.userDetails(), USER_DETAILS);
    route(routes, paths.userJson(), USER_JSON);
    route(routes, paths.introspection(), INTROSPECTION);
    route(routes, paths.revocation(), REVOCATION);
    route(routes, paths.signOut(), SIGN_OUT);
    route(routes, paths.endSession(), END_SESSION);
    return Map.copyOf(routes);
  }

  private static void route(Map<String, Endpoint> routes, String path, Endpoint endpoint) {
    Endpoint existing = routes.putIfAbsent(path, endpoint);
    if (existing != null && existing != endpoint) {
      throw new IllegalArgumentException(
          "paths: " + existing + " and " + endpoint + " are both at " + path);
    }
  }
}
