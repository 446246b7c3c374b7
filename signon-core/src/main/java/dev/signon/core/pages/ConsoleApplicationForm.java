package dev.signon.core.pages;

import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.ClientType;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.application.SigningAlgorithm;
import dev.signon.core.directory.Organisation;
import dev.signon.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The application form as typed: name, description, client ID, redirect URIs (one a line), home
 * page, roles (one a line: {@code name | description | delegated | not grantable}, the flags
 * optional), API-only, retired, owning organisation, client authentication ({@code secret}: the
 * host makes one and shows it once; or {@code private_key_jwt} with a pasted JWKS or a JWKS URL),
 * ID-token algorithm and access-token format. What was typed is kept for the form when it is wrong;
 * a secret is never typed.
 */
final class ConsoleApplicationForm {
  /** The flag of a role that admins never give to people. */
  static final String NOT_GRANTABLE = "not grantable";

  private final Map<String, String> v;

  private ConsoleApplicationForm(Map<String, String> v) {
    this.v = v;
  }

  static ConsoleApplicationForm blank() {
    Map<String, String> v = new HashMap<>();
    v.put("client_auth", "secret");
    v.put("id_token_alg", SigningAlgorithm.RS256.name());
    v.put("access_token_format", AccessTokenFormat.OPAQUE.name());
    return new ConsoleApplicationForm(v);
  }

  static ConsoleApplicationForm read(ConsoleCall call, boolean withClientId) {
    Map<String, String> v = new HashMap<>();
    for (String k :
        List.of(
            "name",
            "description",
            "redirect_uris",
            "service_uri",
            "roles",
            "organisation",
            "client_auth",
            "jwks",
            "jwks_uri",
            "id_token_alg",
            "access_token_format",
            "push_base_uri",
            "backchannel_logout_uri",
            "notice_give_up_minutes")) {
      v.put(k, call.form(k).strip());
    }
    v.put(
        "supports_push_updates", String.valueOf(call.form("supports_push_updates").equals("yes")));
    v.put(
        "backchannel_logout_session_required",
        String.valueOf(call.form("backchannel_logout_session_required").equals("yes")));
    if (withClientId) {
      v.put("client_id", call.form("client_id").strip());
    }
    v.put("api_only", String.valueOf(call.form("api_only").equals("yes")));
    v.put("retired", String.valueOf(call.form("retired").equals("yes")));
    return new ConsoleApplicationForm(v);
  }

  static ConsoleApplicationForm of(Application a, List<Organisation> organisations) {
    Map<String, String> v = new HashMap<>();
    v.put("name", a.name());
    v.put("description", a.description());
    v.put("client_id", a.clientId());
    v.put(
        "redirect_uris",
        String.join("\n", a.redirectUris().stream().map(RedirectUri::value).toList()));
    v.put("service_uri", a.serviceUri() == null ? "" : a.serviceUri().toString());
    List<String> roles = new ArrayList<>();
    for (Role r : a.roles()) {
      if (!r.name().equals(Role.SIGNIN)) {
        roles.add(
            r.name()
                + " | "
                + r.description()
                + (r.delegated() ? " | delegated" : "")
                + (r.grantable() ? "" : " | " + NOT_GRANTABLE));
      }
    }
    v.put("roles", String.join("\n", roles));
    v.put(
        "organisation",
        organisations.stream()
            .filter(o -> o.id().equals(a.organisation()))
            .map(Organisation::slug)
            .findFirst()
            .orElse(""));
    v.put(
        "client_auth", a.clientType() == ClientType.PRIVATE_KEY_JWT ? "private_key_jwt" : "secret");
    v.put("jwks", a.jwks() == null ? "" : a.jwks());
    v.put("jwks_uri", a.jwksUri() == null ? "" : a.jwksUri().toString());
    v.put("id_token_alg", a.idTokenSigningAlgorithm().name());
    v.put("access_token_format", a.accessTokenFormat().name());
    v.put("api_only", String.valueOf(a.apiOnly()));
    v.put("retired", String.valueOf(a.retired()));
    v.put("supports_push_updates", String.valueOf(a.supportsPushUpdates()));
    v.put("push_base_uri", a.pushBaseUri() == null ? "" : a.pushBaseUri().toString());
    v.put(
        "backchannel_logout_uri",
        a.backchannelLogoutUri() == null ? "" : a.backchannelLogoutUri().toString());
    v.put(
        "backchannel_logout_session_required",
        String.valueOf(a.backchannelLogoutSessionRequired()));
    java.time.Duration giveUp = a.noticeGiveUpAfter();
    v.put("notice_give_up_minutes", giveUp == null ? "" : String.valueOf(giveUp.toMinutes()));
    return new ConsoleApplicationForm(v);
  }

