package dev.signon.core.signin;

import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.User;
import dev.signon.core.error.InvalidInputException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordsTest {
  // Cheap parameters keep tests fast; the defaults are checked separately.
  final PasswordHasher hasher = PasswordHasher.argon2id(new SecureRandom(), 64, 1, 1);
  final User joe = user("joe.bloggs@example.gov.uk").name("Joe Bloggs").build();
  final PasswordPolicy policy = PasswordPolicy.defaults();

  @Test
  void hashVerifiesTheRightPasswordOnlyAndIsSaltedEachTime() {
    String h1 = hasher.hash("correct horse battery staple");
    String h2 = hasher.hash("correct horse battery staple");
    assertThat(h1).startsWith("$argon2id$v=19$m=64,t=1,p=1$").isNotEqualTo(h2);
    assertThat(hasher.verify("correct horse battery staple", h1)).isTrue();
    assertThat(hasher.verify("correct horse battery stapler", h1)).isFalse();
    assertThat(hasher.verify("anything", "not a hash")).isFalse();
  }

  @Test
  void defaultParametersFollowOwaspAndWeakerHashesNeedRehash() {
    PasswordHasher strong = PasswordHasher.argon2id(new SecureRandom());
    String weak = hasher.hash("correct horse battery staple");
    assertThat(strong.needsRehash(weak)).isTrue();
    String good = strong.hash("correct horse battery staple");
    assertThat(good).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(strong.needsRehash(good)).isFalse();
    assertThat(strong.verify("correct horse battery staple", weak))
        .as("old hashes still verify with their own parameters")
        .isTrue();
  }

  @Test
  void passwordMustBeTenToOneHundredAndTwentyEightCharacters() {
    assertThat(policy.problems("Short1!", joe, List.of(), hasher))
        .anyMatch(p -> p.contains("at least 10"));
    assertThat(policy.problems("x".repeat(60) + "Yz!9".repeat(20), joe, List.of(), hasher))
        .anyMatch(p -> p.contains("at most 128"));
    assertThat(policy.problems("ledge-otter-quietly-42", joe, List.of(), hasher)).isEmpty();
  }

  @Test
  void weakPasswordsAreRefused() {
    for (String weak :
        new String[] {
          "password123",
          "Password2024!",
          "1234567890",
          "aaaaaaaaaaaa",
          "abcdefghij",
          "JoeBloggs12",
          "joe.bloggs2026"
        }) {
      assertThat(policy.problems(weak, joe, List.of(), hasher)).as(weak).isNotEmpty();
    }
  }

  @Test
  void theLastTwoPasswordsMayNotBeReused() {
    List<String> previous =
        List.of(
            hasher.hash("ledge-otter-quietly-42"),
            hasher.hash("brass-fern-window-17"),
            hasher.hash("older-one-allowed-99"));
    assertThat(policy.problems("ledge-otter-quietly-42", joe, previous, hasher))
        .anyMatch(p -> p.contains("reuse"));
    assertThat(policy.problems("brass-fern-window-17", joe, previous, hasher))
        .anyMatch(p -> p.contains("reuse"));
    assertThat(policy.problems("older-one-allowed-99", joe, previous, hasher)).isEmpty();
    assertThatThrownBy(() -> policy.check("brass-fern-window-17", joe, previous, hasher))
        .isInstanceOf(InvalidInputException.class);
  }
}
