package dev.signon.core.transfer;

import static dev.signon.core.transfer.Format.ACCESS_TOKEN_FORMAT;
import static dev.signon.core.transfer.Format.ADMINS;
import static dev.signon.core.transfer.Format.API_ONLY;
import static dev.signon.core.transfer.Format.APPLICATION;
import static dev.signon.core.transfer.Format.BACKCHANNEL_LOGOUT_SESSION_REQUIRED;
import static dev.signon.core.transfer.Format.BACKCHANNEL_LOGOUT_URI;
import static dev.signon.core.transfer.Format.CLIENT_ID;
import static dev.signon.core.transfer.Format.CLIENT_TYPE;
import static dev.signon.core.transfer.Format.CLOSED;
import static dev.signon.core.transfer.Format.CONTENT_ID;
import static dev.signon.core.transfer.Format.CREATED_AT;
import static dev.signon.core.transfer.Format.DELEGATED;
import static dev.signon.core.transfer.Format.DESCRIPTION;
import static dev.signon.core.transfer.Format.EMAIL;
import static dev.signon.core.transfer.Format.FEED_PARENTS;
import static dev.signon.core.transfer.Format.FIRST_NAME;
import static dev.signon.core.transfer.Format.GRANTABLE;
import static dev.signon.core.transfer.Format.ID;
import static dev.signon.core.transfer.Format.ID_TOKEN_SIGNING_ALG;
import static dev.signon.core.transfer.Format.JWKS;
import static dev.signon.core.transfer.Format.JWKS_URI;
import static dev.signon.core.transfer.Format.LAST_NAME;
import static dev.signon.core.transfer.Format.LAST_SIGN_IN_AT;
import static dev.signon.core.transfer.Format.MEMBERS;
import static dev.signon.core.transfer.Format.NAME;
import static dev.signon.core.transfer.Format.NOTICE_GIVE_UP_AFTER;
import static dev.signon.core.transfer.Format.NUMBER;
import static dev.signon.core.transfer.Format.ORGANISATION;
import static dev.signon.core.transfer.Format.PARENTS;
import static dev.signon.core.transfer.Format.POST_LOGOUT_REDIRECT_URIS;
import static dev.signon.core.transfer.Format.PUSH_BASE_URI;
import static dev.signon.core.transfer.Format.REDIRECT_URIS;
import static dev.signon.core.transfer.Format.RETIRED;
import static dev.signon.core.transfer.Format.ROLE;
import static dev.signon.core.transfer.Format.ROLES;
import static dev.signon.core.transfer.Format.SERVICE_URI;
import static dev.signon.core.transfer.Format.SLUG;
import static dev.signon.core.transfer.Format.STATUS;
import static dev.signon.core.transfer.Format.SUPPORTS_PUSH_UPDATES;
import static dev.signon.core.transfer.Format.SUSPENSION_REASON;
import static dev.signon.core.transfer.Format.TEAM;
import static dev.signon.core.transfer.Format.TWO_STEP_MANDATED;
import static dev.signon.core.transfer.Format.UID;
import static dev.signon.core.transfer.Format.USER;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.StoreTransaction;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the whole directory as a version 2 document. The output depends only on the directory:
 * every list is sorted, every key is written (absent values as {@code null}), in a fixed order. No
 * secret is written: of an application's credentials only its client type and public keys, and of a
 * person's only when they last signed in.
 */
final class Exporter {
  private final JsonMapper json;
  private final JsonNodeFactory nodes;
  private final StoreTransaction tx;
  private final Map<OrganisationId, Organisation> orgs = new HashMap<>();
  private final Map<ApplicationId, Application> apps = new HashMap<>();

  private Exporter(StoreTransaction tx, JsonMapper json) {
    this.tx = tx;
    this.json = json;
    this.nodes = json.getNodeFactory();
  }

  /** The document for the directory as {@code tx} sees it. */
  static ObjectNode export(StoreTransaction tx, JsonMapper json) {
    return new Exporter(tx, json).export();
  }

