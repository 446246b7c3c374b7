package dev.signon.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathPatternTest {
  private static boolean matches(String pattern, String path) {
    return PathPattern.parse(pattern, "pattern").matches(path);
  }

  @Test
  void doubleStarWhenLastThenMatchesPathAndEverythingBelow() {
    assertThat(matches("/admin/**", "/admin")).isTrue();
    assertThat(matches("/admin/**", "/admin/")).isTrue();
    assertThat(matches("/admin/**", "/admin/users/1")).isTrue();
    assertThat(matches("/admin/**", "/administrator")).isFalse();
    assertThat(matches("/**", "/")).isTrue();
    assertThat(matches("/**", "/anything/at/all")).isTrue();
  }

  @Test
  void singleStarWhenInSegmentThenMatchesWithinThatSegmentOnly() {
    assertThat(matches("/api/*", "/api/reports")).isTrue();
    assertThat(matches("/api/*", "/api/reports/1")).isFalse();
    assertThat(matches("/assets/*.css", "/assets/site.css")).isTrue();
    assertThat(matches("/assets/*.css", "/assets/site.js")).isFalse();
  }

  @Test
  void exactPathWhenNoWildcardThenMatchesOnlyItself() {
    assertThat(matches("/health", "/health")).isTrue();
    assertThat(matches("/health", "/health/")).isFalse();
    assertThat(matches("/health", "/healthz")).isFalse();
    assertThat(matches("/a.b", "/aXb")).isFalse();
  }
}
