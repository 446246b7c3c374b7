package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignonClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignonFilterBuilderTest {
  // Nothing listens here: building must not touch the network.
  private final SignonClient client =
      SignonClient.builder()
          .issuer("http://127.0.0.1:9/")
          .clientId("reports")
          .clientAuthentication(ClientAuthentication.none())
          .redirectUri("https://reports.example/auth/signon/callback")
          .build();

  private SignonFilter.Builder builder() {
    return SignonFilter.builder(client);
  }

  @Test
  void buildWhenOnlyClientGivenThenFilterMadeWithoutNetwork() {
    assertThat(builder().build()).isNotNull();
  }

  @Test
  @SuppressWarnings("NullAway") // the refusal of null is the point
  void builderWhenClientNullThenNullPointerNamingIt() {
    assertThatThrownBy(() -> SignonFilter.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client");
  }

  @Test
  void buildWhenFallbackSwitchWithoutAccountsThenIllegalStateNamingWhatIsMissing() {
    assertThatThrownBy(() -> builder().fallbackSwitch(() -> true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fallback accounts required");
  }

  @Test
  void buildWhenFallbackWithoutPublicUrlThenIllegalStateNamingIt() {
    assertThatThrownBy(() -> builder().fallback(new InMemoryAccountLinker()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("publicUrl required");
  }

  @Test
  void buildWhenTwoEndpointsSharePathThenIllegalStateNamingBoth() {
    assertThatThrownBy(() -> builder().signOutPath("/auth/signon/callback").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("callbackPath and signOutPath are both /auth/signon/callback");
  }

  @Test
  void buildWhenEndpointUnderGdsSsoPushPathsThenIllegalState() {
    assertThatThrownBy(() -> builder().signOutPath("/auth/gds/api/users/out").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signOutPath lies under /auth/gds/api/users/");
    assertThat(builder().gdsSsoPush(false).signOutPath("/auth/gds/api/users/out").build())
        .isNotNull();
  }

  @Test
  void patternWhenMalformedThenIllegalArgumentNamingParameter() {
    assertThatThrownBy(() -> builder().permitAll("admin/**"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pattern must start with /");
    assertThatThrownBy(() -> builder().authenticated("/a/**/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pattern may use ** only at the end");
    assertThatThrownBy(() -> builder().apiPaths("/api?x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("apiPaths must be a plain path");
    assertThatThrownBy(() -> builder().permitAll())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patterns must not be empty");
  }

  @Test
  void hasRoleWhenRoleBlankThenIllegalArgumentNamingIt() {
    assertThatThrownBy(() -> builder().hasRole("/admin/**", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("role must not be blank");
  }

  @Test
  void endpointPathWhenNotPlainThenIllegalArgumentNamingIt() {
    assertThatThrownBy(() -> builder().callbackPath("https://evil.example/cb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("callbackPath must be a plain path");
    assertThatThrownBy(() -> builder().fallbackPath("/auth/*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("fallbackPath");
    assertThatThrownBy(() -> builder().backChannelLogoutPath("/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("backChannelLogoutPath");
  }

  @Test
  void afterSignOutPathWhenOffSiteThenIllegalArgument() {
    assertThatThrownBy(() -> builder().afterSignOutPath("//evil.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("afterSignOutPath");
  }

  @Test
  void publicUrlWhenNotAnOriginThenIllegalArgument() {
    for (String bad :
        new String[] {
          "reports.example",
          "ftp://reports.example",
          "https://reports.example/app",
          "https://reports.example?x=1",
          "https://user@reports.example"
        }) {
      assertThatThrownBy(() -> builder().publicUrl(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("publicUrl");
    }
    assertThat(builder().publicUrl("https://Reports.Example:8443/")).isNotNull();
  }

  @Test
  void roleRefreshIntervalWhenNotPositiveOrTooLongThenIllegalArgument() {
    assertThatThrownBy(() -> builder().roleRefreshInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("roleRefreshInterval");
    assertThatThrownBy(() -> builder().roleRefreshInterval(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("roleRefreshInterval");
  }

  @Test
  void realmWhenHoldingQuoteThenIllegalArgument() {
    assertThatThrownBy(() -> builder().realm("a\"b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("realm");
  }

  @Test
  void roleSourceClaimWhenBlankThenIllegalArgument() {
    assertThatThrownBy(() -> RoleSource.claim(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("claim must not be blank");
  }
}
