package dev.signon.core.pages;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.GrantableApplication;
import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.User;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.federation.Upstream;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The console's new-user form, {@code /admin/users/new}: name, email, organisation, role and the
 * applications (with roles) to grant, offering only what the signed-in admin may give; creating the
 * account emails the invitation and opens the person's page. On a host with upstreams, the form may
 * instead pre-activate the account for its email, to be linked only through one upstream (seed
 * 004's {@code identity_url_prefix}); on a host without passwords every account is pre-activated.
 */
final class ConsoleUserNew {
  private static final String TITLE = "Create user";
  static final String TAKEN = "There is already an account with this email";
  private static final ConsoleAccessFields ACCESS = ConsoleAccessFields.prefixed("");

  private ConsoleUserNew() {}

  static ProtocolResponse answer(ConsoleCall call) {
    if (call.get()) {
      return form(call, new FormErrors());
    }
    if (!call.post()) {
      return call.getOnly();
    }
    FormErrors errors = new FormErrors();
    String name = name(call, errors);
    Email email = email(call, errors);
    ConsoleAccessFields.Chosen chosen = ACCESS.read(call, errors);
    String only = call.form("upstream");
    Upstream upstream = null;
    if (!only.isEmpty()) {
      upstream = call.upstream(only).orElse(null);
      if (upstream == null) {
        errors.add("upstream", "Choose an identity provider from the list");
      }
    }
    if (!errors.isEmpty() || email == null) {
      return form(call, errors);
    }
    NewUser spec = chosen.newUser(name, email);
    if (upstream != null || !call.passwordSignIn()) {
      // No password to set: the account waits, active, for its person's first upstream sign-in.
      User created;
      try {
        created =
            call.admin()
                .admin()
                .activations()
                .preActivate(
                    call.actor(), spec, chosen.grants(), upstream == null ? null : upstream.name());
      } catch (ConflictException e) {
        return form(call, errors.add("email", TAKEN));
      }
      return call.redirect(ConsoleUsers.PATH + "/" + created.uid().value(), "pre-activated");
    }
    User created;
    try {
      created = call.admin().admin().createUser(call.actor(), spec);
    } catch (ConflictException e) {
      return form(call, errors.add("email", TAKEN));
    }
    for (Map.Entry<GrantableApplication, Set<String>> a : chosen.access().entrySet()) {
      call.admin()
          .admin()
          .grant(
              call.actor(),
              a.getKey().application().id(),
              Grantee.user(created.uid()),
              a.getValue());
    }
    call.admin().admin().invite(call.actor(), created.uid());
    return call.redirect(ConsoleUsers.PATH + "/" + created.uid().value(), "created");
  }

  /** The posted name, with a problem recorded when it is missing or too long. */
  static String name(ConsoleCall call, FormErrors errors) {
    String name = call.form("name").strip();
    if (name.isEmpty()) {
      errors.add("name", "Enter the person's name");
    } else if (name.length() > 255) {
      errors.add("name", "The name must be 255 characters or fewer");
    }
    return name;
  }

  /** The posted email, or null with a problem recorded. */
  static @Nullable Email email(ConsoleCall call, FormErrors errors) {
    try {
      return Email.of(call.form("email").strip());
    } catch (InvalidInputException e) {
      errors.add("email", "Enter an email address like name@example.com");
      return null;
    }
  }

  private static ProtocolResponse form(ConsoleCall call, FormErrors errors) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", call.form("name"));
    m.put("email", call.form("email"));
    m.put("access", ACCESS.model(call, "", errors));
    List<Upstream> upstreams = call.upstreams();
    boolean invite = call.passwordSignIn();
    if (!upstreams.isEmpty()) {
      List<Map.Entry<String, String>> choices = new ArrayList<>();
      choices.add(Map.entry("", "Any"));
      upstreams.forEach(u -> choices.add(Map.entry(u.name(), u.displayName())));
      m.put("hasUpstreams", true);
      m.put("upstreamChoices", ConsoleUsers.options(choices, call.form("upstream")));
      m.put(
          "anyHint",
          invite
              ? "an invitation is emailed, to set a password."
              : "the first sign-in through any of them with this email links to this account.");
      m.put("identityForm", call.path(ConsoleUserPreActivation.PATH));
    }
    m.put(
        "button",
        invite && upstreams.isEmpty() ? "Create user and send invitation" : "Create user");
    m.put("action", call.path(ConsoleUsers.PATH + "/new"));
    m.put("back", call.path(ConsoleUsers.PATH));
    return errors.isEmpty()
        ? call.page(200, "admin-user-new", TITLE, m)
        : call.invalid("admin-user-new", TITLE, m, errors);
  }

  /** Every organisation, by name. */
  static List<Organisation> organisations(ConsoleCall call) {
    List<Organisation> all =
        new ArrayList<>(call.store().transaction(tx -> tx.organisations().list()));
    all.sort(Comparator.comparing(Organisation::name, String.CASE_INSENSITIVE_ORDER));
    return all;
  }

  /**
   * The organisations the signed-in admin may put people in, as {@code <select>} choices (slug,
   * name); "No organisation" first when they may leave it empty.
   */
  static List<Map.Entry<String, String>> organisationChoices(
      ConsoleCall call, List<Organisation> organisations) {
    AdminPolicy policy = AdminPolicy.over(OrganisationGraph.of(organisations));
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (policy.mayCreateUserIn(call.me(), null)) {
      out.add(Map.entry("", "No organisation"));
    }
    for (Organisation o : organisations) {
      if (!o.closed() && policy.mayCreateUserIn(call.me(), o.id())) {
        out.add(Map.entry(o.slug(), o.name()));
      }
    }
    return out;
  }
}
