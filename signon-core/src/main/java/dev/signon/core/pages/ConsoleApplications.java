package dev.signon.core.pages;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.MonthlySignIns;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.token.ClientSecret;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's applications (superadmins only, as registering and editing them is): {@code
 * /admin/applications} lists them and registers one; {@code /admin/applications/{id}} shows one
 * with who has access, edits it, and rotates its client secret after a confirmation. A client
 * secret is made by the host and shown once, on the answer to the POST that made it; the form reads
 * as {@link ConsoleApplicationForm} describes.
 */
final class ConsoleApplications implements ConsoleRoom {
  /** How many months of sign-ins an application's page shows. */
  private static final int MONTHS = 12;

  private static final java.time.format.DateTimeFormatter MONTH =
      java.time.format.DateTimeFormatter.ofPattern("MMMM yyyy", java.util.Locale.UK);
  static final String PATH = "/admin/applications";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String title() {
    return "Applications";
  }

  @Override
  public boolean opensTo(ConsoleCall call) {
    return call.me().role() == UserRole.SUPERADMIN;
  }

  @Override
  public Map<String, String> notices() {
    return Map.of("saved", "Application saved.");
  }

  @Override
  public ProtocolResponse answer(ConsoleCall call, String rest) {
    if (rest.isEmpty()) {
      return call.get() ? list(call) : call.getOnly();
    }
    if (rest.equals("/new")) {
      return call.post() ? create(call) : form(call, ConsoleApplicationForm.blank(), null);
    }
    String[] parts = rest.substring(1).split("/", 2);
    Application app = find(call, parts[0]);
    String sub = parts.length > 1 ? parts[1] : "";
    return switch (sub) {
      case "" -> call.post() ? update(call, app) : show(call, app);
      case "secret" -> rotateSecret(call, app);
      default -> call.notFound();
    };
  }

  private static Application find(ConsoleCall call, String id) {
    ApplicationId appId;
    try {
      appId = ApplicationId.of(id);
    } catch (InvalidInputException e) {
      throw new NotFoundException("no application " + id);
    }
    return call.store()
        .transaction(tx -> tx.applications().find(appId))
        .orElseThrow(() -> new NotFoundException("no application " + id));
  }

  private static List<Organisation> organisations(ConsoleCall call) {
    return call.store().transaction(tx -> tx.organisations().list()).stream()
        .sorted(Comparator.comparing(Organisation::name, String.CASE_INSENSITIVE_ORDER))
        .toList();
  }

  private ProtocolResponse list(ConsoleCall call) {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Application> apps =
        call.store().transaction(tx -> tx.applications().list()).stream()
            .sorted(Comparator.comparing(Application::name, String.CASE_INSENSITIVE_ORDER))
            .toList();
    for (Application a : apps) {
      Map<String, Object> r = new HashMap<>();
      r.put("href", call.path(PATH + "/" + a.id().value()));
      r.put("name", a.name());
      r.put("clientId", a.clientId());
      r.put("kind", a.apiOnly() ? "API only" : "Sign-in");
      r.put("clientType", a.clientType().toString().toLowerCase(java.util.Locale.ROOT));
      r.put("retired", a.retired() ? "Retired" : "In use");
      rows.add(r);
    }
    Map<String, Object> m = new HashMap<>();
    m.put("applications", rows);
    m.put("hasApplications", !rows.isEmpty());
    m.put("newApplication", call.path(PATH + "/new"));
    return call.page(200, "admin-applications", "Applications", m);
  }

  /** The register or edit form, with {@code errors} when not null. */
  private ProtocolResponse form(
      ConsoleCall call,
      ConsoleApplicationForm f,
      @org.jspecify.annotations.Nullable FormErrors errors) {
    Map<String, Object> m = f.model(organisations(call));
    m.put("action", call.path(PATH + "/new"));
    m.put("back", call.path(PATH));
    m.put("isNew", true);
    String title = "Register an application";
    return errors == null
        ? call.page(200, "admin-application", title, m)
        : call.invalid("admin-application", title, m, errors);
  }

  private ProtocolResponse create(ConsoleCall call) {
    ConsoleApplicationForm f = ConsoleApplicationForm.read(call, true);
    FormErrors errors = new FormErrors();
    Optional<ClientSecret> secret =
        f.usesSecret() ? Optional.of(call.admin().admin().newClientSecret()) : Optional.empty();
    Optional<Application> built =
        f.build(
            call.admin().admin().newApplicationId(),
            secret.map(ClientSecret::hash).orElse(null),
            organisations(call),
            errors);
    if (built.isEmpty()) {
      return form(call, f, errors);
    }
    Application app;
    try {
      app = call.admin().admin().createApplication(call.actor(), built.get());
    } catch (ConflictException e) {
      return form(call, f, errors.add("client_id", "Another application has this client ID"));
    }
    return secret
        .map(s -> secretShown(call, app, s, "Application registered"))
        .orElseGet(() -> call.redirect(PATH + "/" + app.id().value(), "saved"));
  }

