package dev.signon.spring.client;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.servlet.host.SignonEndpointServlet;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Signon host in embedded Jetty on 127.0.0.1 and a free port: Joe in {@code digital.moj},
 * signed in through core's fake gate, with {@code signin} and {@code reporting} on the confidential
 * client {@code reports}, whose callback is on {@code appOrigin}; and an API user holding an
 * application token for it.
 */
final class TestSignonHost implements AutoCloseable {
  final SecureRandom random = new SecureRandom();
  final InMemorySignonStore store = new InMemorySignonStore();
  final EngineFixture.FakeGate gate = new EngineFixture.FakeGate();
  final Server jetty;
  final URI issuer;
  final SignonServer server;
  final User joe;
  final User apiUser;
  final String reportsSecret;
  final String applicationToken;

  TestSignonHost(String appOrigin) throws Exception {
    Clock clock = Clock.systemUTC();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    connector.open(); // bind first: the issuer names the port
    issuer = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    server =
        SignonServer.builder()
            .issuer(issuer)
            .store(store)
            .clock(clock)
            .random(random)
            .keyEncryptionKey(KeyEncryptionKey.generate(random))
            .signInGate(gate)
            .build();

    Actor host = Actor.host();
    Organisation moj = server.admin().ensureOrganisationPath(host, "digital.moj");
    User created =
        server
            .admin()
            .createUser(
                host,
                NewUser.of("Joe Bloggs", Email.of("joe@example.gov.uk")).inOrganisation(moj.id()));
    joe = created.toBuilder().status(UserStatus.ACTIVE).build();
    store.transaction(
        tx -> {
          tx.users().update(joe);
          return null;
        });
    ClientSecret secret = ClientSecret.mint(random);
    reportsSecret = secret.value().reveal();
    Application reports =
        server
            .admin()
            .createApplication(
                host,
                Application.builder()
                    .id(server.admin().newApplicationId())
                    .clientId("reports")
                    .name("Reports")
                    .role(Role.of("reporting"))
                    .redirectUri(RedirectUri.of(appOrigin + "/auth/signon/callback"))
                    .postLogoutRedirectUri(RedirectUri.of(appOrigin + "/auth/signon/signed_out"))
                    .clientSecretHash(secret.hash())
                    .build());
    server
        .admin()
        .grant(host, reports.id(), Grantee.user(joe.uid()), Set.of("signin", "reporting"));
    apiUser =
        server.admin().createApiUser(host, "Publishing API", Email.of("publishing@example.gov.uk"));
    applicationToken =
        server.applicationTokens().create(host, apiUser.uid(), reports.id()).value().reveal();
    gate.signIn(joe, clock.instant());

    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder("signon", new SignonEndpointServlet(server)), "/*");
    jetty.setHandler(context);
    jetty.start();
  }

  @Override
  public void close() throws Exception {
    try {
      jetty.stop();
    } finally {
      server.close();
    }
  }
}
