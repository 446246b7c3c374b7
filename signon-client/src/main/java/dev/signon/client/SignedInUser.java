package dev.signon.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A person who has just signed in: the callback's {@code state} matched, the code was exchanged,
 * the ID token was verified and, when fetched, userinfo named the same subject. Only {@link
 * SignonClient#completeAuthorization} creates one.
 */
public final class SignedInUser {
  private final VerifiedIdToken idToken;
  private final Tokens tokens;
  private final Map<String, Object> userInfo;
  private final @Nullable String returnTo;

  SignedInUser(
      VerifiedIdToken idToken,
      Tokens tokens,
      Map<String, Object> userInfo,
      @Nullable String returnTo) {
    this.idToken = Objects.requireNonNull(idToken, "idToken");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.userInfo = Collections.unmodifiableMap(new LinkedHashMap<>(userInfo));
    this.returnTo = returnTo;
  }

  /** The provider's subject identifier ({@code sub}), the same in the ID token and userinfo. */
  public String subject() {
    return idToken.subject();
  }

  /** The email address from userinfo, else from the ID token, if either carries one. */
  public Optional<String> email() {
    @Nullable Object email = userInfo.get("email");
    if (email instanceof String s) {
      return Optional.of(s);
    }
    return idToken.stringClaim("email");
  }

  /** The verified ID token. */
  public VerifiedIdToken idToken() {
    return idToken;
  }

  /** The access token, refresh token and their lifetimes. */
  public Tokens tokens() {
    return tokens;
  }

  /** The userinfo claims; empty when userinfo was not fetched. */
  public Map<String, Object> userInfo() {
    return userInfo;
  }

  /** The local path the sign-in started from, if the app gave one. */
  public Optional<String> returnTo() {
    return Optional.ofNullable(returnTo);
  }

  /** Names the subject; never a token. */
  @Override
  public String toString() {
    return "SignedInUser[sub=" + subject() + "]";
  }
}
