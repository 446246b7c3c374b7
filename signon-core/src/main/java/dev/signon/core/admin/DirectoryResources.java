package dev.signon.core.admin;

import static dev.signon.core.admin.AdminJson.json;
import static dev.signon.core.admin.UserQueryParameters.one;
import static dev.signon.core.admin.UserQueryParameters.parse;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's read-only resources of the directory: {@code /organisations}, {@code /teams},
 * {@code /applications} with their grants, a user's grants, and {@code /events}. Each translates
 * the request to one read of {@link AdminService}, which applies the same visibility rules as the
 * admin console.
 */
final class DirectoryResources {
  private static final Set<String> EVENT_PARAMETERS =
      Set.of("code", "user", "initiator", "from", "to", "page");

  private final AdminService admin;

  DirectoryResources(AdminService admin) {
    this.admin = admin;
  }

  ProtocolResponse organisations(AdminCaller caller) {
    List<Organisation> all = admin.listOrganisations(caller.actor());
    Map<OrganisationId, String> slugs = new HashMap<>();
    for (Organisation o : all) {
      slugs.put(o.id(), o.slug());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Organisation o : all) {
      out.add(organisation(o, slugs::get));
    }
    return json(200, Map.of("organisations", out));
  }

  ProtocolResponse organisation(AdminCaller caller, OrganisationId id) {
    Organisation o = admin.findOrganisation(caller.actor(), id);
    return json(200, organisation(o, p -> null));
  }

  ProtocolResponse changeSlug(AdminCaller caller, OrganisationId id, ProtocolRequest request) {
    AdminJson.Body body = AdminJson.body(request, java.util.Set.of("slug"));
    Organisation o = admin.changeOrganisationSlug(caller.actor(), id, body.required("slug"));
    return json(200, organisation(o, p -> null));
  }

