package dev.signon.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void randomTokenWhenMadeThenAtLeast256BitsBase64Url() {
    String token = Secrets.randomToken(new SecureRandom());

    assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(Secrets.randomToken(new SecureRandom())).isNotEqualTo(token);
  }

  @Test
  void sha256HexWhenKnownInputThenKnownDigest() {
    assertThat(Secrets.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void equalWhenNullOrDifferentThenFalse() {
    assertThat(Secrets.equal("a", "a")).isTrue();
    assertThat(Secrets.equal("a", "b")).isFalse();
    assertThat(Secrets.equal(null, "a")).isFalse();
    assertThat(Secrets.equal("a", null)).isFalse();
  }
}
