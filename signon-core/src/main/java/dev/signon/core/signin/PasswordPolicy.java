package dev.signon.core.signin;

import dev.signon.core.directory.User;
import dev.signon.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a new password must be: GOV.UK Signon's rules by default — 10 to 128 characters, not weak,
 * and not one of the person's last 2 passwords.
 *
 * <pre>{@code
 * PasswordPolicy.defaults().check(password, user, previousHashes, hasher); // throws if refused
 * }</pre>
 *
 * @param minLength the fewest characters (default 10)
 * @param maxLength the most characters (default 128)
 * @param rememberedPasswords how many previous passwords may not be reused (default 2)
 */
public record PasswordPolicy(int minLength, int maxLength, int rememberedPasswords) {
  /**
   * Passwords people choose most often, lower-cased; a password is weak if, ignoring case, digits
   * and symbols at either end, it is one of these.
   */
  private static final Set<String> COMMON =
      Set.of(
          "password",
          "passw0rd",
          "qwerty",
          "qwertyuiop",
          "letmein",
          "welcome",
          "iloveyou",
          "admin",
          "administrator",
          "monkey",
          "dragon",
          "football",
          "baseball",
          "sunshine",
          "princess",
          "abc",
          "abcdef",
          "abcdefgh",
          "abcdefghij",
          "trustno",
          "starwars",
          "superman",
          "master",
          "shadow",
          "changeme",
          "secret",
          "computer",
          "internet",
          "london",
          "summer",
          "winter",
          "autumn",
          "spring",
          "january",
          "february",
          "september",
          "october",
          "november",
          "december",
          "government",
          "signon",
          "gov",
          "govuk");

  /** Checks the bounds. */
  public PasswordPolicy {
    if (minLength < 8 || maxLength < minLength || maxLength > 1024 || rememberedPasswords < 0) {
      throw new IllegalArgumentException("password policy bounds out of range");
    }
  }

  /** GOV.UK Signon's rules. */
  public static PasswordPolicy defaults() {
    return new PasswordPolicy(10, 128, 2);
  }

  /**
   * The problems with {@code password} for {@code user}, for showing on a form; empty when it is
   * acceptable. Reuse is checked against {@code previousHashes} (newest first) with {@code hasher}.
   */
  public List<String> problems(
      String password, User user, List<String> previousHashes, PasswordHasher hasher) {
    Objects.requireNonNull(password, "password");
    List<String> out = new ArrayList<>();
    int length = password.codePointCount(0, password.length());
    if (length < minLength) {
      out.add("Your password must be at least " + minLength + " characters long.");
    }
    if (length > maxLength) {
      out.add("Your password must be at most " + maxLength + " characters long.");
    }
    if (length >= minLength && isWeak(password, user)) {
      out.add("Your password is too easy to guess. Try a few unrelated words together.");
    }
    for (int i = 0; i < Math.min(rememberedPasswords, previousHashes.size()); i++) {
      if (hasher.verify(password, previousHashes.get(i))) {
        out.add("You cannot reuse one of your last " + rememberedPasswords + " passwords.");
        break;
      }
    }
    return out;
  }

  /**
   * Refuses {@code password} unless {@link #problems} finds none.
   *
   * @throws InvalidInputException naming the first problem
   */
  public void check(
      String password, User user, List<String> previousHashes, PasswordHasher hasher) {
    List<String> p = problems(password, user, previousHashes, hasher);
    if (!p.isEmpty()) {
      throw new InvalidInputException(p.get(0));
    }
  }

  private static boolean isWeak(String password, User user) {
    String lower = password.toLowerCase(Locale.ROOT);
    if (lower.codePoints().distinct().count() < 5) {
      return true;
    }
    String core = lower.replaceAll("^[^a-z]+|[^a-z]+$", "");
    if (COMMON.contains(core) || isSequence(lower)) {
      return true;
    }
    String local = user.email().value().substring(0, user.email().value().indexOf('@'));
    List<String> personal = new ArrayList<>(List.of(local));
    personal.addAll(List.of(user.name().toLowerCase(Locale.ROOT).split("[^\\p{L}]+")));
    for (String word : personal) {
      if (word.length() >= 4 && lower.contains(word) && lower.length() - word.length() < 6) {
        return true;
      }
    }
    return false;
  }

  /** True for runs like {@code 1234567890} or {@code abcdefghij}. */
  private static boolean isSequence(String s) {
    int ups = 0;
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) == s.charAt(i - 1) + 1) {
        ups++;
      }
    }
    return ups >= s.length() - 2;
  }
}