  ConsoleApplicationForm withClientId(String clientId) {
    Map<String, String> copy = new HashMap<>(v);
    copy.put("client_id", clientId);
    return new ConsoleApplicationForm(copy);
  }

  boolean usesSecret() {
    return !get("client_auth").equals("private_key_jwt");
  }

  private String get(String k) {
    return v.getOrDefault(k, "");
  }

  /** The application the form describes, or empty with {@code errors} said field by field. */
  Optional<Application> build(
      ApplicationId id,
      @Nullable String secretHash,
      List<Organisation> organisations,
      FormErrors errors) {
    Application.Builder b = Application.builder().id(id);
    if (get("name").isEmpty()) {
      errors.add("name", "Enter the application's name");
    } else {
      b.name(get("name"));
    }
    b.description(get("description"));
    if (!get("client_id").matches("[A-Za-z0-9._~-]{1,100}")) {
      errors.add("client_id", "Enter a client ID of letters, digits, dots, hyphens or underscores");
    } else {
      b.clientId(get("client_id"));
    }
    List<RedirectUri> uris = new ArrayList<>();
    for (String line : get("redirect_uris").split("\\R")) {
      if (!line.isBlank()) {
        try {
          uris.add(RedirectUri.of(line.strip()));
        } catch (InvalidInputException e) {
          errors.add("redirect_uris", "Each redirect URI must be an absolute URI: " + line.strip());
        }
      }
    }
    b.redirectUris(uris);
    if (!get("service_uri").isEmpty()) {
      uri(get("service_uri"))
          .ifPresentOrElse(
              b::serviceUri,
              () ->
                  errors.add(
                      "service_uri", "Enter the home page as an absolute https or http address"));
    }
    List<Role> roles = new ArrayList<>();
    roles.add(Role.of(Role.SIGNIN));
    for (String line : get("roles").split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\\|", -1);
      String name = cols[0].strip();
      if (name.equals(Role.SIGNIN)) {
        continue;
      }
      boolean delegated = false;
      boolean grantable = true;
      boolean known = true;
      for (int i = 2; i < cols.length; i++) {
        String flag = cols[i].strip().toLowerCase(java.util.Locale.ROOT);
        if (flag.equals("delegated")) {
          delegated = true;
        } else if (flag.equals(NOT_GRANTABLE)) {
          grantable = false;
        } else if (!flag.isEmpty()) {
          known = false;
        }
      }
      try {
        if (!known) {
          throw new IllegalArgumentException("unknown flag");
        }
        roles.add(new Role(name, cols.length > 1 ? cols[1].strip() : "", delegated, grantable));
      } catch (InvalidInputException | IllegalArgumentException e) {
        errors.add(
            "roles",
            "Each role is a line: name | description, then delegated or not grantable if they"
                + " apply. Not: "
                + name);
      }
    }
    b.roles(roles);
    b.apiOnly(get("api_only").equals("true"));
    b.retired(get("retired").equals("true"));
    if (!get("organisation").isEmpty()) {
      organisations.stream()
          .filter(o -> o.slug().equals(get("organisation")))
          .findFirst()
          .ifPresentOrElse(
              o -> b.organisation(o.id()),
              () -> errors.add("organisation", "Choose an organisation from the list"));
    }
    if (usesSecret()) {
      b.clientType(ClientType.CONFIDENTIAL).clientSecretHash(secretHash);
    } else {
      b.clientType(ClientType.PRIVATE_KEY_JWT);
      if (get("jwks").isEmpty() == get("jwks_uri").isEmpty()) {
        errors.add("jwks", "Paste the client's JWKS or give its JWKS URL, one of the two");
      } else if (!get("jwks").isEmpty()) {
        b.jwks(get("jwks"));
      } else {
        uri(get("jwks_uri"))
            .ifPresentOrElse(
                b::jwksUri, () -> errors.add("jwks_uri", "Enter the JWKS URL as an https address"));
      }
    }
    try {
      b.idTokenSigningAlgorithm(SigningAlgorithm.valueOf(get("id_token_alg")));
    } catch (IllegalArgumentException e) {
      errors.add("id_token_alg", "Choose an ID-token algorithm from the list");
    }
    try {
      b.accessTokenFormat(AccessTokenFormat.valueOf(get("access_token_format")));
    } catch (IllegalArgumentException e) {
      errors.add("access_token_format", "Choose an access-token format from the list");
    }
    notices(b, errors);
    if (!errors.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(b.build());
    } catch (InvalidInputException | IllegalArgumentException | IllegalStateException e) {
      String m = String.valueOf(e.getMessage());
      String field =
          m.contains("jwks") || m.contains("JWK") || m.contains("key")
              ? "jwks"
              : m.contains("redirect") ? "redirect_uris" : m.contains("role") ? "roles" : "name";
      errors.add(field, "This application cannot be saved: " + m);
      return Optional.empty();
    }
  }