  private ProtocolResponse secretShown(
      ConsoleCall call, Application app, ClientSecret secret, String title) {
    Map<String, Object> m = new HashMap<>();
    m.put("application", app.name());
    m.put("clientId", app.clientId());
    m.put("value", secret.value().reveal());
    m.put("back", call.path(PATH + "/" + app.id().value()));
    m.put(Exchange.COPY_SCRIPT, true);
    return call.page(200, "admin-application-secret", title, m);
  }

  private ProtocolResponse show(ConsoleCall call, Application app) {
    return detail(call, app, ConsoleApplicationForm.of(app, organisations(call)), null);
  }

  private ProtocolResponse detail(
      ConsoleCall call,
      Application app,
      ConsoleApplicationForm f,
      @org.jspecify.annotations.Nullable FormErrors errors) {
    Map<String, Object> m = f.model(organisations(call));
    String here = PATH + "/" + app.id().value();
    m.put("action", call.path(here));
    m.put("back", call.path(PATH));
    m.put("appName", app.name());
    m.put("appClientId", app.clientId());
    m.put("hasSecret", app.clientSecretHash() != null);
    m.put("rotateSecret", call.path(here + "/secret"));
    List<Map<String, Object>> access = access(call, app);
    m.put("access", access);
    m.put("hasAccess", !access.isEmpty());
    m.put("signIns", signIns(call, app));
    String title = app.name();
    return errors == null
        ? call.page(200, "admin-application", title, m)
        : call.invalid("admin-application", title, m, errors);
  }

  /** Sign-ins per month over the last year, newest first. */
  private static List<Map<String, Object>> signIns(ConsoleCall call, Application app) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MonthlySignIns s : call.admin().admin().signInsByMonth(call.actor(), app.id(), MONTHS)) {
      Map<String, Object> row = new HashMap<>();
      row.put("month", MONTH.format(s.month()));
      row.put("count", s.signIns());
      out.add(0, row);
    }
    return out;
  }

  /** Who has access: each grant's user or team, with its roles. */
  private static List<Map<String, Object>> access(ConsoleCall call, Application app) {
    return call.store()
        .transaction(
            tx -> {
              List<Map<String, Object>> out = new ArrayList<>();
              for (Grant g : tx.grants().listByApplication(app.id())) {
                String who = "?";
                if (g.grantee() instanceof Grantee.ToUser u) {
                  who =
                      tx.users()
                          .find(u.user())
                          .map(x -> x.name() + " (" + x.email().value() + ")")
                          .orElse("?");
                } else if (g.grantee() instanceof Grantee.ToTeam t) {
                  who = tx.teams().find(t.team()).map(x -> "Team " + x.name()).orElse("?");
                }
                out.add(
                    Map.of(
                        "who",
                        who,
                        "roles",
                        String.join(", ", g.roles().stream().sorted().toList())));
              }
              out.sort(Comparator.comparing(r -> (String) r.get("who")));
              return out;
            });
  }

  private ProtocolResponse update(ConsoleCall call, Application app) {
    ConsoleApplicationForm f =
        ConsoleApplicationForm.read(call, false).withClientId(app.clientId());
    FormErrors errors = new FormErrors();
    String hash = f.usesSecret() ? app.clientSecretHash() : null;
    Optional<Application> built = f.build(app.id(), hash, organisations(call), errors);
    if (built.isEmpty()) {
      return detail(call, app, f, errors);
    }
    if (f.usesSecret() && hash == null) {
      // Switching to a secret: make one and show it once.
      ClientSecret secret = call.admin().admin().newClientSecret();
      Application withSecret = built.get().toBuilder().clientSecretHash(secret.hash()).build();
      call.admin().admin().updateApplication(call.actor(), withSecret);
      return secretShown(call, withSecret, secret, "Application saved");
    }
    call.admin().admin().updateApplication(call.actor(), built.get());
    return call.redirect(PATH + "/" + app.id().value(), "saved");
  }

  private ProtocolResponse rotateSecret(ConsoleCall call, Application app) {
    String here = PATH + "/" + app.id().value();
    if (app.clientSecretHash() == null) {
      return call.redirect(here);
    }
    if (!call.confirmed()) {
      return call.confirm(
          "Rotate client secret",
          "Make a new client secret for "
              + app.name()
              + "? The current one stops working at once: the application must be given the new"
              + " one before it can sign anyone in again.",
          here + "/secret",
          Map.of(),
          "Rotate client secret",
          here,
          null);
    }
    // Through the rotation service, which also delivers it where a client secret route says.
    ClientSecret secret =
        call.admin().tokenRotations().rotateClientSecret(call.actor(), app.id()).secret();
    Application rotated = app.toBuilder().clientSecretHash(secret.hash()).build();
    return secretShown(call, rotated, secret, "Client secret rotated");
  }
}
