package dev.signon.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticatorTest {
  /** RFC 6238 appendix B's SHA-1 seed, the ASCII "12345678901234567890", in base32. */
  private static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  /** RFC 6238 appendix B, the SHA-1 rows. */
  @ParameterizedTest
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130"
  })
  void codeMatchesRfc6238TestVectors(long time, String expected) {
    assertThat(Authenticator.code(RFC_SEED, Instant.ofEpochSecond(time), 8)).isEqualTo(expected);
  }

  @Test
  void sixDigitCodeIsTheLastSixDigitsOfTheLongerOne() {
    Instant t = Instant.ofEpochSecond(59);
    assertThat(Authenticator.code(RFC_SEED, t)).isEqualTo("287082");
    assertThat(Authenticator.code(RFC_SEED, Clock.fixed(t, ZoneOffset.UTC))).isEqualTo("287082");
  }

  @Test
  void codeChangesEveryThirtySeconds() {
    assertThat(Authenticator.code(RFC_SEED, Instant.ofEpochSecond(30), 8)).isEqualTo("94287082");
    assertThat(Authenticator.code(RFC_SEED, Instant.ofEpochSecond(60), 8)).isNotEqualTo("94287082");
  }

  @Test
  void secretReadAsAppsReadATypedKey() {
    Instant t = Instant.ofEpochSecond(59);
    assertThat(Authenticator.code("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", t))
        .isEqualTo("287082");
    assertThat(Authenticator.code(RFC_SEED + "====", t)).isEqualTo("287082");
    assertThatThrownBy(() -> Authenticator.code("not base32!", t))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
