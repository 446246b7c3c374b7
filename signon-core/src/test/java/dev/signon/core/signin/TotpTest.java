package dev.signon.core.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.Email;
import dev.signon.testing.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
  static final byte[] SEED20 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SEED32 =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SEED64 =
      "1234567890123456789012345678901234567890123456789012345678901234"
          .getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 Appendix B: every published test vector. */
  @ParameterizedTest
  @CsvSource({
    "59, 94287082, 46119246, 90693936",
    "1111111109, 07081804, 68084774, 25091201",
    "1111111111, 14050471, 67062674, 99943326",
    "1234567890, 89005924, 91819424, 93441116",
    "2000000000, 69279037, 90698825, 38618901",
    "20000000000, 65353130, 77737706, 47863826"
  })
  void matchesTheRfc6238TestVectors(long time, String sha1, String sha256, String sha512) {
    long step = Totp.step(Instant.ofEpochSecond(time));
    assertThat(Totp.code(SEED20, step, 8, "HmacSHA1")).isEqualTo(sha1);
    assertThat(Totp.code(SEED32, step, 8, "HmacSHA256")).isEqualTo(sha256);
    assertThat(Totp.code(SEED64, step, 8, "HmacSHA512")).isEqualTo(sha512);
  }

  @Test
  void acceptsThirtySecondsOfDriftEitherWayAndNoMore() {
    Instant now = Instant.ofEpochSecond(1_111_111_111);
    long step = Totp.step(now);
    assertThat(Totp.verify(SEED20, Totp.code(SEED20, step), now)).hasValue(step);
    assertThat(Totp.verify(SEED20, Totp.code(SEED20, step - 1), now)).hasValue(step - 1);
    assertThat(Totp.verify(SEED20, Totp.code(SEED20, step + 1), now)).hasValue(step + 1);
    assertThat(Totp.verify(SEED20, Totp.code(SEED20, step - 2), now)).isEmpty();
    assertThat(Totp.verify(SEED20, Totp.code(SEED20, step + 2), now)).isEmpty();
  }

  @Test
  void refusesMalformedCodes() {
    Instant now = Instant.ofEpochSecond(59);
    assertThat(Totp.verify(SEED20, "12345", now)).isEmpty();
    assertThat(Totp.verify(SEED20, "abcdef", now)).isEmpty();
    assertThat(Totp.verify(SEED20, "", now)).isEmpty();
    String code = Totp.code(SEED20, Totp.step(now));
    assertThat(Totp.verify(SEED20, code.substring(0, 3) + " " + code.substring(3), now))
        .isPresent();
  }

  @Test
  void base32AndOtpauthUriAreWhatAuthenticatorAppsRead() {
    assertThat(Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    byte[] secret = Totp.newSecret(new SecureRandom());
    assertThat(secret).hasSize(20);
    assertThat(Totp.fromBase32(Totp.base32(secret))).isEqualTo(secret);
    assertThatThrownBy(() -> Totp.fromBase32("not base32!"))
        .isInstanceOf(dev.signon.core.error.InvalidInputException.class);
    assertThat(Totp.otpauthUri(secret, "GOV.UK Signon", Email.of("joe@example.gov.uk")).toString())
        .startsWith(
            "otpauth://totp/GOV.UK%20Signon:joe%40example.gov.uk?secret=" + Totp.base32(secret))
        .contains("&issuer=GOV.UK%20Signon")
        .contains("&period=30");
  }

  /** An authenticator app written apart from ours, from the RFC, shows the codes we accept. */
  @Test
  void codesAgreeWithAnIndependentAuthenticatorApp() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 200; i++) {
      byte[] secret = Totp.newSecret(random);
      Instant at = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE));
      String shown = Authenticator.code(Totp.base32(secret), at);
      assertThat(Totp.code(secret, Totp.step(at)))
          .as(Totp.base32(secret) + " at " + at)
          .isEqualTo(shown);
      assertThat(Totp.verify(secret, shown, at)).hasValue(Totp.step(at));
    }
  }
}
