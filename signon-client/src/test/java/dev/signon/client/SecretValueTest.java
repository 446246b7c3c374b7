package dev.signon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SecretValueTest {
  @Test
  void toStringNeverShowsTheValue() {
    assertThat(SecretValue.of("at-secret-123").toString())
        .isEqualTo("SecretValue[redacted]")
        .doesNotContain("at-secret");
  }

  @Test
  void equalsComparesValues() {
    assertThat(SecretValue.of("a"))
        .isEqualTo(SecretValue.of("a"))
        .isNotEqualTo(SecretValue.of("b"));
    assertThat(SecretValue.of("a")).hasSameHashCodeAs(SecretValue.of("a"));
  }

  @Test
  void revealReturnsTheRawValue() {
    assertThat(SecretValue.of("raw").reveal()).isEqualTo("raw");
  }

  @Test
  void ofWhenEmptyThenRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> SecretValue.of(""));
  }
}
