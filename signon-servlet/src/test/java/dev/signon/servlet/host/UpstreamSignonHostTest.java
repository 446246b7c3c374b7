package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.federation.Upstream;
import dev.signon.core.federation.UpstreamGrant;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ClientSecret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Signon hosts over real HTTP: B signs people in through A, trusting A to activate the people
 * of example.gov.uk who are active there.
 */
class UpstreamSignonHostTest {
  static final String CALLBACK_PATH = "/sign-in/upstream/dept-a/callback";

  @SuppressWarnings("NullAway.Init") // set before each test
  PagesHost a;

  @SuppressWarnings("NullAway.Init") // set before each test
  PagesHost b;

  @SuppressWarnings("NullAway.Init") // set before each test
  Application hostB;

  @BeforeEach
  void start() throws Exception {
    a = new PagesHost(false);
    ClientSecret secret = ClientSecret.mint(new SecureRandom());
    Upstream deptA =
        Upstream.builder()
            .name("dept-a")
            .displayName("Department A")
            .issuer(a.issuer)
            .clientId("host-b")
            .clientSecret(secret.value().reveal())
            .autoActivate(true)
            .emailDomains(Set.of("example.gov.uk"))
            .requireActiveAtUpstream(true)
            .defaultGrants(List.of(UpstreamGrant.of("visits")))
            .build();
    b =
        PagesHost.withServer(
            s -> s.federation(FederationSettings.builder().upstream(deptA).build()));
    hostB =
        a.server
            .admin()
            .createApplication(
                Actor.host(),
                Application.builder()
                    .id(a.server.admin().newApplicationId())
                    .clientId("host-b")
                    .name("Department B's Signon")
                    .redirectUri(RedirectUri.of(b.url(CALLBACK_PATH)))
                    .clientSecretHash(secret.hash())
                    .build());
  }

  @AfterEach
  void stop() throws Exception {
    b.close();
    a.close();
  }

  /** A person active on A, allowed to sign in to B through it. */
  User personOnA(String email) {
    User u = a.person("Ann Example", email);
    a.server.admin().grant(Actor.host(), hostB.id(), Grantee.user(u.uid()), Set.of("signin"));
    return u;
  }

  /**
   * Starts signing in to B through A in {@code atB}, signs in at A in {@code atA}, and returns the
   * callback URL A sends the browser back to B with.
   */
  String throughA(Browser atB, Browser atA) throws Exception {
    Browser.Page start = atB.post(b.url("/sign-in/upstream/dept-a"));
    assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
    String authorize = location(start);
    assertThat(authorize).startsWith(a.issuer + "/oauth/authorize?");
    Browser.Page issued = atA.get(authorize);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(302);
    String callback = location(issued);
    assertThat(callback).startsWith(b.url(CALLBACK_PATH) + "?");
    return callback;
  }

  Optional<User> onB(String email) {
    return b.server.store().transaction(tx -> tx.users().findByEmail(Email.of(email)));
  }

  Browser atB() throws Exception {
    Browser atB = new Browser();
    atB.get(b.url("/sign-in"));
    return atB;
  }

  @Test
  void signInPageOffersTheUpstreamButtonBesidePasswords() throws Exception {
    Browser.Page page = new Browser().get(b.url("/sign-in"));

    assertThat(page.body()).contains("Sign in with Department A").contains("name=\"password\"");
    assertThat(page.header("Content-Security-Policy").orElseThrow())
        .contains("form-action 'self' " + a.issuer);
  }