  private ObjectNode export() {
    List<Organisation> organisations = sorted(tx.organisations().list(), BY_SLUG);
    organisations.forEach(o -> orgs.put(o.id(), o));
    List<Application> applications =
        sorted(tx.applications().list(), Comparator.comparing(Application::clientId));
    applications.forEach(a -> apps.put(a.id(), a));
    List<User> everyone = sorted(tx.users().list(), BY_EMAIL);
    List<Team> teams =
        sorted(
            tx.teams().list(),
            Comparator.comparing((Team t) -> slug(t.organisation()))
                .thenComparing(Team::name)
                .thenComparing(t -> t.id().toString()));
    List<Grant> grants =
        sorted(
            tx.grants().list(),
            Comparator.comparing((Grant g) -> app(g).clientId())
                .thenComparing(g -> g.grantee() instanceof Grantee.ToTeam ? 0 : 1)
                .thenComparing(g -> granteeId(g.grantee()))
                .thenComparing(g -> g.id().toString()));

    ObjectNode root = nodes.objectNode();
    root.put(Format.VERSION, Format.CURRENT_VERSION);
    ArrayNode orgArray = root.putArray(Format.ORGANISATIONS);
    organisations.forEach(o -> organisation(orgArray.addObject(), o));
    ArrayNode teamArray = root.putArray(Format.TEAMS);
    teams.forEach(t -> team(teamArray.addObject(), t));
    ArrayNode userArray = root.putArray(Format.USERS);
    everyone.stream().filter(u -> !u.apiUser()).forEach(u -> user(userArray.addObject(), u));
    ArrayNode apiUserArray = root.putArray(Format.API_USERS);
    everyone.stream().filter(User::apiUser).forEach(u -> user(apiUserArray.addObject(), u));
    ArrayNode appArray = root.putArray(Format.APPLICATIONS);
    applications.forEach(a -> application(appArray.addObject(), a));
    ArrayNode grantArray = root.putArray(Format.GRANTS);
    grants.forEach(g -> grant(grantArray.addObject(), g));
    return root;
  }

  private static final Comparator<Organisation> BY_SLUG = Comparator.comparing(Organisation::slug);
  private static final Comparator<User> BY_EMAIL =
      Comparator.comparing((User u) -> u.email().value()).thenComparing(u -> u.uid().toString());

  private void organisation(ObjectNode n, Organisation o) {
    n.put(ID, o.id().toString());
    n.put(SLUG, o.slug());
    n.put(NAME, o.name());
    n.put(CONTENT_ID, o.contentId().toString());
    ArrayNode parents = n.putArray(PARENTS);
    o.parents().stream().map(this::slug).sorted().forEach(parents::add);
    n.put(TWO_STEP_MANDATED, o.twoStepMandated());
    n.put(CLOSED, o.closed());
    ArrayNode feedParents = n.putArray(FEED_PARENTS);
    o.feedParents().stream().map(this::slug).sorted().forEach(feedParents::add);
  }

  private void team(ObjectNode n, Team t) {
    n.put(ID, t.id().toString());
    n.put(NAME, t.name());
    n.put(ORGANISATION, slug(t.organisation()));
    uids(n.putArray(MEMBERS), t.members());
    uids(n.putArray(ADMINS), t.admins());
  }

  private static void uids(ArrayNode array, Collection<UserId> uids) {
    uids.stream().map(UserId::toString).sorted().forEach(array::add);
  }

  private void user(ObjectNode n, User u) {
    n.put(UID, u.uid().toString());
    n.put(NUMBER, u.number());
    n.put(NAME, u.name());
    n.put(FIRST_NAME, u.givenFirstName());
    n.put(LAST_NAME, u.givenLastName());
    n.put(EMAIL, u.email().value());
    if (!u.apiUser()) {
      n.put(ROLE, u.role().wireName());
    }
    n.put(ORGANISATION, slugOrNull(u.organisation()));
    n.put(STATUS, u.status().wireName());
    n.put(SUSPENSION_REASON, u.suspensionReason());
    n.put(CREATED_AT, u.createdAt().toString());
    if (!u.apiUser()) {
      Instant last = tx.credentials().find(u.uid()).map(UserCredentials::lastSignInAt).orElse(null);
      n.put(LAST_SIGN_IN_AT, last == null ? null : last.toString());
    }
  }

