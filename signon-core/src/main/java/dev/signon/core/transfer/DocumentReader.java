package dev.signon.core.transfer;

import static dev.signon.core.transfer.Format.ADMINS;
import static dev.signon.core.transfer.Format.API_USERS;
import static dev.signon.core.transfer.Format.APPLICATION;
import static dev.signon.core.transfer.Format.APPLICATIONS;
import static dev.signon.core.transfer.Format.CLIENT_ID;
import static dev.signon.core.transfer.Format.CLOSED;
import static dev.signon.core.transfer.Format.CONTENT_ID;
import static dev.signon.core.transfer.Format.CREATED_AT;
import static dev.signon.core.transfer.Format.CURRENT_VERSION;
import static dev.signon.core.transfer.Format.EMAIL;
import static dev.signon.core.transfer.Format.FEED_PARENTS;
import static dev.signon.core.transfer.Format.FIRST_NAME;
import static dev.signon.core.transfer.Format.GRANTS;
import static dev.signon.core.transfer.Format.ID;
import static dev.signon.core.transfer.Format.LAST_NAME;
import static dev.signon.core.transfer.Format.LAST_SIGN_IN_AT;
import static dev.signon.core.transfer.Format.MEMBERS;
import static dev.signon.core.transfer.Format.NAME;
import static dev.signon.core.transfer.Format.NUMBER;
import static dev.signon.core.transfer.Format.ORGANISATION;
import static dev.signon.core.transfer.Format.ORGANISATIONS;
import static dev.signon.core.transfer.Format.PARENTS;
import static dev.signon.core.transfer.Format.ROLE;
import static dev.signon.core.transfer.Format.ROLES;
import static dev.signon.core.transfer.Format.ROOT;
import static dev.signon.core.transfer.Format.SLUG;
import static dev.signon.core.transfer.Format.STATUS;
import static dev.signon.core.transfer.Format.SUSPENSION_REASON;
import static dev.signon.core.transfer.Format.TEAM;
import static dev.signon.core.transfer.Format.TEAMS;
import static dev.signon.core.transfer.Format.TWO_STEP_MANDATED;
import static dev.signon.core.transfer.Format.UID;
import static dev.signon.core.transfer.Format.USER;
import static dev.signon.core.transfer.Format.USERS;
import static dev.signon.core.transfer.Format.VERSION;
import static dev.signon.core.transfer.Format.VERSION_1;

import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a directory document into a {@link Document}, recording every problem that can be found
 * without the store: the version, unknown keys, wrong types, each value against the domain's rules,
 * and duplicates within the document. Pure: it touches nothing outside its arguments.
 */
final class DocumentReader {
  private static final Set<String> TOP_KEYS =
      Set.of(VERSION, ORGANISATIONS, TEAMS, USERS, API_USERS, APPLICATIONS, GRANTS);
  private static final Set<String> ORGANISATION_KEYS =
      Set.of(ID, SLUG, NAME, CONTENT_ID, PARENTS, TWO_STEP_MANDATED);
  private static final Set<String> ORGANISATION_KEYS_2 =
      union(ORGANISATION_KEYS, Set.of(CLOSED, FEED_PARENTS));
  private static final Set<String> TEAM_KEYS = Set.of(ID, NAME, ORGANISATION, MEMBERS, ADMINS);
  private static final Set<String> API_USER_KEYS =
      Set.of(
          UID,
          NAME,
          FIRST_NAME,
          LAST_NAME,
          EMAIL,
          ORGANISATION,
          STATUS,
          SUSPENSION_REASON,
          CREATED_AT);
  private static final Set<String> USER_KEYS = union(API_USER_KEYS, Set.of(ROLE));
  private static final Set<String> API_USER_KEYS_2 = union(API_USER_KEYS, Set.of(NUMBER));
  private static final Set<String> USER_KEYS_2 = union(USER_KEYS, Set.of(NUMBER, LAST_SIGN_IN_AT));
  private static final Set<String> GRANT_KEYS = Set.of(ID, APPLICATION, TEAM, USER, ROLES);

