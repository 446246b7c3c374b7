package dev.signon.core.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class DeviseSha512Test {
  // Worked out with coreutils: d = pepper; three times d = sha512sum("--salt123--" d
  // "--Password1!--pep--").
  static final String THREE_STRETCHES =
      "893bffda32809a4cd57dd72db086a9ceffb24357ee71142c4f326e2712aceb1d"
          + "4465e87480f7322d6e031d937b8137866f7f3f178815cc9fdf1f234c2e38e557";

  final PasswordHasher argon2 = PasswordHasher.argon2id(new SecureRandom(), 64, 1, 1);
  final PasswordHasher hasher = DeviseSha512.accepting(argon2, "pep");
  final String stored = DeviseSha512.encoded(3, "salt123", THREE_STRETCHES);

  @Test
  void digestIsDevisesSha512WithStretchesSaltAndPepper() {
    assertThat(DeviseSha512.digest("Password1!", 3, "salt123", "pep")).isEqualTo(THREE_STRETCHES);
  }

  @Test
  void signonsHashVerifiesWithTheRightPasswordAndPepperAndNeedsARehash() {
    assertThat(hasher.verify("Password1!", stored)).isTrue();
    assertThat(hasher.needsRehash(stored)).isTrue();
  }

  @Test
  void signonsHashRefusesAWrongPassword() {
    assertThat(hasher.verify("Password1?", stored)).isFalse();
  }

  @Test
  void signonsHashRefusesAWrongPepper() {
    assertThat(DeviseSha512.accepting(argon2, "other").verify("Password1!", stored)).isFalse();
  }

  @Test
  void withoutThePepperConfiguredSignonsHashNeverVerifies() {
    assertThat(argon2.verify("Password1!", stored)).isFalse();
  }

  @Test
  void aTamperedStretchCountRefuses() {
    assertThat(hasher.verify("Password1!", stored.replace("s=3", "s=4"))).isFalse();
    assertThat(hasher.verify("Password1!", stored.replace("s=3", "s=0"))).isFalse();
  }

  @Test
  void theHostsOwnHashesStillVerifyAndNewHashesAreTheHosts() {
    String fresh = hasher.hash("a new password");
    assertThat(fresh).startsWith("$argon2id$");
    assertThat(hasher.verify("a new password", fresh)).isTrue();
    assertThat(hasher.needsRehash(fresh)).isFalse();
  }

  @Test
  void aSaltWithDollarsAndNonAsciiSurvivesTheStoredForm() {
    String salt = "$a$b£";
    String s = DeviseSha512.encoded(2, salt, DeviseSha512.digest("pw", 2, salt, "pep"));
    assertThat(hasher.verify("pw", s)).isTrue();
  }

  @Test
  void encodedRefusesWhatIsNotSignonsHash() {
    assertThatThrownBy(() -> DeviseSha512.encoded(3, "salt", "abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviseSha512.encoded(0, "salt", THREE_STRETCHES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviseSha512.accepting(argon2, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHasherDoesNotPrintThePepper() {
    assertThat(DeviseSha512.accepting(argon2, "s3cr3t-pepper").toString()).doesNotContain("s3cr3t");
  }
}
