package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A relying party nobody here wrote, the Connect2id OAuth 2.0 / OIDC SDK, signs in through the
 * servlet using only its own API: discovery, an authorization request with PKCE, state and nonce,
 * {@code private_key_jwt} at the token endpoint, ID token validation against the JWKS URL, and
 * userinfo.
 */
class NimbusInteroperabilityTest {
  static final URI CALLBACK = URI.create(TestHost.CALLBACK);
  static final ClientID CLIENT = new ClientID("reports");

  TestHost host;
  RSAKey clientKey;

  @BeforeEach
  void start() throws Exception {
    // The SDK stamps client assertions and checks ID tokens against the system clock, so this
    // host must read the same clock; every other test in this module uses a fixed one.
    host = TestHost.start(Clock.systemUTC());
    clientKey = new RSAKeyGenerator(2048).keyID("reports-2026").generate();
    host.keyClient(CLIENT.getValue(), new JWKSet(clientKey.toPublicJWK()).toString());
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  @Test
  void sdkSignsInWithPkceAndPrivateKeyJwtAndValidatesTheIdToken() throws Exception {
    // Discovery
    Issuer issuer = new Issuer(host.issuer);
    OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(issuer);
    assertThat(provider.getIssuer()).isEqualTo(issuer);
    assertThat(provider.getTokenEndpointURI()).isEqualTo(URI.create(host.url("/oauth/token")));
    assertThat(provider.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);

    // Authorization request, followed over HTTP (the gate has Joe signed in)
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    Nonce nonce = new Nonce();
    AuthenticationRequest request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE, new Scope("openid", "profile", "email"), CLIENT, CALLBACK)
            .endpointURI(provider.getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();
    HTTPRequest browser = new HTTPRequest(HTTPRequest.Method.GET, request.toURI());
    browser.setFollowRedirects(false);
    HTTPResponse redirect = browser.send();
    assertThat(redirect.getStatusCode()).isEqualTo(302);
    AuthenticationResponse response = AuthenticationResponseParser.parse(redirect.getLocation());
    assertThat(response.indicatesSuccess()).isTrue();
    AuthenticationSuccessResponse success = response.toSuccessResponse();
    assertThat(success.getRedirectionURI()).isEqualTo(CALLBACK);
    assertThat(success.getState()).isEqualTo(state);
    assertThat(success.getIssuer()).isEqualTo(issuer);
    AuthorizationCode code = success.getAuthorizationCode();
    assertThat(code).isNotNull();

    // Token request, the client proving itself with a signed JWT
    AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, CALLBACK, verifier);
    TokenResponse tokenResponse =
        OIDCTokenResponseParser.parse(tokenRequest(provider.getTokenEndpointURI(), grant).send());
    assertThat(tokenResponse.indicatesSuccess())
        .as(
            "%s",
            tokenResponse.indicatesSuccess()
                ? ""
                : tokenResponse.toErrorResponse().getErrorObject())
        .isTrue();
    OIDCTokens tokens = ((OIDCTokenResponse) tokenResponse.toSuccessResponse()).getOIDCTokens();
    assertThat(tokens.getRefreshToken()).isNotNull();

    // ID token, checked against the published JWKS
    IDTokenValidator validator =
        new IDTokenValidator(issuer, CLIENT, JWSAlgorithm.RS256, provider.getJWKSetURI().toURL());
    IDTokenClaimsSet claims = validator.validate(tokens.getIDToken(), nonce);
    assertThat(claims.getSubject().getValue()).isEqualTo(host.joe.uid().toString());
    assertThat(claims.getAudience())
        .containsExactly(new com.nimbusds.oauth2.sdk.id.Audience(CLIENT));
    assertThat(claims.getStringClaim("email")).isEqualTo("joe@example.gov.uk");
    assertThat(claims.getStringClaim("name")).isEqualTo("Joe Bloggs");

    // Userinfo with the access token
    UserInfoResponse userInfoResponse =
        UserInfoResponse.parse(
            new UserInfoRequest(provider.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
                .toHTTPRequest()
                .send());
    assertThat(userInfoResponse.indicatesSuccess()).isTrue();
    UserInfo userInfo = userInfoResponse.toSuccessResponse().getUserInfo();
    assertThat(userInfo.getSubject()).isEqualTo(claims.getSubject());
    assertThat(userInfo.getEmailAddress()).isEqualTo("joe@example.gov.uk");
    assertThat(userInfo.getGivenName()).isEqualTo("Joe");
    assertThat(userInfo.getFamilyName()).isEqualTo("Bloggs");

    // Introspection and revocation, the client again proving itself with a signed JWT
    URI introspection = provider.getIntrospectionEndpointURI();
    TokenIntrospectionResponse introspected =
        TokenIntrospectionResponse.parse(
            new TokenIntrospectionRequest(
                    introspection, assertion(introspection), tokens.getAccessToken())
                .toHTTPRequest()
                .send());
    assertThat(introspected.indicatesSuccess()).isTrue();
    TokenIntrospectionSuccessResponse active = introspected.toSuccessResponse();
    assertThat(active.isActive()).isTrue();
    assertThat(active.getClientID()).isEqualTo(CLIENT);
    assertThat(active.getSubject()).isEqualTo(claims.getSubject());

    URI revocation = provider.getRevocationEndpointURI();
    HTTPResponse revoked =
        new TokenRevocationRequest(revocation, assertion(revocation), tokens.getAccessToken())
            .toHTTPRequest()
            .send();
    assertThat(revoked.getStatusCode()).isEqualTo(200);
    UserInfoResponse afterRevocation =
        UserInfoResponse.parse(
            new UserInfoRequest(provider.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
                .toHTTPRequest()
                .send());
    assertThat(afterRevocation.indicatesSuccess()).isFalse();
    assertThat(((UserInfoErrorResponse) afterRevocation).getErrorObject())
        .isEqualTo(BearerTokenError.INVALID_TOKEN);
  }

  @Test
  void sdkSeesInvalidGrantWhenACodeIsUsedTwice() throws Exception {
    OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(new Issuer(host.issuer));
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationRequest request =
        new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), CLIENT, CALLBACK)
            .endpointURI(provider.getAuthorizationEndpointURI())
            .state(new State())
            .nonce(new Nonce())
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();
    HTTPRequest browser = new HTTPRequest(HTTPRequest.Method.GET, request.toURI());
    browser.setFollowRedirects(false);
    AuthorizationCode code =
        AuthenticationResponseParser.parse(browser.send().getLocation())
            .toSuccessResponse()
            .getAuthorizationCode();
    AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, CALLBACK, verifier);

