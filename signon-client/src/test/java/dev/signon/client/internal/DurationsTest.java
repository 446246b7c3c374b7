package dev.signon.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void positiveWhenWithinBoundThenReturned() {
    assertThat(Durations.positive(Duration.ofDays(1), "ttl", Duration.ofDays(1)))
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void positiveWhenZeroNegativeOrAboveBoundThenIllegalArgumentNamingIt() {
    assertThatThrownBy(() -> Durations.positive(Duration.ZERO, "ttl", Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive and at most 1 hour");
    assertThatThrownBy(() -> Durations.positive(Duration.ofSeconds(-1), "ttl", Duration.ofDays(1)))
        .hasMessage("ttl must be positive and at most 1 day");
    assertThatThrownBy(() -> Durations.positive(Duration.ofDays(3), "ttl", Duration.ofDays(2)))
        .hasMessage("ttl must be positive and at most 2 days");
  }

  @Test
  void wordsNameTheLargestWholeUnit() {
    assertThat(Durations.words(Duration.ofMinutes(5))).isEqualTo("5 minutes");
    assertThat(Durations.words(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    assertThat(Durations.words(Duration.ofSeconds(30))).isEqualTo("30 seconds");
  }
}
