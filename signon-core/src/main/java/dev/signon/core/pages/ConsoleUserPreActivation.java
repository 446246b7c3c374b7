package dev.signon.core.pages;

import dev.signon.core.admin.NewUser;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.error.ConflictException;
import dev.signon.core.federation.Upstream;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pre-activating a federated identity from the console, {@code /admin/users/new-identity} (seed
 * 004): the admin names an upstream and the person's subject there, with the account's name, email,
 * organisation, role and applications; the person's first sign-in through that upstream is this
 * account, whatever email it asserts. Only a host with upstreams has the page.
 */
final class ConsoleUserPreActivation {
  static final String PATH = ConsoleUsers.PATH + "/new-identity";
  private static final String TITLE = "Pre-activate an identity";
  private static final ConsoleAccessFields ACCESS = ConsoleAccessFields.prefixed("");

  private ConsoleUserPreActivation() {}

  static ProtocolResponse answer(ConsoleCall call) {
    if (call.upstreams().isEmpty()) {
      return call.notFound();
    }
    if (call.get()) {
      return form(call, new FormErrors());
    }
    if (!call.post()) {
      return call.getOnly();
    }
    FormErrors errors = new FormErrors();
    String name = ConsoleUserNew.name(call, errors);
    Email email = ConsoleUserNew.email(call, errors);
    Upstream upstream = call.upstream(call.form("upstream")).orElse(null);
    if (upstream == null) {
      errors.add("upstream", "Choose an identity provider from the list");
    }
    String subject = call.form("subject").strip();
    if (subject.isEmpty()) {
      errors.add("subject", "Enter the person's subject at the identity provider");
    } else if (subject.length() > 255) {
      errors.add("subject", "The subject must be 255 characters or fewer");
    }
    ConsoleAccessFields.Chosen chosen = ACCESS.read(call, errors);
    if (!errors.isEmpty() || email == null || upstream == null) {
      return form(call, errors);
    }
    NewUser spec = chosen.newUser(name, email);
    User created;
    try {
      created =
          call.admin()
              .admin()
              .activations()
              .preActivateIdentity(call.actor(), spec, chosen.grants(), upstream, subject);
    } catch (ConflictException e) {
      boolean emailTaken =
          call.store().transaction(tx -> tx.users().findByEmail(email)).isPresent();
      return form(
          call,
          emailTaken
              ? errors.add("email", ConsoleUserNew.TAKEN)
              : errors.add("subject", "That identity is already linked to an account"));
    }
    return call.redirect(ConsoleUsers.PATH + "/" + created.uid().value(), "pre-activated");
  }

  private static ProtocolResponse form(ConsoleCall call, FormErrors errors) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", call.form("name"));
    m.put("email", call.form("email"));
    m.put("subject", call.form("subject"));
    List<Map.Entry<String, String>> choices = new ArrayList<>();
    call.upstreams().forEach(u -> choices.add(Map.entry(u.name(), u.displayName())));
    m.put("upstreamChoices", ConsoleUsers.options(choices, call.form("upstream")));
    m.put("access", ACCESS.model(call, "", errors));
    m.put("action", call.path(PATH));
    m.put("back", call.path(ConsoleUsers.PATH));
    return errors.isEmpty()
        ? call.page(200, "admin-user-pre-activate", TITLE, m)
        : call.invalid("admin-user-pre-activate", TITLE, m, errors);
  }
}
