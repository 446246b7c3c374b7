package dev.signon.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.signin.EmailedLinks;
import dev.signon.core.signin.HostSessions;
import dev.signon.core.signin.Origin;
import dev.signon.core.signin.PasswordSignIn;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.signin.TwoStep;
import dev.signon.core.token.TokenValue;
import dev.signon.testing.Authenticator;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A host's sign-in parts over the engine fixture, and helpers to drive them as people do. */
public abstract class SignInTesting {
  public static final String PASSWORD = "ledge-otter-quietly-42";
  public static final Origin ORIGIN = new Origin("203.0.113.5", "Mozilla/5.0 (test)");

  protected final EngineFixture f;
  protected final PasswordSignIn passwords;
  protected final TwoStep twoStep;
  protected final EmailedLinks links;
  protected final HostSessions sessions;
  protected final dev.signon.core.admin.Housekeeping housekeeping;

  /** Over the in-memory store. */
  protected SignInTesting() {
    this(new dev.signon.core.store.memory.InMemorySignonStore());
  }

  /** Over {@code store}, which must be empty. */
  protected SignInTesting(dev.signon.core.store.SignonStore store) {
    f = new EngineFixture(store);
    passwords = f.server.passwordSignIn();
    twoStep = f.server.twoStep();
    links = f.server.emailedLinks();
    sessions = f.server.hostSessions();
    housekeeping = f.server.housekeeping();
  }

  /** Invites a person through the real flow and returns their active account. */
  protected User person(String email, UserRole role) {
    User u =
        f.server
            .admin()
            .createUser(
                Actor.host(),
                NewUser.of("Ann Example", Email.of(email))
                    .withRole(role)
                    .inOrganisation(f.moj.id()));
    f.server.admin().invite(Actor.host(), u.uid());
    links.acceptInvitation(link(u.email(), "invitation"), PASSWORD, ORIGIN);
    return f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow();
  }

  /** The one-time link in the newest email to {@code to}. */
  protected TokenValue link(Email to, String purpose) {
    EmailMessage m = f.mail.lastTo(to).orElseThrow();
    Matcher matcher =
        Pattern.compile("/sign-in/links/" + purpose + "\\?token=(\\S+)").matcher(m.text());
    assertThat(matcher.find()).as("a %s link in: %s", purpose, m.text()).isTrue();
    return TokenValue.presented(matcher.group(1)).orElseThrow();
  }

  /** The "N days" phrases of the inactivity reminders sent to {@code u}, in order. */
  protected List<String> remindersTo(User u) {
    return f.mail.sent().stream()
        .filter(m -> m.to().equals(u.email()) && m.text().contains("will be suspended"))
        .map(
            m -> {
              Matcher d = Pattern.compile("in (\\d+ days?)").matcher(m.text());
              return d.find() ? d.group(1) : "?";
            })
        .toList();
  }

  protected List<AuditEvent> audit(User u) {
    return f.store.transaction(tx -> tx.audit().listBySubject(u.uid(), 100));
  }

  /**
   * An admin with two-step verification set up.
   *
   * @param session the signed-in session set-up ended in
   * @param secret the base32 secret, as an authenticator app keeps it
   * @param beforeSetup the session token issued before the second factor was set up
   */
  protected record Enrolled(TokenValue session, String secret, TokenValue beforeSetup) {}

  /** An admin signs in for the first time and sets up two-step verification. */
  protected Enrolled adminWithTwoStep() {
    User admin = person("admin@example.gov.uk", UserRole.ADMIN);
    SignInResult r = passwords.signIn(admin.email(), PASSWORD, null, ORIGIN);
    assertThat(r)
        .as("admins must set up two-step verification")
        .isInstanceOf(SignInResult.TwoStepSetupRequired.class);
    TokenValue pending = ((SignInResult.TwoStepSetupRequired) r).session();
    TwoStep.TwoStepSetup setup = twoStep.beginTwoStepSetup(pending);
    String secret = setup.secretText();
    assertThat(setup.otpauthUri().toString())
        .startsWith("otpauth://totp/GOV.UK%20Signon:admin%40example.gov.uk");
    assertThat(
            twoStep.completeTwoStepSetup(
                pending,
                setup.sealed(),
                "000000".equals(code(secret)) ? "111111" : "000000",
                ORIGIN))
        .isEqualTo(new SignInResult.Refused());
    SignInResult done = twoStep.completeTwoStepSetup(pending, setup.sealed(), code(secret), ORIGIN);
    assertThat(done).isInstanceOf(SignInResult.SignedIn.class);
    f.clock.advance(Duration.ofSeconds(30));
    return new Enrolled(((SignInResult.SignedIn) done).session(), secret, pending);
  }

  protected String code(String secret) {
    return Authenticator.code(secret, f.clock);
  }
}