  @Test
  void personActiveOnTrustedHostIsActivatedAndSignedIn() throws Exception {
    personOnA("ann@example.gov.uk");
    Browser atA = a.signedIn("ann@example.gov.uk");
    Browser atB = atB();

    Browser.Page back = atB.get(throughA(atB, atA));

    assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
    assertThat(location(back)).isEqualTo("/profile");
    User ann = onB("ann@example.gov.uk").orElseThrow();
    assertThat(ann.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(atB.get(b.url("/profile")).statusCode()).isEqualTo(200);
  }

  @Test
  void personOfAnotherDomainIsPendingAndGetsNoCode() throws Exception {
    personOnA("bob@elsewhere.example");
    Browser atA = a.signedIn("bob@elsewhere.example");
    Browser atB = atB();

    Browser.Page back = atB.get(throughA(atB, atA));

    assertThat(back.statusCode()).isEqualTo(403);
    assertThat(back.body()).contains("waiting for activation");
    assertThat(onB("bob@elsewhere.example").orElseThrow().status()).isEqualTo(UserStatus.PENDING);
    String authorize =
        "/oauth/authorize?response_type=code&client_id=visits&redirect_uri="
            + URLEncoder.encode(EngineFixture.CALLBACK, StandardCharsets.UTF_8)
            + "&scope=openid&state=xyz&nonce=n-0S6_WzA2Mj&code_challenge="
            + EngineFixture.challenge(EngineFixture.VERIFIER)
            + "&code_challenge_method=S256";
    Browser.Page noCode = atB.get(b.url(authorize));
    assertThat(location(noCode)).startsWith("/sign-in?").doesNotContain("code=");
  }

  @Test
  void personSuspendedOnTrustedHostMeanwhileIsRefused() throws Exception {
    User ann = personOnA("ann@example.gov.uk");
    Browser atA = a.signedIn("ann@example.gov.uk");
    Browser atB = atB();
    String callback = throughA(atB, atA);

    a.server.admin().suspend(Actor.host(), ann.uid(), "left the department");
    Browser.Page back = atB.get(callback);

    assertThat(back.statusCode()).isIn(401, 403);
    assertThat(back.body()).contains("could not be completed");
    assertThat(onB("ann@example.gov.uk").filter(User::isActive)).isEmpty();
    assertThat(atB.get(b.url("/profile")).statusCode()).isEqualTo(303);
  }

  @Test
  void callbackReplayedWithItsCookieIsRefused() throws Exception {
    personOnA("ann@example.gov.uk");
    Browser atA = a.signedIn("ann@example.gov.uk");
    Browser atB = atB();
    String callback = throughA(atB, atA);
    String pending = atB.cookies.get("signon_upstream");
    assertThat(atB.get(callback).statusCode()).isEqualTo(303);

    Browser attacker = atB();
    attacker.cookies.put("signon_upstream", pending);
    Browser.Page replay = attacker.get(callback);

    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(attacker.cookies).doesNotContainKey("signon_session");
  }

  @Test
  void callbackWithoutItsPendingCookieIsRefused() throws Exception {
    personOnA("ann@example.gov.uk");
    Browser atA = a.signedIn("ann@example.gov.uk");
    Browser atB = atB();
    String callback = throughA(atB, atA);

    Browser.Page other = atB().get(callback);

    assertThat(other.statusCode()).isEqualTo(400);
  }

  @Test
  void accountSuspendedOnThisHostIsRefusedAtUpstreamSignIn() throws Exception {
    personOnA("ann@example.gov.uk");
    Browser atA = a.signedIn("ann@example.gov.uk");
    Browser first = atB();
    first.get(throughA(first, atA));
    User ann = onB("ann@example.gov.uk").orElseThrow();
    b.server.admin().suspend(Actor.host(), ann.uid(), "under review");

    Browser atB = atB();
    Browser.Page back = atB.get(throughA(atB, atA));

    assertThat(back.statusCode()).isEqualTo(403);
    assertThat(atB.cookies).doesNotContainKey("signon_session");
  }

  @Test
  void accountDeactivatedOnThisHostIsRefusedAtUpstreamSignIn() throws Exception {
    personOnA("ann@example.gov.uk");
    Browser atA = a.signedIn("ann@example.gov.uk");
    Browser first = atB();
    first.get(throughA(first, atA));
    User ann = onB("ann@example.gov.uk").orElseThrow();
    b.server.admin().deactivate(Actor.host(), ann.uid());

    Browser atB = atB();
    Browser.Page back = atB.get(throughA(atB, atA));

    assertThat(back.statusCode()).isEqualTo(403);
    assertThat(atB.cookies).doesNotContainKey("signon_session");
  }
}