  private void application(ObjectNode n, Application a) {
    n.put(ID, a.id().toString());
    n.put(CLIENT_ID, a.clientId());
    n.put(NAME, a.name());
    n.put(DESCRIPTION, a.description());
    ArrayNode roles = n.putArray(ROLES);
    for (Role r : a.roles()) { // in the application's order, signin first: the order is kept
      ObjectNode role = roles.addObject();
      role.put(NAME, r.name());
      role.put(DESCRIPTION, r.description());
      role.put(DELEGATED, r.delegated());
      if (!r.grantable()) {
        role.put(GRANTABLE, false); // grantable unless it says otherwise
      }
    }
    ArrayNode uris = n.putArray(REDIRECT_URIS);
    a.redirectUris().stream().map(RedirectUri::value).forEach(uris::add);
    URI service = a.serviceUri();
    n.put(SERVICE_URI, service == null ? null : service.toString());
    n.put(ORGANISATION, slugOrNull(a.organisation()));
    n.put(RETIRED, a.retired());
    n.put(API_ONLY, a.apiOnly());
    n.put(CLIENT_TYPE, a.clientType().wireName());
    String jwks = a.jwks();
    n.set(JWKS, jwks == null ? nodes.nullNode() : json.readTree(jwks));
    URI jwksUri = a.jwksUri();
    n.put(JWKS_URI, jwksUri == null ? null : jwksUri.toString());
    n.put(ID_TOKEN_SIGNING_ALG, a.idTokenSigningAlgorithm().jwsName());
    n.put(ACCESS_TOKEN_FORMAT, a.accessTokenFormat().name().toLowerCase(Locale.ROOT));
    ArrayNode postLogout = n.putArray(POST_LOGOUT_REDIRECT_URIS);
    a.postLogoutRedirectUris().stream().map(RedirectUri::value).forEach(postLogout::add);
    n.put(SUPPORTS_PUSH_UPDATES, a.supportsPushUpdates());
    URI pushBase = a.pushBaseUri();
    n.put(PUSH_BASE_URI, pushBase == null ? null : pushBase.toString());
    URI logout = a.backchannelLogoutUri();
    n.put(BACKCHANNEL_LOGOUT_URI, logout == null ? null : logout.toString());
    n.put(BACKCHANNEL_LOGOUT_SESSION_REQUIRED, a.backchannelLogoutSessionRequired());
    java.time.Duration giveUp = a.noticeGiveUpAfter();
    n.put(NOTICE_GIVE_UP_AFTER, giveUp == null ? null : giveUp.toString());
  }

  private void grant(ObjectNode n, Grant g) {
    n.put(ID, g.id().toString());
    n.put(APPLICATION, app(g).clientId());
    if (g.grantee() instanceof Grantee.ToTeam t) {
      n.put(TEAM, t.team().toString());
    } else {
      n.put(USER, ((Grantee.ToUser) g.grantee()).user().toString());
    }
    ArrayNode roles = n.putArray(ROLES);
    g.roles().stream().sorted().forEach(roles::add);
  }

  private String slug(OrganisationId id) {
    Organisation o = orgs.get(id);
    if (o == null) {
      throw new IllegalStateException("the store refers to a missing organisation " + id);
    }
    return o.slug();
  }

  private @Nullable String slugOrNull(@Nullable OrganisationId id) {
    return id == null ? null : slug(id);
  }

  private Application app(Grant g) {
    Application a = apps.get(g.application());
    if (a == null) {
      throw new IllegalStateException("the store refers to a missing application " + g.id());
    }
    return a;
  }

  private static String granteeId(Grantee g) {
    return g instanceof Grantee.ToTeam t
        ? t.team().toString()
        : ((Grantee.ToUser) g).user().toString();
  }

  private static <T> List<T> sorted(List<T> list, Comparator<? super T> order) {
    List<T> out = new ArrayList<>(list);
    out.sort(order);
    return out;
  }
}
