package dev.signon.core.pages;

import dev.signon.core.admin.AdminService;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.oauth.ProtocolResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The console's organisations: {@code /admin/organisations} lists the organisations the admin may
 * see with every parent of each (a child may have several), and {@code /admin/organisations/{id}}
 * shows one with its parents, children and teams. Superadmins create ({@code /new}), edit ({@code
 * /{id}/edit}: slug, name, parents, two-step mandate) and close ({@code /{id}/close}, after a
 * confirmation page); everything goes through {@link AdminService}.
 */
final class ConsoleOrganisations implements ConsoleRoom {
  static final String PATH = "/admin/organisations";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String title() {
    return "Organisations";
  }

  @Override
  public boolean opensTo(ConsoleCall call) {
    return call.me().role().isAdmin();
  }

  @Override
  public Map<String, String> notices() {
    return Map.of(
        "created", "Organisation created.",
        "updated", "Organisation updated.",
        "closed", "Organisation closed.");
  }

  @Override
  public ProtocolResponse answer(ConsoleCall call, String rest) {
    if (rest.isEmpty()) {
      return call.get() ? list(call) : call.getOnly();
    }
    if (rest.equals("/new")) {
      return create(call);
    }
    String[] parts = rest.substring(1).split("/", -1);
    OrganisationId id;
    try {
      id = OrganisationId.of(parts[0]);
    } catch (RuntimeException e) {
      return call.notFound();
    }
    Organisation o = service(call).findOrganisation(call.actor(), id);
    if (parts.length == 1) {
      return call.get() ? show(call, o) : call.getOnly();
    }
    if (parts.length == 2 && parts[1].equals("edit")) {
      return edit(call, o);
    }
    if (parts.length == 2 && parts[1].equals("close")) {
      return close(call, o);
    }
    return call.notFound();
  }

  private static AdminService service(ConsoleCall call) {
    return call.admin().admin();
  }

  private static boolean superadmin(ConsoleCall call) {
    return call.me().role() == UserRole.SUPERADMIN && call.me().isActive();
  }

