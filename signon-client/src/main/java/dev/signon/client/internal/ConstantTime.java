package dev.signon.client.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/** String comparison whose time does not reveal where two values differ. */
public final class ConstantTime {
  private ConstantTime() {}

  /** True when both are non-null and equal; runs in time independent of the contents. */
  public static boolean equals(@Nullable String expected, @Nullable String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}
