package dev.signon.client.admin;

import static dev.signon.client.admin.AdminAnswers.array;
import static dev.signon.client.admin.AdminAnswers.bool;
import static dev.signon.client.admin.AdminAnswers.instant;
import static dev.signon.client.admin.AdminAnswers.integer;
import static dev.signon.client.admin.AdminAnswers.optionalText;
import static dev.signon.client.admin.AdminAnswers.text;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the admin API's answers about organisations, teams, applications, grants and events. */
final class DirectoryAnswers {
  private DirectoryAnswers() {}

  static AdminOrganisation organisation(JsonNode n) {
    return new AdminOrganisation(
        text(n, "id"),
        text(n, "slug"),
        text(n, "name"),
        texts(n, "parents"),
        bool(n, "two_step_mandated"),
        bool(n, "closed"));
  }

  static List<AdminOrganisation> organisations(JsonNode n) {
    List<AdminOrganisation> out = new ArrayList<>();
    for (JsonNode o : array(n, "organisations")) {
      out.add(organisation(o));
    }
    return List.copyOf(out);
  }

  static AdminTeam team(JsonNode n) {
    return new AdminTeam(
        text(n, "id"),
        text(n, "name"),
        text(n, "organisation"),
        texts(n, "members"),
        texts(n, "admins"));
  }

  static List<AdminTeam> teams(JsonNode n) {
    List<AdminTeam> out = new ArrayList<>();
    for (JsonNode t : array(n, "teams")) {
      out.add(team(t));
    }
    return List.copyOf(out);
  }

  static AdminApplication application(JsonNode n) {
    List<String> roles = new ArrayList<>();
    for (JsonNode r : array(n, "roles")) {
      roles.add(text(r, "name"));
    }
    return new AdminApplication(
        text(n, "id"),
        text(n, "client_id"),
        text(n, "name"),
        text(n, "description"),
        roles,
        optionalText(n, "organisation"),
        optionalText(n, "home_page"),
        bool(n, "api_only"),
        bool(n, "retired"),
        // Hosts before these fields leave them out: no pushes, no logout, the default time.
        n.path("supports_push_updates").asBoolean(false),
        optionalText(n, "push_base_uri"),
        optionalText(n, "backchannel_logout_uri"),
        n.path("backchannel_logout_session_required").asBoolean(false),
        optionalText(n, "notice_give_up_after"));
  }

  static List<AdminApplication> applications(JsonNode n) {
    List<AdminApplication> out = new ArrayList<>();
    for (JsonNode a : array(n, "applications")) {
      out.add(application(a));
    }
    return List.copyOf(out);
  }

  static List<AdminGrant> grants(JsonNode n) {
    List<AdminGrant> out = new ArrayList<>();
    for (JsonNode g : array(n, "grants")) {
      out.add(
          new AdminGrant(
              text(g, "id"),
              text(g, "application_id"),
              text(g, "grantee_type"),
              text(g, "grantee"),
              texts(g, "roles")));
    }
    return List.copyOf(out);
  }

  static List<AgreementAcceptance> acceptances(JsonNode n) {
    List<AgreementAcceptance> out = new ArrayList<>();
    for (JsonNode a : array(n, "acceptances")) {
      out.add(
          new AgreementAcceptance(
              integer(a, "version"), instant(a, "accepted_at"), optionalText(a, "ip_address")));
    }
    return List.copyOf(out);
  }

  static EventList events(JsonNode n) {
    List<AdminEvent> events = new ArrayList<>();
    for (JsonNode e : array(n, "events")) {
      events.add(
          new AdminEvent(
              text(e, "id"),
              integer(e, "code"),
              text(e, "type"),
              instant(e, "occurred_at"),
              optionalText(e, "user"),
              optionalText(e, "initiator"),
              optionalText(e, "application"),
              optionalText(e, "target"),
              optionalText(e, "ip_address"),
              optionalText(e, "user_agent"),
              text(e, "detail")));
    }
    JsonNode next = n.get("next_page");
    return new EventList(
        events,
        integer(n, "total"),
        integer(n, "page"),
        integer(n, "page_size"),
        next == null || next.isNull() ? null : integer(n, "next_page"));
  }

  private static List<String> texts(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : array(n, field)) {
      if (!v.isString()) {
        throw AdminAnswers.malformed("the answer's " + field + " holds a non-string", 0);
      }
      out.add(v.stringValue());
    }
    return out;
  }
}