  // The limits the domain constructors apply (through Checks.text); checking each field on its own
  // reports every bad field, not only the first the constructor meets. The constructors still run
  // afterwards and stay the authority.
  static final int NAME_MAX = 255;
  private static final int REASON_MAX = 1000;

  // Placeholders for the fields of a stand-in that did not read; a stand-in is never written.
  static final String PLACEHOLDER_NAME = "unreadable";
  private static final UUID PLACEHOLDER_UUID = new UUID(0, 0);
  private static final Email PLACEHOLDER_EMAIL = Email.of("unreadable@placeholder.invalid");

  private final Problems problems;
  private final Set<Document.Kind> opaque = EnumSet.noneOf(Document.Kind.class);
  private int version = CURRENT_VERSION;

  private DocumentReader(Problems problems) {
    this.problems = problems;
  }

  /**
   * Reads {@code root}, recording problems in {@code problems}.
   *
   * @return the document, or {@code null} when it is not a directory document of a version this
   *     host reads at all (then nothing else is worth checking)
   */
  static @Nullable Document read(JsonNode root, Problems problems) {
    return new DocumentReader(problems).read(root);
  }

  private @Nullable Document read(JsonNode root) {
    String reads = "; this host reads versions " + VERSION_1 + " and " + CURRENT_VERSION;
    if (!root.isObject()) {
      problems.add(ROOT, "must be a JSON object holding \"signon_directory\": " + CURRENT_VERSION);
      return null;
    }
    String versionPath = Format.path(ROOT, VERSION);
    JsonNode versionNode = root.get(VERSION);
    if (versionNode == null) {
      problems.add(versionPath, "required" + reads);
      return null;
    }
    if (!versionNode.isIntegralNumber()) {
      problems.add(versionPath, "must be a whole number" + reads);
      return null;
    }
    if (!versionNode.isInt()
        || (versionNode.intValue() != VERSION_1 && versionNode.intValue() != CURRENT_VERSION)) {
      problems.add(versionPath, "unsupported version " + versionNode + reads);
      return null;
    }
    version = versionNode.intValue();
    ApplicationReader applicationReader = new ApplicationReader(problems, version);
    for (String key : root.propertyNames()) {
      if (!TOP_KEYS.contains(key)) {
        problems.add(Format.path(ROOT, key), "unknown key");
      }
    }
    List<Document.OrganisationEntry> organisations = new ArrayList<>();
    for (Located<JsonNode> e : section(root, ORGANISATIONS, Document.Kind.ORGANISATION)) {
      Document.OrganisationEntry o = organisation(e);
      if (o != null) {
        organisations.add(o);
      }
    }
    List<Document.TeamEntry> teams = new ArrayList<>();
    for (Located<JsonNode> e : section(root, TEAMS, Document.Kind.TEAM)) {
      Document.TeamEntry t = team(e);
      if (t != null) {
        teams.add(t);
      }
    }
    List<Document.UserEntry> users = new ArrayList<>();
    for (Located<JsonNode> e : section(root, USERS, Document.Kind.USER)) {
      Document.UserEntry u = user(e, false);
      if (u != null) {
        users.add(u);
      }
    }
    for (Located<JsonNode> e : section(root, API_USERS, Document.Kind.USER)) {
      Document.UserEntry u = user(e, true);
      if (u != null) {
        users.add(u);
      }
    }
    List<Document.ApplicationEntry> applications = new ArrayList<>();
    for (Located<JsonNode> e : section(root, APPLICATIONS, Document.Kind.APPLICATION)) {
      Document.ApplicationEntry a = applicationReader.read(e);
      if (a != null) {
        opaqueUnless(a.clientId() != null, Document.Kind.APPLICATION);
      }
      if (a != null) {
        applications.add(a);
      }
    }
    List<Document.GrantEntry> grants = new ArrayList<>();
    for (Located<JsonNode> e : section(root, GRANTS, null)) {
      Document.GrantEntry g = grant(e);
      if (g != null) {
        grants.add(g);
      }
    }

    unique(organisations, Document.OrganisationEntry::id, o -> Format.path(o.path(), ID));
    unique(organisations, Document.OrganisationEntry::slug, o -> Format.path(o.path(), SLUG));
    unique(teams, Document.TeamEntry::id, t -> Format.path(t.path(), ID));
    unique(users, Document.UserEntry::uid, u -> Format.path(u.path(), UID));
    unique(users, Document.UserEntry::email, u -> Format.path(u.path(), EMAIL));
    unique(
        users,
        u -> u.base() == null ? null : u.base().number(),
        u -> Format.path(u.path(), NUMBER));
    unique(applications, Document.ApplicationEntry::id, a -> Format.path(a.path(), ID));
    unique(
        applications, Document.ApplicationEntry::clientId, a -> Format.path(a.path(), CLIENT_ID));
    unique(grants, Document.GrantEntry::id, g -> Format.path(g.path(), ID));
    Map<List<Object>, String> pairs = new HashMap<>();
    for (Document.GrantEntry g : grants) {
      if (g.application() != null && g.grantee() != null) {
        List<Object> pair = List.of(g.application().value(), g.grantee().value());
        String first = pairs.putIfAbsent(pair, g.path());
        if (first != null) {
          problems.add(
              g.path(), "grants the same application to the same " + kind(g) + " as " + first);
        }
      }
    }
    return new Document(version, organisations, teams, users, applications, grants, opaque);
  }