  ProtocolResponse teams(AdminCaller caller) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Team t : admin.listTeams(caller.actor())) {
      out.add(team(t));
    }
    return json(200, Map.of("teams", out));
  }

  ProtocolResponse team(AdminCaller caller, TeamId id) {
    return json(200, team(admin.findTeam(caller.actor(), id)));
  }

  ProtocolResponse applications(AdminCaller caller) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Application a : admin.listApplications(caller.actor())) {
      out.add(application(a));
    }
    return json(200, Map.of("applications", out));
  }

  ProtocolResponse application(AdminCaller caller, ApplicationId id) {
    return json(200, application(admin.findApplication(caller.actor(), id)));
  }

  ProtocolResponse grantsOfApplication(AdminCaller caller, ApplicationId id) {
    return grants(admin.grantsOfApplication(caller.actor(), id));
  }

  ProtocolResponse grantsOfUser(AdminCaller caller, UserId uid) {
    return grants(admin.grantsOfUser(caller.actor(), uid));
  }

  ProtocolResponse events(AdminCaller caller, ProtocolRequest request) {
    EventSearch search = eventSearch(request);
    Page<AuditEvent> page = admin.searchEvents(caller.actor(), search);
    List<Map<String, Object>> events = new ArrayList<>();
    for (AuditEvent e : page.items()) {
      events.add(event(e));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", events);
    out.put("total", page.total());
    out.put("page", page.page());
    out.put("page_size", page.pageSize());
    if (page.hasNext()) {
      out.put("next_page", page.page() + 1);
    }
    return json(200, out);
  }

  /** The event search a request's query asks for, refusing unknown or malformed parameters. */
  static EventSearch eventSearch(ProtocolRequest request) {
    Map<String, List<String>> params = request.queryParameters();
    for (String name : params.keySet()) {
      if (!EVENT_PARAMETERS.contains(name)) {
        throw ApiError.invalidRequest(name + ": unknown parameter");
      }
    }
    EventSearch.Builder b = EventSearch.builder();
    String code = one(params, "code");
    if (code != null) {
      b.type(parse("code", code, DirectoryResources::eventType));
    }
    String user = one(params, "user");
    if (user != null) {
      b.subject(parse("user", user, t -> new UserId(uuid(t))));
    }
    String initiator = one(params, "initiator");
    if (initiator != null) {
      b.initiator(parse("initiator", initiator, t -> new UserId(uuid(t))));
    }
    String from = one(params, "from");
    if (from != null) {
      b.from(parse("from", from, t -> instant(t, false)));
    }
    String to = one(params, "to");
    if (to != null) {
      b.to(parse("to", to, t -> instant(t, true)));
    }
    String page = one(params, "page");
    if (page != null) {
      b.page(parse("page", page, UserQueryParameters::positive));
    }
    try {
      return b.build();
    } catch (InvalidInputException e) {
      throw ApiError.invalidRequest(AdminJson.describe(e));
    }
  }

  /** An event type from its numeric code or its name ({@code user_suspended}). */
  static AuditEventType eventType(String text) {
    if (!text.isEmpty() && text.length() < 6 && text.chars().allMatch(Character::isDigit)) {
      return AuditEventType.fromCode(Integer.parseInt(text))
          .orElseThrow(() -> new InvalidInputException("no event with code " + text));
    }
    try {
      return AuditEventType.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("no event " + text);
    }
  }

  /**
   * An instant ({@code 2026-12-01T10:00:00Z}) or a UTC date ({@code 2026-12-01}); a date as the end
   * of a range means the end of that day.
   */
  static Instant instant(String text, boolean end) {
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("must be a date (2026-12-01) or an instant");
    }
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("must be a uid");
    }
  }

  private static ProtocolResponse grants(List<Grant> grants) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Grant g : grants) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", g.id().toString());
      m.put("application_id", g.application().toString());
      m.put("grantee_type", g.grantee() instanceof Grantee.ToTeam ? "team" : "user");
      m.put(
          "grantee",
          g.grantee() instanceof Grantee.ToTeam t
              ? t.team().toString()
              : ((Grantee.ToUser) g.grantee()).user().toString());
      m.put("roles", g.roles().stream().sorted().toList());
      out.add(m);
    }
    return json(200, Map.of("grants", out));
  }

  private static Map<String, Object> organisation(
      Organisation o, Function<OrganisationId, @Nullable String> slugs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id().toString());
    m.put("slug", o.slug());
    m.put("name", o.name());
    List<String> parents = new ArrayList<>();
    List<String> parentSlugs = new ArrayList<>();
    for (OrganisationId p : o.parents()) {
      parents.add(p.toString());
      String slug = slugs.apply(p);
      if (slug != null) {
        parentSlugs.add(slug);
      }
    }
    parents.sort(null);
    m.put("parents", parents);
    if (!parentSlugs.isEmpty()) {
      parentSlugs.sort(null);
      m.put("parent_slugs", parentSlugs);
    }
    m.put("two_step_mandated", o.twoStepMandated());
    m.put("closed", o.closed());
    return m;
  }

  private static Map<String, Object> team(Team t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id().toString());
    m.put("name", t.name());
    m.put("organisation", t.organisation().toString());
    m.put("members", t.members().stream().map(UserId::toString).sorted().toList());
    m.put("admins", t.admins().stream().map(UserId::toString).sorted().toList());
    return m;
  }

  private static Map<String, Object> application(Application a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id().toString());
    m.put("client_id", a.clientId());
    m.put("name", a.name());
    m.put("description", a.description());
    List<Map<String, Object>> roles = new ArrayList<>();
    for (Role r : a.roles()) {
      Map<String, Object> role = new LinkedHashMap<>();
      role.put("name", r.name());
      role.put("description", r.description());
      role.put("delegated", r.delegated());
      role.put("grantable", r.grantable());
      roles.add(role);
    }
    m.put("roles", roles);
    OrganisationId owner = a.organisation();
    m.put("organisation", owner == null ? null : owner.toString());
    URI home = a.serviceUri();
    m.put("home_page", home == null ? null : home.toString());
    m.put("api_only", a.apiOnly());
    m.put("supports_push_updates", a.supportsPushUpdates());
    URI pushBase = a.pushBaseUri();
    m.put("push_base_uri", pushBase == null ? null : pushBase.toString());
    URI logout = a.backchannelLogoutUri();
    m.put("backchannel_logout_uri", logout == null ? null : logout.toString());
    m.put("backchannel_logout_session_required", a.backchannelLogoutSessionRequired());
    java.time.Duration giveUp = a.noticeGiveUpAfter();
    m.put("notice_give_up_after", giveUp == null ? null : giveUp.toString());
    m.put("retired", a.retired());
    return m;
  }

  private static Map<String, Object> event(AuditEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id().toString());
    m.put("code", e.type().code());
    m.put("type", e.type().name().toLowerCase(Locale.ROOT));
    m.put("occurred_at", e.occurredAt().toString());
    m.put("user", e.subject() == null ? null : String.valueOf(e.subject()));
    m.put("initiator", e.initiator() == null ? null : String.valueOf(e.initiator()));
    m.put("application", e.application() == null ? null : String.valueOf(e.application()));
    m.put("target", e.target());
    m.put("ip_address", e.ipAddress());
    m.put("user_agent", e.userAgent());
    m.put("detail", e.detail());
    return m;
  }
}