  /** What the host tells the application: pushes, back-channel logout, the give-up time. */
  private void notices(Application.Builder b, FormErrors errors) {
    b.supportsPushUpdates(get("supports_push_updates").equals("true"));
    if (!get("push_base_uri").isEmpty()) {
      uri(get("push_base_uri"))
          .ifPresentOrElse(
              b::pushBaseUri,
              () -> errors.add("push_base_uri", "Enter the push address as an http(s) URL"));
    }
    boolean sid = get("backchannel_logout_session_required").equals("true");
    if (get("backchannel_logout_uri").isEmpty()) {
      b.backchannelLogout(null, sid);
    } else {
      uri(get("backchannel_logout_uri"))
          .ifPresentOrElse(
              u -> b.backchannelLogout(u, sid),
              () ->
                  errors.add(
                      "backchannel_logout_uri",
                      "Enter the back-channel logout URL as an http(s) URL"));
    }
    String minutes = get("notice_give_up_minutes");
    if (!minutes.isEmpty()) {
      long max = Application.MAX_NOTICE_GIVE_UP.toMinutes();
      if (minutes.length() > 6
          || !minutes.chars().allMatch(c -> c >= '0' && c <= '9')
          || Long.parseLong(minutes) < 1
          || Long.parseLong(minutes) > max) {
        errors.add(
            "notice_give_up_minutes",
            "Enter the give-up time as a whole number of minutes from 1 to " + max);
      } else {
        b.noticeGiveUpAfter(java.time.Duration.ofMinutes(Long.parseLong(minutes)));
      }
    }
  }

  private static Optional<URI> uri(String text) {
    try {
      URI u = new URI(text);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("https") || scheme.equals("http")) && u.getHost() != null
          ? Optional.of(u)
          : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The form's values for the template, with the lists to choose from. */
  Map<String, Object> model(List<Organisation> organisations) {
    Map<String, Object> m = new HashMap<>(v);
    m.put("apiOnly", get("api_only").equals("true"));
    m.put("isRetired", get("retired").equals("true"));
    m.put("pushes", get("supports_push_updates").equals("true"));
    m.put("logoutSid", get("backchannel_logout_session_required").equals("true"));
    m.put("authSecret", usesSecret());
    m.put("authJwt", !usesSecret());
    m.put(
        "organisations",
        ConsoleUsers.options(
            organisations.stream().map(o -> Map.entry(o.slug(), o.name())).toList(),
            get("organisation")));
    List<Map.Entry<String, String>> algs = new ArrayList<>();
    for (SigningAlgorithm a : SigningAlgorithm.values()) {
      algs.add(Map.entry(a.name(), a.name()));
    }
    m.put("algorithms", ConsoleUsers.options(algs, get("id_token_alg")));
    m.put(
        "formats",
        ConsoleUsers.options(
            List.of(
                Map.entry(AccessTokenFormat.OPAQUE.name(), "Opaque (introspected)"),
                Map.entry(AccessTokenFormat.JWT.name(), "JWT (verified offline)")),
            get("access_token_format")));
    return m;
  }
}