  /**
   * The elements of a top-level list, each with its path; elements that are not objects are
   * recorded, and make {@code kind} opaque.
   */
  private List<Located<JsonNode>> section(JsonNode root, String key, Document.@Nullable Kind kind) {
    JsonNode v = root.get(key);
    String path = Format.path(ROOT, key);
    if (v == null) {
      return List.of(); // a missing list holds nothing to import
    }
    if (!v.isArray()) {
      problems.add(path, "must be an array");
      opaque(kind);
      return List.of();
    }
    List<Located<JsonNode>> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String elementPath = Format.path(path, i);
      if (v.get(i).isObject()) {
        out.add(new Located<>(elementPath, v.get(i)));
      } else {
        problems.add(elementPath, "must be an object");
        opaque(kind);
      }
    }
    return out;
  }

  private void opaque(Document.@Nullable Kind kind) {
    if (kind != null) {
      opaque.add(kind);
    }
  }

  /** Marks {@code kind} opaque when the key others refer to an entry by could not be read. */
  private void opaqueUnless(boolean read, Document.Kind kind) {
    if (!read) {
      opaque.add(kind);
    }
  }

  private Document.@Nullable OrganisationEntry organisation(Located<JsonNode> e) {
    Fields f = Fields.object(e.value(), e.path(), problems);
    if (f == null) {
      return null;
    }
    boolean v2 = version >= 2;
    f.onlyKeys(v2 ? ORGANISATION_KEYS_2 : ORGANISATION_KEYS);
    OrganisationId id = f.parsed(ID, OrganisationId::of);
    // Others refer to the organisation by its slug as written, even when it is not a valid one.
    String slug = f.string(SLUG);
    String validSlug = f.parse(f.path(SLUG), slug, Organisation::checkSlug);
    opaqueUnless(slug != null, Document.Kind.ORGANISATION);
    String name = f.parsed(NAME, v -> Checks.text("name", v, NAME_MAX));
    UUID contentId = f.parsed(CONTENT_ID, Values::uuid);
    List<Located<String>> parents = f.list(PARENTS, Function.identity());
    Boolean twoStep = f.bool(TWO_STEP_MANDATED);
    // Version 2: closed by the register, and which parents the register gave (the others are
    // local).
    Boolean closed = v2 ? f.optionalBool(CLOSED) : null;
    List<Located<String>> feedParents =
        v2 ? f.optionalList(FEED_PARENTS, Function.identity()) : List.of();
    for (Located<String> p : feedParents) {
      if (parents.stream().noneMatch(q -> q.value().equals(p.value()))) {
        f.problemAt(p.path(), "a feed parent must also be one of the parents");
      }
    }
    if (slug != null) {
      for (Located<String> p : parents) {
        if (p.value().equals(slug)) {
          f.problemAt(p.path(), "an organisation cannot be its own parent");
        }
      }
    }
    Organisation base = null;
    if (id != null) {
      base =
          f.build(
              () ->
                  Organisation.builder()
                      .id(id)
                      .slug(validSlug != null ? validSlug : id.toString()) // a UUID is a slug
                      .name(name != null ? name : PLACEHOLDER_NAME)
                      .contentId(contentId != null ? contentId : PLACEHOLDER_UUID)
                      .twoStepMandated(twoStep != null && twoStep)
                      .closed(closed != null && closed)
                      .build(),
              prefixes("not an organisation slug", SLUG, "name ", NAME));
    }
    return new Document.OrganisationEntry(
        e.path(), id, slug, parents, feedParents, f.isStringArray(PARENTS), base, !f.broken());
  }

  private Document.@Nullable TeamEntry team(Located<JsonNode> e) {
    Fields f = Fields.object(e.value(), e.path(), problems);
    if (f == null) {
      return null;
    }
    f.onlyKeys(TEAM_KEYS);
    TeamId id = f.parsed(ID, TeamId::of);
    opaqueUnless(id != null, Document.Kind.TEAM);
    String name = f.parsed(NAME, v -> Checks.text("name", v, NAME_MAX));
    Located<String> organisation = f.locatedString(ORGANISATION);
    List<Located<UserId>> members = f.list(MEMBERS, UserId::of);
    List<Located<UserId>> admins = f.list(ADMINS, UserId::of);
    Set<UserId> memberIds = new HashSet<>();
    members.forEach(m -> memberIds.add(m.value()));
    for (Located<UserId> a : admins) {
      if (!memberIds.contains(a.value())) {
        f.problemAt(a.path(), "every team admin must be a member of the team");
      }
    }
    boolean complete = !f.broken() && id != null && name != null && organisation != null;
    return new Document.TeamEntry(e.path(), id, name, organisation, members, admins, complete);
  }

  private Document.@Nullable UserEntry user(Located<JsonNode> e, boolean apiUser) {
    Fields f = Fields.object(e.value(), e.path(), problems);
    if (f == null) {
      return null;
    }
    boolean v2 = version >= 2;
    f.onlyKeys(apiUser ? (v2 ? API_USER_KEYS_2 : API_USER_KEYS) : (v2 ? USER_KEYS_2 : USER_KEYS));
    UserId uid = f.parsed(UID, UserId::of);
    Long number = v2 ? f.optionalWholeNumber(NUMBER) : null;
    Instant lastSignInAt =
        v2 && !apiUser ? f.optionalParsed(LAST_SIGN_IN_AT, Values::instant) : null;
    opaqueUnless(uid != null, Document.Kind.USER);
    String name = f.parsed(NAME, v -> Checks.text("name", v, NAME_MAX));
    String firstName = f.optionalParsed(FIRST_NAME, v -> Checks.text("first name", v, NAME_MAX));
    String lastName = f.optionalParsed(LAST_NAME, v -> Checks.text("last name", v, NAME_MAX));
    Email email = f.parsed(EMAIL, Email::of);
    UserRole role = apiUser ? UserRole.NORMAL : f.parsed(ROLE, UserRole::fromWireName);
    Located<String> organisation = f.optionalLocatedString(ORGANISATION);
    UserStatus status = f.parsed(STATUS, UserStatus::fromWireName);
    String reason =
        f.optionalParsed(SUSPENSION_REASON, v -> Checks.text("suspension reason", v, REASON_MAX));
    Instant createdAt = f.parsed(CREATED_AT, Values::instant);
    if (status == UserStatus.SUSPENDED && f.isAbsent(SUSPENSION_REASON)) {
      f.problem(SUSPENSION_REASON, "a suspended user needs a suspension reason");
    }
    User base = null;
    if (uid != null) {
      UserStatus s = status != null ? status : UserStatus.INVITED;
      base =
          f.build(
              () ->
                  User.builder()
                      .uid(uid)
                      .number(number)
                      .name(name != null ? name : PLACEHOLDER_NAME)
                      .firstName(firstName)
                      .lastName(lastName)
                      .email(email != null ? email : PLACEHOLDER_EMAIL)
                      .role(role != null ? role : UserRole.NORMAL)
                      .status(s)
                      .suspensionReason(
                          reason == null && s == UserStatus.SUSPENDED ? PLACEHOLDER_NAME : reason)
                      .apiUser(apiUser)
                      .createdAt(createdAt != null ? createdAt : Instant.EPOCH)
                      .build(),
              prefixes(
                  "name ",
                  NAME,
                  "first name",
                  FIRST_NAME,
                  "last name",
                  LAST_NAME,
                  "suspension reason",
                  SUSPENSION_REASON,
                  "a suspended user",
                  SUSPENSION_REASON,
                  "an API user",
                  apiUser ? UID : ROLE,
                  "user number",
                  NUMBER));
    }
    return new Document.UserEntry(
        e.path(), apiUser, uid, email, organisation, lastSignInAt, base, !f.broken());
  }

  private Document.@Nullable GrantEntry grant(Located<JsonNode> e) {
    Fields f = Fields.object(e.value(), e.path(), problems);
    if (f == null) {
      return null;
    }
    f.onlyKeys(GRANT_KEYS);
    GrantId id = f.parsed(ID, GrantId::of);
    Located<String> application = f.locatedString(APPLICATION);
    boolean toTeam = !f.isAbsent(TEAM);
    boolean toUser = !f.isAbsent(USER);
    Located<Grantee> grantee = null;
    if (toTeam == toUser) {
      f.problem("must name exactly one grantee: either " + TEAM + " or " + USER);
    } else if (toTeam) {
      TeamId team = f.parsed(TEAM, TeamId::of);
      grantee = team == null ? null : new Located<>(f.path(TEAM), Grantee.team(team));
    } else {
      UserId user = f.parsed(USER, UserId::of);
      grantee = user == null ? null : new Located<>(f.path(USER), Grantee.user(user));
    }
    List<Located<String>> roles = f.list(ROLES, Function.identity());
    boolean complete = !f.broken() && id != null && application != null && grantee != null;
    return new Document.GrantEntry(e.path(), id, application, grantee, roles, complete);
  }

  /** Records each entry whose key another entry already has, pointing at the first. */
  private <E, K> void unique(
      List<E> entries, Function<E, @Nullable K> key, Function<E, String> path) {
    Map<K, String> seen = new HashMap<>();
    for (E entry : entries) {
      K k = key.apply(entry);
      if (k != null) {
        String first = seen.putIfAbsent(k, path.apply(entry));
        if (first != null) {
          problems.add(path.apply(entry), "duplicate of " + first);
        }
      }
    }
  }

  private static String kind(Document.GrantEntry g) {
    return g.grantee() != null && g.grantee().value() instanceof Grantee.ToTeam ? TEAM : USER;
  }

  static Map<String, String> prefixes(String... prefixAndKey) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < prefixAndKey.length; i += 2) {
      m.put(prefixAndKey[i], prefixAndKey[i + 1]);
    }
    return m;
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new LinkedHashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }
}
