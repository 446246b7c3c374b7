package dev.signon.core.pages;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.AdminServices;
import dev.signon.core.directory.User;
import dev.signon.core.federation.Upstream;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.store.SignonStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request to the admin console by a signed-in person: who they are, the admin services acting
 * for them, and the console's way of answering (its layout, success messages after a change,
 * confirmation pages, refusals).
 */
final class ConsoleCall {
  private final Exchange x;
  private final HostPages site;
  private final User me;
  private final Actor actor;
  private final AdminServices admin;
  private final List<ConsoleRoom> open;
  private final ConsoleRoom room;

  ConsoleCall(
      Exchange x,
      HostPages site,
      User me,
      AdminServices admin,
      List<ConsoleRoom> open,
      ConsoleRoom room) {
    this.x = x;
    this.site = site;
    this.me = me;
    this.actor = Actor.user(me.uid(), x.request.remoteAddress(), x.request.userAgent());
    this.admin = admin;
    this.open = open;
    this.room = room;
  }

  /** The signed-in person. */
  User me() {
    return me;
  }

  /** The signed-in person as the admin services' actor, with their address and user agent. */
  Actor actor() {
    return actor;
  }

  AdminServices admin() {
    return admin;
  }

  /** The host's store, for reads that need no admin rights (such as names for a form's lists). */
  SignonStore store() {
    return site.store();
  }

  /** The host's upstream identity providers (none on a host that takes only passwords). */
  List<Upstream> upstreams() {
    return site.upstreamList();
  }

  /** The upstream of this name, if the host has one. */
  Optional<Upstream> upstream(String name) {
    return site.upstream(name);
  }

  /** Whether people may sign in to the host with a password. */
  boolean passwordSignIn() {
    return site.passwordSignIn();
  }

  Exchange exchange() {
    return x;
  }

  boolean post() {
    return x.post;
  }

  boolean get() {
    return x.get;
  }

  /** A form field, or empty. */
  String form(String name) {
    return x.form(name);
  }

  /** Every value of a form field. */
  List<String> formAll(String name) {
    return x.formAll(name);
  }

  /** A query parameter, or empty. */
  String query(String name) {
    return x.query(name);
  }

  /** The path on the site of a console page, such as {@code /admin/users/abc}. */
  String path(String page) {
    return x.path(page);
  }

  /**
   * A console page: {@code template} with the console's navigation ({@code nav}: {@code title},
   * {@code href}, {@code current}), the signed-in person's name ({@code me}), and the success
   * message ({@code notice}) the change before it asked for.
   */
  ProtocolResponse page(int status, String template, String title, Map<String, Object> values) {
    Map<String, Object> scope = new HashMap<>(values);
    List<Map<String, Object>> nav = new ArrayList<>();
    for (ConsoleRoom r : open) {
      Map<String, Object> link = new HashMap<>();
      link.put("title", r.title());
      link.put("href", x.path(r.path()));
      link.put("current", r == room);
      nav.add(link);
    }
    scope.put("nav", nav);
    scope.put("me", me.name());
    String notice = room.notices().get(x.query("done"));
    if (notice != null && !scope.containsKey("notice")) {
      scope.put("notice", notice);
    }
    return x.page(status, template, title, scope);
  }

  /** A page that shows {@code errors} and keeps what was typed ({@code values}). */
  ProtocolResponse invalid(
      String template, String title, Map<String, Object> values, FormErrors errors) {
    Map<String, Object> scope = new HashMap<>(values);
    errors.putInto(scope);
    return page(422, template, title, scope);
  }

  /**
   * After a change: 303 to {@code page} (POST–redirect–GET), which then shows the room's notice
   * {@code notice}.
   */
  ProtocolResponse redirect(String page, String notice) {
    String sep = page.contains("?") ? "&" : "?";
    return x.redirect(
        x.path(page) + sep + "done=" + URLEncoder.encode(notice, StandardCharsets.UTF_8));
  }

  /** 303 to a console page with no message. */
  ProtocolResponse redirect(String page) {
    return x.redirect(x.path(page));
  }

  /**
   * The page that asks before a destructive act (suspend, revoke, rotate, remove access, close):
   * {@code question}, then a form that POSTs {@code fields} (with {@code confirmed=yes}) to {@code
   * action}, and a link back to {@code back}.
   *
   * @param reasonLabel when not null, the form also asks for a reason (a required {@code reason})
   */
  ProtocolResponse confirm(
      String title,
      String question,
      String action,
      Map<String, String> fields,
      String button,
      String back,
      @Nullable String reasonLabel) {
    return confirm(title, question, action, fields, button, back, reasonLabel, new FormErrors());
  }

  /**
   * The confirmation page again after its form was refused (a missing reason, say), showing {@code
   * errors} and keeping the reason typed.
   */
  ProtocolResponse confirm(
      String title,
      String question,
      String action,
      Map<String, String> fields,
      String button,
      String back,
      @Nullable String reasonLabel,
      FormErrors errors) {
    Map<String, Object> m = new HashMap<>();
    m.put("question", question);
    m.put("action", x.path(action));
    List<Map<String, String>> hidden = new ArrayList<>();
    fields.forEach((k, v) -> hidden.add(Map.of("name", k, "value", v)));
    m.put("fields", hidden);
    m.put("button", button);
    m.put("back", x.path(back));
    if (reasonLabel != null) {
      m.put("reasonLabel", reasonLabel);
      m.put("reason", x.form("reason"));
    }
    return errors.isEmpty()
        ? page(200, "admin-confirm", title, m)
        : invalid("admin-confirm", title, m, errors);
  }

  /** True when the form is the confirmation page's, answered yes. */
  boolean confirmed() {
    return x.post && x.form("confirmed").equals("yes");
  }

  /** 403: the person may not see or do this. */
  ProtocolResponse forbidden() {
    return AdminConsole.forbidden(x);
  }

  /** 404 with the console's wording. */
  ProtocolResponse notFound() {
    return x.message(
        404, "Page not found", "There is no page at this address.", x.path("/admin"), "Back");
  }

  /** 405 for a page that takes only GET. */
  ProtocolResponse getOnly() {
    return x.methodNotAllowed("GET, HEAD", "This page does not take that method.");
  }
}
