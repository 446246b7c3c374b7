package dev.signon.examples.host;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The example host's upstream identity provider from its environment, as the starter's {@code
 * signon.server.upstreams.<name>.*} properties:
 *
 * <pre>
 * SIGNON_UPSTREAM_NAME=one-login                         the name in the callback path
 * SIGNON_UPSTREAM_ISSUER, SIGNON_UPSTREAM_CLIENT_ID
 * SIGNON_UPSTREAM_CLIENT_SECRET_FILE                     or SIGNON_UPSTREAM_PRIVATE_KEY_FILE
 *                                                        with SIGNON_UPSTREAM_KEY_ID
 * SIGNON_UPSTREAM_SCOPES="openid email"                  SIGNON_UPSTREAM_VTR=Cl.Cm
 * SIGNON_UPSTREAM_DISPLAY_NAME="GOV.UK One Login"
 * SIGNON_UPSTREAM_AUTO_ACTIVATE=true                     and its rules and defaults:
 * SIGNON_UPSTREAM_EMAIL_DOMAINS="digital.example"        SIGNON_UPSTREAM_REQUIRE_ACTIVE=true
 * SIGNON_UPSTREAM_DEFAULT_ORGANISATION=digital.example   an organisation's slug
 * SIGNON_UPSTREAM_DEFAULT_GRANTS="demo-app:reporting,spring-app"   client id:roles, by commas
 * SIGNON_PASSWORD_SIGN_IN=false                          to offer the upstream only
 * </pre>
 */
final class UpstreamEnvironment {
  /** The variables that map one to one onto an upstream property. */
  private static final Map<String, String> PROPERTIES =
      Map.ofEntries(
          Map.entry("SIGNON_UPSTREAM_ISSUER", "issuer"),
          Map.entry("SIGNON_UPSTREAM_CLIENT_ID", "client-id"),
          Map.entry("SIGNON_UPSTREAM_CLIENT_SECRET_FILE", "client-secret-file"),
          Map.entry("SIGNON_UPSTREAM_PRIVATE_KEY_FILE", "private-key-file"),
          Map.entry("SIGNON_UPSTREAM_KEY_ID", "key-id"),
          Map.entry("SIGNON_UPSTREAM_VTR", "vtr"),
          Map.entry("SIGNON_UPSTREAM_DISPLAY_NAME", "display-name"),
          Map.entry("SIGNON_UPSTREAM_AUTO_ACTIVATE", "auto-activate"),
          Map.entry("SIGNON_UPSTREAM_REQUIRE_ACTIVE", "require-active-at-upstream"),
          Map.entry("SIGNON_UPSTREAM_DEFAULT_ORGANISATION", "default-organisation"));

  /** The variables holding a list, space- or comma-separated (OAuth writes scopes with spaces). */
  private static final Map<String, String> LISTS =
      Map.of(
          "SIGNON_UPSTREAM_SCOPES", "scopes",
          "SIGNON_UPSTREAM_EMAIL_DOMAINS", "email-domains");

  private UpstreamEnvironment() {}

  /**
   * The starter properties of the upstream named in {@code env}, and the password switch.
   *
   * @throws SsoHost.StartupException naming {@code SIGNON_UPSTREAM_DEFAULT_GRANTS} when an entry
   *     has no client id
   */
  static Map<String, Object> settings(Map<String, String> env) {
    Map<String, Object> out = new HashMap<>();
    String password = value(env, "SIGNON_PASSWORD_SIGN_IN");
    if (password != null) {
      out.put("signon.server.sign-in.password-enabled", password);
    }
    String name = value(env, "SIGNON_UPSTREAM_NAME");
    if (name == null) {
      return out;
    }
    String prefix = "signon.server.upstreams." + name + ".";
    PROPERTIES.forEach(
        (variable, property) -> {
          String v = value(env, variable);
          if (v != null) {
            out.put(prefix + property, v);
          }
        });
    LISTS.forEach(
        (variable, property) -> {
          String v = value(env, variable);
          if (v != null) {
            out.put(prefix + property, v.replaceAll("[\\s,]+", ","));
          }
        });
    String grants = value(env, "SIGNON_UPSTREAM_DEFAULT_GRANTS");
    if (grants != null) {
      grants(grants)
          .forEach((app, roles) -> out.put(prefix + "default-grants[" + app + "]", roles));
    }
    return out;
  }

  /**
   * {@code app:role1 role2,app2:role,app3} as a map from client id to comma-separated roles (an
   * application alone grants {@code signin} only).
   */
  private static Map<String, String> grants(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      String app = (colon < 0 ? entry : entry.substring(0, colon)).strip();
      String roles = colon < 0 ? "" : entry.substring(colon + 1).strip();
      if (app.isEmpty()) {
        throw new SsoHost.StartupException(
            "SIGNON_UPSTREAM_DEFAULT_GRANTS has an entry without a client id: '"
                + entry.strip()
                + "' (write client-id:role1 role2,client-id2:role)",
            null);
      }
      out.merge(app, String.join(",", roles.split("\\s+")), (a, b) -> a + "," + b);
    }
    return out;
  }

  private static @org.jspecify.annotations.Nullable String value(
      Map<String, String> env, String variable) {
    String v = env.get(variable);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
