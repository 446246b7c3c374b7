package dev.signon.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RotationSettingsTest {
  @Test
  void policyTextRoundTrips() {
    for (RotationPolicy p :
        new RotationPolicy[] {
          RotationPolicy.defaults(),
          RotationPolicy.every(Duration.ofDays(90)),
          RotationPolicy.manual()
        }) {
      assertThat(RotationPolicy.parse(p.text())).isEqualTo(p);
    }
    assertThat(RotationPolicy.defaults().text()).isEqualTo("before-expiry:PT720H");
  }

  @Test
  void policyWithoutAPositivePeriodIsRefused() {
    assertThatThrownBy(() -> RotationPolicy.every(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RotationPolicy.parse("weekly"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before-expiry");
    assertThatThrownBy(() -> RotationPolicy.parse("every:soon"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void routeDefaultsFollowGovUkNames() {
    SecretRoute r =
        SecretRoute.of("short-url-manager@alphagov.co.uk", "publishing-api", "kubernetes");
    assertThat(r.target()).isEqualTo("short-url-manager");
    assertThat(r.key()).isEqualTo("PUBLISHING_API_BEARER_TOKEN");
    assertThat(SecretRoute.defaultKey("Publishing API")).isEqualTo("PUBLISHING_API_BEARER_TOKEN");
    assertThat(r.matches("Short-URL-Manager@alphagov.co.uk", "publishing-api", "Publishing API"))
        .isTrue();
    assertThat(r.matches("other@alphagov.co.uk", "publishing-api", "Publishing API")).isFalse();
  }

  @Test
  void routeTargetThatClimbsOutIsRefused() {
    SecretRoute r = SecretRoute.of("a@example.gov.uk", "app", "files");
    assertThatThrownBy(() -> r.withTarget("../etc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.withKey("/abs")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void routeToAnUnknownSinkIsRefusedAtBuild() {
    TokenRotationSettings.Builder b =
        TokenRotationSettings.builder().route(SecretRoute.of("a@example.gov.uk", "app", "nowhere"));
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nowhere");
  }

  @Test
  void backoffDoublesUpToTheLongestWait() {
    TokenRotationSettings s =
        TokenRotationSettings.builder().retry(Duration.ofMinutes(1), Duration.ofMinutes(5)).build();
    assertThat(s.backoff(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.backoff(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.backoff(3)).isEqualTo(Duration.ofMinutes(4));
    assertThat(s.backoff(4)).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.backoff(40)).isEqualTo(Duration.ofMinutes(5));
  }
}
