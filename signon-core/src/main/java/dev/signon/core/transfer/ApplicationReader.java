package dev.signon.core.transfer;

import static dev.signon.core.transfer.Format.ACCESS_TOKEN_FORMAT;
import static dev.signon.core.transfer.Format.API_ONLY;
import static dev.signon.core.transfer.Format.BACKCHANNEL_LOGOUT_SESSION_REQUIRED;
import static dev.signon.core.transfer.Format.BACKCHANNEL_LOGOUT_URI;
import static dev.signon.core.transfer.Format.CLIENT_ID;
import static dev.signon.core.transfer.Format.CLIENT_TYPE;
import static dev.signon.core.transfer.Format.DELEGATED;
import static dev.signon.core.transfer.Format.DESCRIPTION;
import static dev.signon.core.transfer.Format.GRANTABLE;
import static dev.signon.core.transfer.Format.ID;
import static dev.signon.core.transfer.Format.ID_TOKEN_SIGNING_ALG;
import static dev.signon.core.transfer.Format.JWKS;
import static dev.signon.core.transfer.Format.JWKS_URI;
import static dev.signon.core.transfer.Format.NAME;
import static dev.signon.core.transfer.Format.NOTICE_GIVE_UP_AFTER;
import static dev.signon.core.transfer.Format.ORGANISATION;
import static dev.signon.core.transfer.Format.POST_LOGOUT_REDIRECT_URIS;
import static dev.signon.core.transfer.Format.PUSH_BASE_URI;
import static dev.signon.core.transfer.Format.REDIRECT_URIS;
import static dev.signon.core.transfer.Format.RETIRED;
import static dev.signon.core.transfer.Format.ROLES;
import static dev.signon.core.transfer.Format.SERVICE_URI;
import static dev.signon.core.transfer.Format.SUPPORTS_PUSH_UPDATES;

import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.ClientType;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.application.SigningAlgorithm;
import dev.signon.core.internal.Checks;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code applications} of a directory document for {@link DocumentReader}: each field
 * checked on its own so every problem is reported, version 2's client settings only in version 2.
 */
final class ApplicationReader {
  private static final Set<String> APPLICATION_KEYS =
      Set.of(
          ID,
          CLIENT_ID,
          NAME,
          DESCRIPTION,
          ROLES,
          REDIRECT_URIS,
          SERVICE_URI,
          ORGANISATION,
          RETIRED,
          API_ONLY);
  private static final Set<String> APPLICATION_KEYS_2 =
      DocumentReader.union(
          APPLICATION_KEYS,
          Set.of(
              CLIENT_TYPE,
              JWKS,
              JWKS_URI,
              ID_TOKEN_SIGNING_ALG,
              ACCESS_TOKEN_FORMAT,
              POST_LOGOUT_REDIRECT_URIS,
              SUPPORTS_PUSH_UPDATES,
              PUSH_BASE_URI,
              BACKCHANNEL_LOGOUT_URI,
              BACKCHANNEL_LOGOUT_SESSION_REQUIRED,
              NOTICE_GIVE_UP_AFTER));
  private static final Set<String> ROLE_KEYS = Set.of(NAME, DESCRIPTION, DELEGATED, GRANTABLE);

  private final Problems problems;
  private final int version;

  ApplicationReader(Problems problems, int version) {
    this.problems = problems;
    this.version = version;
  }

