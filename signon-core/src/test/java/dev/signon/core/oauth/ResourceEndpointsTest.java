package dev.signon.core.oauth;

import static dev.signon.core.testing.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ApplicationToken;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ResourceEndpointsTest {
  final EngineFixture f = new EngineFixture();

  String accessToken() {
    return json(f.exchange(f.code())).get("access_token").asString();
  }

  @Test
  void discoveryPublishesTheEndpointsAndOnlyS256() {
    JsonNode d = json(f.oauth.discovery());
    assertThat(d.get("issuer").asString()).isEqualTo(EngineFixture.ISSUER);
    assertThat(d.get("token_endpoint").asString()).isEqualTo(EngineFixture.ISSUER + "/oauth/token");
    assertThat(d.get("jwks_uri").asString())
        .isEqualTo(EngineFixture.ISSUER + "/.well-known/jwks.json");
    assertThat(d.get("user_details_endpoint").asString())
        .isEqualTo(EngineFixture.ISSUER + "/api/user_details");
    assertThat(d.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(d.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
  }

  @Test
  void jwksPublishesOnlyPublicKeys() {
    f.exchange(f.code());
    String jwks = f.oauth.jwks().body();
    assertThat(jwks).contains("\"kty\":\"RSA\"").doesNotContain("\"d\"").doesNotContain("\"p\"");
  }

  @Test
  void userinfoReturnsClaimsByScope() {
    JsonNode u = json(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", accessToken())));
    assertThat(u.get("sub").asString()).isEqualTo(f.joe.uid().toString());
    assertThat(u.get("email").asString()).isEqualTo("joe@example.gov.uk");
    assertThat(u.get("given_name").asString()).isEqualTo("Joe");
  }

  @Test
  void userinfoWithoutTokenIs401WithABareChallenge() {
    ProtocolResponse r =
        f.oauth.userinfo(ProtocolRequest.builder("GET", URI.create("/userinfo")).build());
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate"))
        .contains("Bearer realm=\"" + EngineFixture.ISSUER + "\"");
  }

  @Test
  void userinfoWithAnUnknownOrExpiredTokenIs401InvalidToken() {
    ProtocolResponse unknown =
        f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", "sgn_a_made-up"));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.header("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).contains("error=\"invalid_token\""));

    String token = accessToken();
    f.clock.advance(Duration.ofHours(1));
    assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", token)).status())
        .isEqualTo(401);
  }

  @Test
  void suspendingAUserRevokesTheirTokensEverywhere() {
    String token = accessToken();
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");

    assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", token)).status())
        .isEqualTo(401);
    assertThat(f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", token)).status())
        .isEqualTo(401);
    assertThat(json(f.introspect("visits", f.visitsSecret, token)).get("active").asBoolean())
        .isFalse();

    f.server.admin().unsuspend(Actor.host(), f.joe.uid());
    assertThat(f.oauth.userinfo(f.bearerRequest("GET", "/userinfo", token)).status())
        .as("a revoked token stays revoked")
        .isEqualTo(401);
  }

  @Test
  void userDetailsIsMojSignOnsShape() {
    JsonNode d =
        json(f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", accessToken())));
    assertThat(d.get("id").isIntegralNumber()).isTrue();
    assertThat(d.get("id").longValue())
        .isEqualTo(f.store.transaction(tx -> tx.users().find(f.joe.uid())).orElseThrow().number());
    assertThat(d.get("email").asString()).isEqualTo("joe@example.gov.uk");
    assertThat(d.get("first_name").asString()).isEqualTo("Joe");
    assertThat(d.get("last_name").asString()).isEqualTo("Bloggs");
    assertThat(d.get("permissions").toString())
        .isEqualTo("[{\"organisation\":\"digital.moj\",\"roles\":[\"reporting\"]}]");
    assertThat(d.get("links").get("profile").asString())
        .isEqualTo(EngineFixture.ISSUER + "/profile");
    assertThat(d.get("links").get("logout").asString())
        .isEqualTo(EngineFixture.ISSUER + "/users/sign_out");
  }

  @Test
  void userJsonIsGdsSsosShapeAndNeedsSignin() {
    String token = accessToken();
    JsonNode u = json(f.oauth.userJson(f.bearerRequest("GET", "/user.json", token))).get("user");
    assertThat(u.get("uid").asString()).isEqualTo(f.joe.uid().toString());
    assertThat(u.get("permissions").toString()).isEqualTo("[\"reporting\",\"signin\"]");
    assertThat(u.get("organisation_slug").asString()).isEqualTo("digital.moj");
    assertThat(u.get("organisation_content_id").asString()).isEqualTo(f.moj.contentId().toString());
    assertThat(u.get("disabled").asBoolean()).isFalse();

    ProtocolRequest otherApp =
        ProtocolRequest.builder("GET", URI.create("/user.json?client_id=spa"))
            .queryParameter("client_id", "spa")
            .header("Authorization", "Bearer " + token)
            .build();
    assertThat(f.oauth.userJson(otherApp).status())
        .as("token of another application")
        .isEqualTo(401);

    f.server
        .admin()
        .revoke(Actor.host(), f.visits.id(), Grantee.user(f.joe.uid()), Set.of("signin"));
    assertThat(f.oauth.userJson(f.bearerRequest("GET", "/user.json", token)).status())
        .isEqualTo(401);
  }

  @Test
  void introspectionAnswersOnlyTheApplicationTheTokenIsFor() {
    String token = accessToken();
    JsonNode mine = json(f.introspect("visits", f.visitsSecret, token));
    assertThat(mine.get("active").asBoolean()).isTrue();
    assertThat(mine.get("sub").asString()).isEqualTo(f.joe.uid().toString());
    assertThat(mine.get("client_id").asString()).isEqualTo("visits");
    assertThat(mine.get("permissions").toString()).isEqualTo("[\"reporting\",\"signin\"]");

    String apiSecret = f.registerApiClient("api").secret();
    assertThat(json(f.introspect("api", apiSecret, token)).get("active").asBoolean()).isFalse();
    assertThat(f.introspect("api", "wrong", token).status()).isEqualTo(401);
  }

  @Test
  void revokingARefreshTokenRevokesItsFamilyAndUnknownTokensAre200() {
    JsonNode t = json(f.exchange(f.code()));
    ProtocolRequest revoke =
        ProtocolRequest.builder("POST", URI.create("/oauth/revoke"))
            .formParameter("client_id", "visits")
            .formParameter("client_secret", f.visitsSecret)
            .formParameter("token", t.get("refresh_token").asString())
            .build();
    assertThat(f.oauth.revoke(revoke).status()).isEqualTo(200);
    assertThat(
            f.oauth
                .userinfo(f.bearerRequest("GET", "/userinfo", t.get("access_token").asString()))
                .status())
        .isEqualTo(401);

    ProtocolRequest unknown =
        ProtocolRequest.builder("POST", URI.create("/oauth/revoke"))
            .formParameter("client_id", "visits")
            .formParameter("client_secret", f.visitsSecret)
            .formParameter("token", "sgn_a_nothing")
            .build();
    assertThat(f.oauth.revoke(unknown).status()).isEqualTo(200);
  }

  // ---- sign-out

  @Test
  void signOutFollowsRedirectToOnlyWhenRegistered() {
    ProtocolResponse ok =
        f.oauth.signOut(
            ProtocolRequest.builder("GET", URI.create("/users/sign_out"))
                .queryParameter("redirect_to", "https://visits.example/signed-out")
                .build());
    assertThat(ok.header("Location")).contains("https://visits.example/signed-out");
    assertThat(ok.header("Set-Cookie"))
        .hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));

    ProtocolResponse open =
        f.oauth.signOut(
            ProtocolRequest.builder("GET", URI.create("/users/sign_out"))
                .queryParameter("redirect_to", "https://evil.example/")
                .build());
    assertThat(open.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/sign-in"));
    assertThat(f.gate.signOuts).isEqualTo(2);
  }

  @Test
  void endSessionRedirectsWithStateOnlyForAValidHintAndRegisteredUri() throws Exception {
    String idToken = json(f.exchange(f.code())).get("id_token").asString();
    ProtocolResponse ok =
        f.oauth.endSession(
            ProtocolRequest.builder("GET", URI.create("/oauth/end_session"))
                .queryParameter("id_token_hint", idToken)
                .queryParameter("post_logout_redirect_uri", "https://visits.example/signed-out")
                .queryParameter("state", "s-1")
                .build());
    assertThat(ok.header("Location")).contains("https://visits.example/signed-out?state=s-1");

    ProtocolResponse unregistered =
        f.oauth.endSession(
            ProtocolRequest.builder("GET", URI.create("/oauth/end_session"))
                .queryParameter("id_token_hint", idToken)
                .queryParameter("post_logout_redirect_uri", "https://evil.example/")
                .build());
    assertThat(unregistered.header("Location")).isEmpty();
    assertThat(unregistered.status()).isEqualTo(200);

    String[] parts = idToken.split("\\.");
    String forged =
        parts[0]
            + "."
            + com.nimbusds.jose.util.Base64URL.encode(
                "{\"aud\":\"visits\",\"iss\":\"" + EngineFixture.ISSUER + "\"}")
            + "."
            + parts[2];
    ProtocolResponse tampered =
        f.oauth.endSession(
            ProtocolRequest.builder("GET", URI.create("/oauth/end_session"))
                .queryParameter("id_token_hint", forged)
                .queryParameter("post_logout_redirect_uri", "https://visits.example/signed-out")
                .build());
    assertThat(tampered.header("Location")).isEmpty();
    assertThat(SignedJWT.parse(idToken).getJWTClaimsSet().getAudience()).containsExactly("visits");
  }

  // ---- API users' application tokens

  User apiUser() {
    return f.server
        .admin()
        .createApiUser(
            Actor.user(f.superadmin.uid()),
            "Publishing API",
            Email.of("publishing@example.gov.uk"));
  }

  @Test
  void applicationTokenIsShownOnceStoredHashedAndAcceptedAsABearerToken() {
    User api = apiUser();
    ApplicationTokenAdmin.NewApplicationToken t =
        f.server
            .applicationTokens()
            .create(Actor.user(f.superadmin.uid()), api.uid(), f.visits.id());

    assertThat(t.value().reveal()).startsWith("sgn_t_");
    assertThat(t.value().toString()).doesNotContain(t.value().reveal());
    assertThat(t.token().hash()).isEqualTo(t.value().hash());
    assertThat(t.token().expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(730)));

    String bearer = t.value().reveal();
    assertThat(
            json(f.oauth.userJson(f.bearerRequest("GET", "/user.json", bearer)))
                .get("user")
                .get("permissions")
                .toString())
        .isEqualTo("[\"signin\"]");
    ProtocolResponse details =
        f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", bearer));
    assertThat(details.status()).isEqualTo(200);
    assertThat(json(details).get("permissions").toString())
        .as("an API user in no organisation is still listed, with the roles beyond signin")
        .isEqualTo("[{\"organisation\":\"\",\"roles\":[]}]");
    assertThat(json(f.introspect("visits", f.visitsSecret, bearer)).get("active").asBoolean())
        .isTrue();
  }

  @Test
  void applicationTokenLastUseIsRecordedAtMostOnceAMinute() {
    User api = apiUser();
    var t = f.server.applicationTokens().create(Actor.host(), api.uid(), f.visits.id());
    String bearer = t.value().reveal();

    f.oauth.userJson(f.bearerRequest("GET", "/user.json", bearer));
    var first = f.server.applicationTokens().list(api.uid()).get(0).lastUsedAt();
    assertThat(first).isEqualTo(f.clock.instant());
    f.clock.advance(Duration.ofSeconds(30));
    f.oauth.userJson(f.bearerRequest("GET", "/user.json", bearer));
    assertThat(f.server.applicationTokens().list(api.uid()).get(0).lastUsedAt()).isEqualTo(first);
    f.clock.advance(Duration.ofSeconds(31));
    f.oauth.userJson(f.bearerRequest("GET", "/user.json", bearer));
    assertThat(f.server.applicationTokens().list(api.uid()).get(0).lastUsedAt())
        .isEqualTo(f.clock.instant());
  }

  @Test
  void expiredRevokedOrSuspendedApplicationTokensAreRefused() {
    User api = apiUser();
    var shortLived =
        f.server
            .applicationTokens()
            .create(Actor.host(), api.uid(), f.visits.id(), Duration.ofDays(1));
    var revoked = f.server.applicationTokens().create(Actor.host(), api.uid(), f.visits.id());
    var suspended = f.server.applicationTokens().create(Actor.host(), api.uid(), f.visits.id());
    f.server.applicationTokens().revoke(Actor.host(), revoked.token().id());

    assertThat(
            f.oauth
                .userJson(f.bearerRequest("GET", "/user.json", revoked.value().reveal()))
                .status())
        .isEqualTo(401);
    f.clock.advance(Duration.ofDays(2));
    assertThat(
            f.oauth
                .userJson(f.bearerRequest("GET", "/user.json", shortLived.value().reveal()))
                .status())
        .isEqualTo(401);
    assertThat(
            f.oauth
                .userJson(f.bearerRequest("GET", "/user.json", suspended.value().reveal()))
                .status())
        .isEqualTo(200);
    f.server.admin().suspend(Actor.user(f.superadmin.uid()), api.uid(), "compromised");
    assertThat(
            f.oauth
                .userJson(f.bearerRequest("GET", "/user.json", suspended.value().reveal()))
                .status())
        .isEqualTo(401);
  }

  @Test
  void onlySuperadminsManageApplicationTokens() {
    User api = apiUser();
    assertThatThrownBy(
            () ->
                f.server
                    .applicationTokens()
                    .create(Actor.user(f.joe.uid()), api.uid(), f.visits.id()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void rotationKeepsTheOldTokenUntilTheNewOneIsUsed() {
    User api = apiUser();
    var old = f.server.applicationTokens().create(Actor.host(), api.uid(), f.visits.id());
    var fresh = f.server.applicationTokens().rotate(Actor.host(), old.token().id());

    assertThat(fresh.token().replaces()).isEqualTo(old.token().id());
    assertThat(f.server.housekeeping().completeRotations(Duration.ofDays(7))).isZero();
    assertThat(
            f.oauth.userJson(f.bearerRequest("GET", "/user.json", old.value().reveal())).status())
        .isEqualTo(200);

    f.oauth.userJson(f.bearerRequest("GET", "/user.json", fresh.value().reveal()));
    assertThat(f.server.housekeeping().completeRotations(Duration.ofDays(7)))
        .as("the successor's first use already revoked the old token")
        .isZero();
    assertThat(
            f.oauth.userJson(f.bearerRequest("GET", "/user.json", old.value().reveal())).status())
        .isEqualTo(401);
    assertThat(
            f.oauth.userJson(f.bearerRequest("GET", "/user.json", fresh.value().reveal())).status())
        .isEqualTo(200);
  }

  @Test
  void rotationRevokesTheOldTokenAfterTheGracePeriodEvenIfTheNewOneIsUnused() {
    User api = apiUser();
    var old = f.server.applicationTokens().create(Actor.host(), api.uid(), f.visits.id());
    f.server.applicationTokens().rotate(Actor.host(), old.token().id());
    f.clock.advance(Duration.ofDays(8));
    assertThat(f.server.housekeeping().completeRotations(Duration.ofDays(7))).isEqualTo(1);
  }

  @Test
  void tokensExpiringSoonAreListedWithTheirApiUserApplicationAndLastUse() {
    User api = apiUser();
    var soon =
        f.server
            .applicationTokens()
            .create(Actor.host(), api.uid(), f.visits.id(), Duration.ofDays(10));
    f.server
        .applicationTokens()
        .create(Actor.host(), api.uid(), f.visits.id(), Duration.ofDays(100));
    f.oauth.userJson(f.bearerRequest("GET", "/user.json", soon.value().reveal()));

    List<ApplicationTokenAdmin.ExpiringToken> expiring =
        f.server.applicationTokens().expiringWithin(Duration.ofDays(14));

    assertThat(expiring).hasSize(1);
    ApplicationTokenAdmin.ExpiringToken e = expiring.get(0);
    assertThat(e.token().id()).isEqualTo(soon.token().id());
    assertThat(e.apiUser().email().value()).isEqualTo("publishing@example.gov.uk");
    assertThat(e.application().clientId()).isEqualTo("visits");
    assertThat(e.token().lastUsedAt()).isEqualTo(f.clock.instant());
    ApplicationToken listed = f.server.applicationTokens().list(api.uid()).get(1);
    assertThat(listed.hash().toString()).doesNotContain(soon.value().reveal());
  }
}