  private ProtocolResponse list(ConsoleCall call) {
    List<Organisation> visible = service(call).listOrganisations(call.actor());
    OrganisationGraph graph = graph(call);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Organisation o : visible) {
      Map<String, Object> r = new HashMap<>();
      r.put("href", call.path(PATH + "/" + o.id()));
      r.put("name", o.name());
      r.put("slug", o.slug());
      r.put("parents", names(graph, o.parents()));
      r.put("twoStep", o.twoStepMandated() ? "Required" : "Not required");
      r.put("status", o.closed() ? "Closed" : "Open");
      rows.add(r);
    }
    Map<String, Object> m = new HashMap<>();
    m.put("organisations", rows);
    m.put("hasOrganisations", !rows.isEmpty());
    m.put("mayChange", superadmin(call));
    m.put("newOrganisation", call.path(PATH + "/new"));
    return call.page(200, "admin-organisations", "Organisations", m);
  }

  private ProtocolResponse show(ConsoleCall call, Organisation o) {
    OrganisationGraph graph = graph(call);
    Map<String, Object> m = new HashMap<>();
    m.put("slug", o.slug());
    m.put("twoStep", o.twoStepMandated() ? "Required" : "Not required");
    m.put("status", o.closed() ? "Closed" : "Open");
    m.put("closed", o.closed());
    m.put("parents", links(call, graph, o.parents()));
    m.put("hasParents", !o.parents().isEmpty());
    Set<OrganisationId> children = graph.children(o.id());
    m.put("children", links(call, graph, children));
    m.put("hasChildren", !children.isEmpty());
    List<Map<String, Object>> teams = new ArrayList<>();
    for (Team t : call.store().transaction(tx -> tx.teams().list())) {
      if (t.organisation().equals(o.id())) {
        Map<String, Object> team = new HashMap<>();
        team.put("name", t.name());
        team.put("members", t.members().size());
        teams.add(team);
      }
    }
    m.put("teams", teams);
    m.put("hasTeams", !teams.isEmpty());
    m.put(
        "people",
        call.path(
            ConsoleUsers.PATH
                + "?organisation="
                + URLEncoder.encode(o.slug(), StandardCharsets.UTF_8)));
    m.put("mayChange", superadmin(call));
    m.put("edit", call.path(PATH + "/" + o.id() + "/edit"));
    m.put("close", call.path(PATH + "/" + o.id() + "/close"));
    m.put("back", call.path(PATH));
    return call.page(200, "admin-organisation", o.name(), m);
  }

  // ------------------------------------------------------------------ create

  private ProtocolResponse create(ConsoleCall call) {
    if (!superadmin(call)) {
      return call.forbidden();
    }
    OrganisationGraph graph = graph(call);
    if (call.get()) {
      return form(call, graph, null, "", "", Set.of(), false, new FormErrors());
    }
    FormErrors errors = new FormErrors();
    String slug = call.form("slug").strip();
    String name = call.form("name").strip();
    Set<OrganisationId> parents = parents(call, graph, null, errors);
    checkSlug(slug, errors);
    if (name.isEmpty()) {
      errors.add("name", "Enter the organisation's name");
    }
    if (!errors.isEmpty()) {
      return form(call, graph, null, slug, name, parents, false, errors);
    }
    try {
      Organisation o = service(call).createOrganisation(call.actor(), slug, name, parents);
      return call.redirect(PATH + "/" + o.id(), "created");
    } catch (ConflictException e) {
      errors.add("slug", "An organisation with this slug already exists");
    } catch (InvalidInputException e) {
      errors.add("slug", message(e));
    }
    return form(call, graph, null, slug, name, parents, false, errors);
  }

  private static void checkSlug(String slug, FormErrors errors) {
    if (slug.isEmpty()) {
      errors.add("slug", "Enter a slug, such as prisons.moj");
    } else {
      try {
        Organisation.checkSlug(slug);
      } catch (InvalidInputException e) {
        errors.add(
            "slug", "A slug has lower-case letters, digits, hyphens and dots, such as prisons.moj");
      }
    }
  }

  // ------------------------------------------------------------------ edit

  private ProtocolResponse edit(ConsoleCall call, Organisation o) {
    if (!superadmin(call)) {
      return call.forbidden();
    }
    OrganisationGraph graph = graph(call);
    if (call.get()) {
      return form(
          call, graph, o, o.slug(), o.name(), o.parents(), o.twoStepMandated(), new FormErrors());
    }
    FormErrors errors = new FormErrors();
    // A form without the field (an older page, a script) leaves the slug as it is.
    String slug = call.formAll("slug").isEmpty() ? o.slug() : call.form("slug").strip();
    String name = call.form("name").strip();
    boolean twoStep = call.form("two_step").equals("yes");
    Set<OrganisationId> parents = parents(call, graph, o, errors);
    checkSlug(slug, errors);
    if (name.isEmpty()) {
      errors.add("name", "Enter the organisation's name");
    }
    if (!errors.isEmpty()) {
      return form(call, graph, o, slug, name, parents, twoStep, errors);
    }
    // Each change is its own audited operation; the parents were checked above against the
    // graph, so none of them refuses for a cycle. The slug goes first: if it is taken, nothing
    // has changed.
    AdminService admin = service(call);
    if (!slug.equals(o.slug())) {
      try {
        admin.changeOrganisationSlug(call.actor(), o.id(), slug);
      } catch (ConflictException e) {
        errors.add("slug", "An organisation with this slug already exists");
        return form(call, graph, o, slug, name, parents, twoStep, errors);
      }
    }
    try {
      for (OrganisationId p : parents) {
        if (!o.parents().contains(p)) {
          admin.linkOrganisation(call.actor(), o.id(), p);
        }
      }
      for (OrganisationId p : o.parents()) {
        if (!parents.contains(p)) {
          admin.unlinkOrganisation(call.actor(), o.id(), p);
        }
      }
      if (!name.equals(o.name()) || twoStep != o.twoStepMandated()) {
        admin.updateOrganisation(call.actor(), o.id(), name, twoStep);
      }
    } catch (InvalidInputException e) {
      errors.add("parents", message(e));
      return form(call, graph, o, slug, name, parents, twoStep, errors);
    }
    return call.redirect(PATH + "/" + o.id(), "updated");
  }

  /**
   * The parents ticked on the form: organisations that exist and would make no cycle with {@code
   * child} (none of its descendants, nor itself).
   */
  private static Set<OrganisationId> parents(
      ConsoleCall call, OrganisationGraph graph, @Nullable Organisation child, FormErrors errors) {
    Set<OrganisationId> out = new HashSet<>();
    for (String v : call.formAll("parents")) {
      Optional<Organisation> p;
      try {
        p = graph.find(OrganisationId.of(v));
      } catch (RuntimeException e) {
        p = Optional.empty();
      }
      if (p.isEmpty() || (child != null && !allowedParent(graph, child, p.get().id()))) {
        errors.add("parents", "Choose parents from the list");
      } else {
        out.add(p.get().id());
      }
    }
    return out;
  }

  private static boolean allowedParent(
      OrganisationGraph graph, Organisation child, OrganisationId parent) {
    return !parent.equals(child.id()) && !graph.descendants(child.id()).contains(parent);
  }

  private ProtocolResponse form(
      ConsoleCall call,
      OrganisationGraph graph,
      @Nullable Organisation editing,
      String slug,
      String name,
      Set<OrganisationId> parents,
      boolean twoStep,
      FormErrors errors) {
    Map<String, Object> m = new HashMap<>();
    m.put("slug", slug);
    m.put("name", name);
    m.put("editing", editing != null);
    m.put("twoStep", twoStep);
    List<Map<String, Object>> choices = new ArrayList<>();
    List<Organisation> all = new ArrayList<>(graph.all());
    all.sort(
        Comparator.comparing(Organisation::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(Organisation::slug));
    for (Organisation p : all) {
      if (editing != null && !allowedParent(graph, editing, p.id())) {
        continue;
      }
      Map<String, Object> c = new HashMap<>();
      c.put("value", p.id().toString());
      c.put("id", "parent-" + p.id());
      c.put("label", p.name() + " (" + p.slug() + ")");
      c.put("checked", parents.contains(p.id()));
      choices.add(c);
    }
    m.put("parentChoices", choices);
    m.put("hasParentChoices", !choices.isEmpty());
    String action = editing == null ? PATH + "/new" : PATH + "/" + editing.id() + "/edit";
    m.put("action", call.path(action));
    m.put("back", call.path(editing == null ? PATH : PATH + "/" + editing.id()));
    String title = editing == null ? "Create organisation" : "Edit " + editing.name();
    return errors.isEmpty()
        ? call.page(200, "admin-organisation-form", title, m)
        : call.invalid("admin-organisation-form", title, m, errors);
  }

  // ------------------------------------------------------------------ close

  private ProtocolResponse close(ConsoleCall call, Organisation o) {
    if (!superadmin(call)) {
      return call.forbidden();
    }
    String here = PATH + "/" + o.id();
    if (!call.confirmed()) {
      return call.confirm(
          "Close " + o.name(),
          "Close the organisation "
              + o.name()
              + " ("
              + o.slug()
              + ")? Its people and teams stay; it is shown as closed.",
          here + "/close",
          Map.of(),
          "Close organisation",
          here,
          null);
    }
    service(call).closeOrganisation(call.actor(), o.id());
    return call.redirect(here, "closed");
  }

  // ------------------------------------------------------------------ helpers

  private static OrganisationGraph graph(ConsoleCall call) {
    return OrganisationGraph.of(call.store().transaction(tx -> tx.organisations().list()));
  }

  private static String names(OrganisationGraph graph, Set<OrganisationId> ids) {
    List<String> out = new ArrayList<>();
    for (OrganisationId id : ids) {
      graph.find(id).ifPresent(p -> out.add(p.name()));
    }
    out.sort(String.CASE_INSENSITIVE_ORDER);
    return out.isEmpty() ? "None" : String.join(", ", out);
  }

  private static List<Map<String, Object>> links(
      ConsoleCall call, OrganisationGraph graph, Set<OrganisationId> ids) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (OrganisationId id : ids) {
      graph
          .find(id)
          .ifPresent(
              p -> {
                Map<String, Object> l = new HashMap<>();
                l.put("name", p.name());
                l.put("slug", p.slug());
                l.put("href", call.path(PATH + "/" + p.id()));
                out.add(l);
              });
    }
    out.sort(
        (a, b) ->
            String.CASE_INSENSITIVE_ORDER.compare((String) a.get("name"), (String) b.get("name")));
    return out;
  }

  static String message(SignonRejectedException e) {
    String m = e.getMessage();
    return m == null ? "That change is not allowed" : m;
  }
}