    TokenResponse first =
        OIDCTokenResponseParser.parse(tokenRequest(provider.getTokenEndpointURI(), grant).send());
    assertThat(first.indicatesSuccess()).isTrue();
    TokenResponse second =
        OIDCTokenResponseParser.parse(tokenRequest(provider.getTokenEndpointURI(), grant).send());

    assertThat(second.indicatesSuccess()).isFalse();
    TokenErrorResponse error = second.toErrorResponse();
    assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_grant");
    assertThat(error.getErrorObject().getHTTPStatusCode()).isEqualTo(400);
    // The reuse revoked what the first exchange issued.
    OIDCTokens firstTokens = ((OIDCTokenResponse) first.toSuccessResponse()).getOIDCTokens();
    UserInfoResponse userInfo =
        UserInfoResponse.parse(
            new UserInfoRequest(
                    provider.getUserInfoEndpointURI(), firstTokens.getBearerAccessToken())
                .toHTTPRequest()
                .send());
    assertThat(userInfo.indicatesSuccess()).isFalse();
  }

  @Test
  void sdkSeesInvalidClientWhenTheAssertionIsSignedWithAnotherKey() throws Exception {
    OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(new Issuer(host.issuer));
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("reports-2026").generate();
    URI tokenEndpoint = provider.getTokenEndpointURI();
    TokenRequest request =
        new TokenRequest.Builder(
                tokenEndpoint,
                new PrivateKeyJWT(
                    CLIENT,
                    tokenEndpoint,
                    JWSAlgorithm.RS256,
                    stranger.toPrivateKey(),
                    stranger.getKeyID(),
                    null),
                new AuthorizationCodeGrant(
                    new AuthorizationCode("sgn_c_made-up"), CALLBACK, new CodeVerifier()))
            .build();

    TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());

    assertThat(response.indicatesSuccess()).isFalse();
    assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
    assertThat(response.toErrorResponse().getErrorObject().getHTTPStatusCode()).isEqualTo(401);
  }

  private HTTPRequest tokenRequest(URI tokenEndpoint, AuthorizationCodeGrant grant)
      throws Exception {
    return new TokenRequest.Builder(tokenEndpoint, assertion(tokenEndpoint), grant)
        .build()
        .toHTTPRequest();
  }

  /** A fresh client assertion (each has its own {@code jti}) for {@code endpoint}. */
  private PrivateKeyJWT assertion(URI endpoint) throws Exception {
    return new PrivateKeyJWT(
        CLIENT, endpoint, JWSAlgorithm.RS256, clientKey.toPrivateKey(), clientKey.getKeyID(), null);
  }
}
