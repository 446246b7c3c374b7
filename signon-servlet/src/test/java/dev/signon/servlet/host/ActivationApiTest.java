package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.client.SecretValue;
import dev.signon.client.admin.AdminRequestRejectedException;
import dev.signon.client.admin.AdminUser;
import dev.signon.client.admin.PreActivation;
import dev.signon.client.admin.SignonAdminClient;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.federation.Upstream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pending accounts, activation, refusal and pre-activation through the JSON admin API. */
class ActivationApiTest {
  private PagesHost host;
  private Application adminApp;
  private SignonAdminClient admin;

  @BeforeEach
  void start() throws Exception {
    Upstream oneLogin =
        Upstream.builder()
            .name("one-login")
            .displayName("GOV.UK One Login")
            .issuer(URI.create("https://oidc.example.account.gov.uk"))
            .clientId("host")
            .clientSecret("not-used-here")
            .build();
    host =
        PagesHost.withServer(
            s -> s.federation(FederationSettings.builder().upstream(oneLogin).build()));
    adminApp = host.server.adminApi().registerApplication(Actor.host());
    admin = clientFor(apiUser("Runbooks", "runbooks@example.gov.uk", UserRole.SUPERADMIN));
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private User apiUser(String name, String email, UserRole role) {
    Actor seed = Actor.host();
    User u = host.server.admin().createApiUser(seed, name, Email.of(email));
    if (role != UserRole.NORMAL) {
      host.server.admin().changeRole(seed, u.uid(), role);
    }
    host.server.admin().grant(seed, adminApp.id(), Grantee.user(u.uid()), Set.of("signin"));
    return u;
  }

  private SignonAdminClient clientFor(User u) {
    String token =
        host.server
            .applicationTokens()
            .create(Actor.host(), u.uid(), adminApp.id())
            .value()
            .reveal();
    return SignonAdminClient.builder()
        .issuer(host.issuer)
        .bearerToken(SecretValue.of(token))
        .httpClient(AdminApiOverHttpTest.HTTP)
        .userAgent("activation-test")
        .build();
  }

  /** A person who arrived from an upstream and matched nobody. */
  private User pending(String email) {
    User u =
        User.builder()
            .uid(new UserId(UUID.randomUUID()))
            .name("Arrived")
            .email(Email.of(email))
            .status(UserStatus.PENDING)
            .createdAt(Instant.parse("2026-04-01T10:00:00Z"))
            .build();
    host.server
        .store()
        .transaction(
            tx -> {
              tx.users().insert(u);
              return u;
            });
    return u;
  }

  @Test
  void pendingAccountsAreListedAndActivatedWithOrganisationRoleAndGrants() {
    User ann = pending("ann@example.gov.uk");

    assertThat(admin.pendingAccounts(1).users())
        .extracting(AdminUser::uid)
        .containsExactly(ann.uid().toString());

    AdminUser active =
        admin.activate(
            ann.uid().toString(),
            host.moj.id().toString(),
            "normal",
            Map.of("visits", List.of("reporting")));

    assertThat(active.status()).isEqualTo("active");
    assertThat(admin.pendingAccounts(1).users()).isEmpty();
    assertThat(admin.userGrants(ann.uid().toString()))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.applicationId()).isEqualTo(host.visits.id().toString());
              assertThat(g.roles()).containsExactlyInAnyOrder("signin", "reporting");
            });
  }

  @Test
  void activatingAnAccountThatIsNotPendingIsRefusedClearly() {
    User bo = pending("bo@example.gov.uk");
    admin.activate(bo.uid().toString(), null, "normal", Map.of());

    assertThatThrownBy(() -> admin.activate(bo.uid().toString(), null, "normal", Map.of()))
        .isInstanceOf(AdminRequestRejectedException.class)
        .hasMessageContaining("only a pending account can be activated");
    assertThatThrownBy(() -> admin.refuse(bo.uid().toString(), "not ours"))
        .isInstanceOf(AdminRequestRejectedException.class)
        .hasMessageContaining("only a pending account can be refused");
  }

  @Test
  void activatingWithAnUnknownApplicationIsRefusedNamingIt() {
    User cy = pending("cy@example.gov.uk");
    assertThatThrownBy(
            () -> admin.activate(cy.uid().toString(), null, "normal", Map.of("nope", List.of())))
        .isInstanceOf(AdminRequestRejectedException.class)
        .hasMessageContaining("no application nope");
    assertThat(admin.pendingAccounts(1).users()).hasSize(1);
  }

  @Test
  void aRefusedAccountIsDeactivated() {
    User dee = pending("dee@example.gov.uk");
    AdminUser refused = admin.refuse(dee.uid().toString(), "not a civil servant");
    assertThat(refused.status()).isEqualTo("deactivated");
    assertThat(admin.pendingAccounts(1).users()).isEmpty();
  }

  @Test
  void anApiUserWithNoAdminRoleMayNeitherActivateNorRefuseNorPreActivate() {
    User ed = pending("ed@example.gov.uk");
    SignonAdminClient normal =
        clientFor(apiUser("Reader", "reader@example.gov.uk", UserRole.NORMAL));

    assertThatThrownBy(() -> normal.activate(ed.uid().toString(), null, "normal", Map.of()))
        .isInstanceOf(AdminRequestRejectedException.class)
        .extracting(e -> ((AdminRequestRejectedException) e).status())
        .isEqualTo(403);
    assertThatThrownBy(() -> normal.refuse(ed.uid().toString(), "no"))
        .isInstanceOf(AdminRequestRejectedException.class)
        .extracting(e -> ((AdminRequestRejectedException) e).status())
        .isEqualTo(403);
    assertThatThrownBy(
            () -> normal.preActivate(PreActivation.forEmail("Fay", "fay@example.gov.uk")))
        .isInstanceOf(AdminRequestRejectedException.class)
        .extracting(e -> ((AdminRequestRejectedException) e).status())
        .isEqualTo(403);
    assertThat(admin.pendingAccounts(1).users()).hasSize(1);
  }

  @Test
  void preActivationByEmailOnlyThroughOneUpstreamAndByIdentity() {
    AdminUser fay =
        admin.preActivate(
            PreActivation.forEmail("Fay", "fay@example.gov.uk")
                .inOrganisation(host.moj.id().toString())
                .withGrant("visits")
                .onlyThrough("one-login"));
    assertThat(fay.status()).isEqualTo("active");
    assertThat(admin.userGrants(fay.uid())).hasSize(1);

    AdminUser gus =
        admin.preActivate(
            PreActivation.forIdentity("Gus", "gus@example.com", "one-login", "urn:fdc:gus"));
    assertThat(gus.status()).isEqualTo("active");
    String linked =
        host.server
            .store()
            .transaction(
                tx ->
                    tx.upstreamLinks()
                        .find("https://oidc.example.account.gov.uk", "urn:fdc:gus")
                        .orElseThrow()
                        .user()
                        .toString());
    assertThat(linked).isEqualTo(gus.uid());
  }

  @Test
  void preActivationNamingAnUnknownUpstreamOrATakenEmailIsRefused() {
    assertThatThrownBy(
            () ->
                admin.preActivate(
                    PreActivation.forEmail("Hal", "hal@example.gov.uk").onlyThrough("entra")))
        .isInstanceOf(AdminRequestRejectedException.class)
        .hasMessageContaining("no upstream entra");
    assertThatThrownBy(
            () -> admin.preActivate(PreActivation.forIdentity("Hal", "h@x.com", "entra", "s1")))
        .isInstanceOf(AdminRequestRejectedException.class)
        .hasMessageContaining("no upstream entra");
    admin.preActivate(PreActivation.forEmail("Ida", "ida@example.gov.uk"));
    assertThatThrownBy(() -> admin.preActivate(PreActivation.forEmail("Ida", "ida@example.gov.uk")))
        .isInstanceOf(AdminRequestRejectedException.class)
        .extracting(e -> ((AdminRequestRejectedException) e).status())
        .isEqualTo(409);
  }
}
