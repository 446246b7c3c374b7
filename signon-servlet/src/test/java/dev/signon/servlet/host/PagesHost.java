package dev.signon.servlet.host;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.mail.InMemoryEmailSender;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.testing.MutableClock;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A host with the real sign-in pages in embedded Jetty on 127.0.0.1, built on {@link EngineFixture}
 * without its people: the gate is the session cookie's, mail is kept in memory, hashing is cheap
 * and the clock moves only when told.
 */
final class PagesHost implements AutoCloseable {
  static final String PASSWORD = "correct horse battery staple 42";

  final EngineFixture fixture;
  final MutableClock clock;
  final SecureRandom random;
  final InMemoryEmailSender mail;
  final PasswordHasher hasher;
  final Server jetty;
  final URI issuer;
  final SignonServer server;
  final Organisation moj;
  final Application visits;
  final String visitsSecret;

  PagesHost(boolean magicLinks) throws Exception {
    this(magicLinks, b -> {}, "", "/", "/*");
  }

  /** A host whose servlet is built with {@code options}. */
  PagesHost(Consumer<SignonEndpointServlet.Builder> options) throws Exception {
    this(false, options, "", "/", "/*");
  }

  /** A host whose issuer has a path, the servlet mounted under it. */
  PagesHost(
      boolean magicLinks,
      Consumer<SignonEndpointServlet.Builder> options,
      String issuerPath,
      String contextPath,
      String mapping)
      throws Exception {
    this(magicLinks, b -> {}, options, issuerPath, contextPath, mapping);
  }

  /** A host whose server is built with {@code serverOptions} (throttling settings, say). */
  static PagesHost withServer(Consumer<SignonServer.Builder> serverOptions) throws Exception {
    return new PagesHost(false, serverOptions, b -> {}, "", "/", "/*");
  }

  private PagesHost(
      boolean magicLinks,
      Consumer<SignonServer.Builder> serverOptions,
      Consumer<SignonEndpointServlet.Builder> options,
      String issuerPath,
      String contextPath,
      String mapping)
      throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    connector.open();
    issuer = URI.create("http://127.0.0.1:" + connector.getLocalPort() + issuerPath);
    fixture =
        new EngineFixture(
            issuer,
            new InMemorySignonStore(),
            false,
            b -> serverOptions.accept(b.magicLinks(magicLinks)));
    clock = fixture.clock;
    random = fixture.random;
    mail = fixture.mail;
    // The fixture's cheap hashing, for the passwords the tests set.
    hasher = PasswordHasher.argon2id(random, 64, 1, 1);
    server = fixture.server;
    moj = fixture.moj;
    visits = fixture.visits;
    visitsSecret = fixture.visitsSecret;
    SignonEndpointServlet.Builder servlet = SignonEndpointServlet.builder(server);
    options.accept(servlet);
    ServletContextHandler context = new ServletContextHandler(contextPath);
    context.addServlet(new ServletHolder("signon", servlet.build()), mapping);
    jetty.setHandler(context);
    jetty.start();
  }

  /** An active person with {@link #PASSWORD}, allowed into {@code visits}. */
  User person(String name, String email, UserRole role) {
    Actor host = Actor.host();
    User u =
        server
            .admin()
            .createUser(
                host, NewUser.of(name, Email.of(email)).inOrganisation(moj.id()).withRole(role));
    User active = u.toBuilder().status(UserStatus.ACTIVE).build();
    String hash = hasher.hash(PASSWORD);
    server
        .store()
        .transaction(
            tx -> {
              tx.users().update(active);
              tx.credentials()
                  .save(UserCredentials.none(u.uid()).copy().passwordHash(hash).build());
              return null;
            });
    server.admin().grant(host, visits.id(), Grantee.user(u.uid()), Set.of("signin"));
    return active;
  }

  User person(String name, String email) {
    return person(name, email, UserRole.NORMAL);
  }

  /** An invited person, not yet active, without a password. */
  User invited(String name, String email) {
    return server
        .admin()
        .createUser(Actor.host(), NewUser.of(name, Email.of(email)).inOrganisation(moj.id()));
  }

  /**
   * A browser signed in through the pages as {@code email} (a {@link #person}); an admin, who must
   * use two-step verification, sets it up on the way.
   */
  Browser signedIn(String email) throws java.io.IOException {
    Browser b = new Browser();
    b.get(url("/sign-in"));
    Browser.Page r = b.post(url("/sign-in"), "email", email, "password", PASSWORD);
    if (Browser.location(r).equals("/sign-in/two-step/setup")) {
      Browser.Page setup = b.get(url("/sign-in/two-step/setup"));
      Matcher m = Pattern.compile("<code id=\"secret\">([A-Z2-7]+)</code>").matcher(setup.body());
      if (!m.find()) {
        throw new AssertionError("no secret in " + setup.body());
      }
      String code = dev.signon.testing.Authenticator.code(m.group(1), clock);
      r =
          b.post(
              url("/sign-in/two-step/setup"),
              "sealed",
              Browser.field(setup.body(), "sealed"),
              "code",
              code);
    }
    if (r.statusCode() != 303) {
      throw new AssertionError("not signed in: " + r.statusCode() + " " + r.body());
    }
    return b;
  }

  /** The link in the last email to {@code email}. */
  String lastLink(String email) {
    String text = mail.lastTo(Email.of(email)).orElseThrow().text();
    Matcher m = Pattern.compile("https?://\\S+?token=[A-Za-z0-9_.~-]+").matcher(text);
    if (!m.find()) {
      throw new AssertionError("no link in: " + text);
    }
    return m.group();
  }

  String url(String path) {
    return issuer + path;
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
    server.close();
  }
}
