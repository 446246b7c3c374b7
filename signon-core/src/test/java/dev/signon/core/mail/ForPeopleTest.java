package dev.signon.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ForPeopleTest {
  @Test
  void durationIsWordedInTheLargestUnitThatDividesIt() {
    assertThat(ForPeople.duration(Duration.ofDays(14))).isEqualTo("2 weeks");
    assertThat(ForPeople.duration(Duration.ofDays(7))).isEqualTo("1 week");
    assertThat(ForPeople.duration(Duration.ofDays(10))).isEqualTo("10 days");
    assertThat(ForPeople.duration(Duration.ofDays(1))).isEqualTo("1 day");
    assertThat(ForPeople.duration(Duration.ofHours(6))).isEqualTo("6 hours");
    assertThat(ForPeople.duration(Duration.ofHours(36))).isEqualTo("36 hours");
    assertThat(ForPeople.duration(Duration.ofHours(1))).isEqualTo("1 hour");
    assertThat(ForPeople.duration(Duration.ofMinutes(10))).isEqualTo("10 minutes");
    assertThat(ForPeople.duration(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    assertThat(ForPeople.duration(Duration.ofSeconds(45))).isEqualTo("45 seconds");
    assertThat(ForPeople.duration(Duration.ofSeconds(1))).isEqualTo("1 second");
  }

  @Test
  void durationThatIsNotAPositiveNumberOfSecondsIsRefused() {
    assertThatThrownBy(() -> ForPeople.duration(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ForPeople.duration(Duration.ofMinutes(-5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ForPeople.duration(Duration.ofMillis(1500)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
