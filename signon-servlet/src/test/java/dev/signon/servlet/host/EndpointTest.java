package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.oauth.EndpointPaths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTest {
  static EndpointPaths paths(String token, String legacyToken, String userinfo) {
    EndpointPaths d = EndpointPaths.defaults();
    return new EndpointPaths(
        d.authorization(),
        token,
        legacyToken,
        userinfo,
        d.userDetails(),
        d.userJson(),
        d.revocation(),
        d.introspection(),
        d.signOut(),
        d.endSession(),
        d.jwks(),
        d.discovery(),
        d.profile());
  }

  @Test
  void routesServeEveryEndpointButTheHostsProfilePage() {
    Map<String, Endpoint> routes = Endpoint.routes(EndpointPaths.defaults());
    assertThat(routes).hasSize(12).doesNotContainKey("/profile");
    assertThat(routes.get("/oauth/token")).isEqualTo(Endpoint.TOKEN);
    assertThat(routes.get("/oauth/access_token")).isEqualTo(Endpoint.TOKEN);
    assertThat(routes.get("/oauth/end_session")).isEqualTo(Endpoint.END_SESSION);
  }

  @Test
  void routesWhenTwoEndpointsShareAPathThenRefuse() {
    assertThatThrownBy(
            () -> Endpoint.routes(paths("/oauth/token", "/oauth/legacy", "/oauth/token")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/oauth/token");
  }

  @Test
  void routesAllowTheLegacyTokenPathToBeTheTokenPath() {
    assertThat(Endpoint.routes(paths("/token", "/token", "/userinfo"))).hasSize(11);
  }

  @Test
  void allowHeaderListsTheMethodsTaken() {
    assertThat(Endpoint.TOKEN.allowHeader()).isEqualTo("POST");
    assertThat(Endpoint.USERINFO.allowHeader()).isEqualTo("GET, POST");
    assertThat(Endpoint.DISCOVERY.allowHeader()).isEqualTo("GET, HEAD");
  }
}