  /** Reads one entry of {@code applications}; null when it is not even an object. */
  Document.@Nullable ApplicationEntry read(Located<JsonNode> e) {
    Fields f = Fields.object(e.value(), e.path(), problems);
    if (f == null) {
      return null;
    }
    boolean v2 = version >= 2;
    f.onlyKeys(v2 ? APPLICATION_KEYS_2 : APPLICATION_KEYS);
    ApplicationId id = f.parsed(ID, ApplicationId::of);
    String clientId = f.string(CLIENT_ID);
    String validClientId = f.parse(f.path(CLIENT_ID), clientId, Values::checkClientId);
    String name = f.parsed(NAME, v -> Checks.text("name", v, DocumentReader.NAME_MAX));
    String description = f.string(DESCRIPTION);
    List<Role> roles = new ArrayList<>();
    Map<String, String> roleNames = new HashMap<>();
    boolean rolesRead = f.isArray(ROLES);
    for (Located<JsonNode> r : f.array(ROLES)) {
      Role role = role(f, r);
      if (role == null) {
        rolesRead = false;
      } else {
        String first = roleNames.putIfAbsent(role.name(), r.path());
        if (first != null) {
          f.problemAt(Format.path(r.path(), NAME), "duplicate of " + Format.path(first, NAME));
          rolesRead = false;
        } else {
          roles.add(role);
        }
      }
    }
    List<Located<RedirectUri>> redirectUris = f.list(REDIRECT_URIS, RedirectUri::of);
    URI serviceUri = f.optionalParsed(SERVICE_URI, Values::serviceUri);
    Located<String> organisation = f.optionalLocatedString(ORGANISATION);
    Boolean retired = f.bool(RETIRED);
    Boolean apiOnly = f.bool(API_ONLY);
    // Version 2's client settings; each may be left out for its default (a public client).
    ClientType clientType = v2 ? f.optionalParsed(CLIENT_TYPE, ClientType::fromWireName) : null;
    String jwks = v2 ? f.optionalObjectText(JWKS) : null;
    URI jwksUri = v2 ? f.optionalParsed(JWKS_URI, Values::absoluteUri) : null;
    SigningAlgorithm alg =
        v2 ? f.optionalParsed(ID_TOKEN_SIGNING_ALG, SigningAlgorithm::fromJwsName) : null;
    AccessTokenFormat format =
        v2 ? f.optionalParsed(ACCESS_TOKEN_FORMAT, Values::accessTokenFormat) : null;
    List<Located<RedirectUri>> postLogoutUris =
        v2 ? f.optionalList(POST_LOGOUT_REDIRECT_URIS, RedirectUri::of) : List.of();
    boolean saysNotices = v2 && Format.NOTICE_KEYS.stream().anyMatch(k -> e.value().has(k));
    Boolean pushes = v2 ? f.optionalBool(SUPPORTS_PUSH_UPDATES) : null;
    URI pushBase = v2 ? f.optionalParsed(PUSH_BASE_URI, Values::absoluteUri) : null;
    URI logoutUri = v2 ? f.optionalParsed(BACKCHANNEL_LOGOUT_URI, Values::absoluteUri) : null;
    Boolean logoutSid = v2 ? f.optionalBool(BACKCHANNEL_LOGOUT_SESSION_REQUIRED) : null;
    java.time.Duration giveUp =
        v2 ? f.optionalParsed(NOTICE_GIVE_UP_AFTER, Values::giveUpTime) : null;
    Application base = null;
    // A stand-in needs every role: checking grants against some of them would invent problems.
    if (id != null && validClientId != null && rolesRead) {
      base =
          f.build(
              () ->
                  Application.builder()
                      .id(id)
                      .clientId(validClientId)
                      .name(name != null ? name : DocumentReader.PLACEHOLDER_NAME)
                      .description(description != null ? description : "")
                      .roles(roles)
                      .redirectUris(redirectUris.stream().map(Located::value).toList())
                      .serviceUri(serviceUri)
                      .retired(retired != null && retired)
                      .apiOnly(apiOnly != null && apiOnly)
                      .clientType(clientType)
                      .jwks(jwks)
                      .jwksUri(jwksUri)
                      .idTokenSigningAlgorithm(alg != null ? alg : SigningAlgorithm.RS256)
                      .accessTokenFormat(format != null ? format : AccessTokenFormat.OPAQUE)
                      .postLogoutRedirectUris(postLogoutUris.stream().map(Located::value).toList())
                      .supportsPushUpdates(pushes != null && pushes)
                      .pushBaseUri(pushBase)
                      .backchannelLogout(logoutUri, logoutSid != null && logoutSid)
                      .noticeGiveUpAfter(giveUp)
                      .build(),
              DocumentReader.prefixes(
                  "not a client id",
                  CLIENT_ID,
                  "name ",
                  NAME,
                  "service URI",
                  SERVICE_URI,
                  "role ",
                  ROLES,
                  "client type",
                  CLIENT_TYPE,
                  "client keys",
                  JWKS,
                  "client JWKS",
                  JWKS,
                  "a client's registered JWKS",
                  JWKS,
                  "jwks_uri",
                  JWKS_URI,
                  "push base URI",
                  PUSH_BASE_URI,
                  "backchannel_logout_uri",
                  BACKCHANNEL_LOGOUT_URI,
                  "notice give-up time",
                  NOTICE_GIVE_UP_AFTER));
    }
    return new Document.ApplicationEntry(
        e.path(), id, clientId, organisation, base, !f.broken(), saysNotices);
  }

  private @Nullable Role role(Fields app, Located<JsonNode> e) {
    Fields f = Fields.object(e.value(), e.path(), problems);
    if (f == null) {
      app.markBroken();
      return null;
    }
    f.onlyKeys(ROLE_KEYS);
    String name = f.string(NAME);
    String description = f.string(DESCRIPTION);
    Boolean delegated = f.bool(DELEGATED);
    Boolean grantable = f.optionalBool(GRANTABLE);
    Role role = null;
    if (name != null && description != null && delegated != null) {
      role =
          f.build(
              () -> new Role(name, description, delegated, grantable == null || grantable),
              DocumentReader.prefixes("not a role name", NAME, "role description", DESCRIPTION));
    }
    if (f.broken()) {
      app.markBroken();
      return null;
    }
    return role;
  }
}
