package dev.signon.core.internal;

import java.security.SecureRandom;
import java.util.UUID;

/** Makes random (version 4) UUIDs from an injected {@link SecureRandom}. */
public final class Ids {
  private Ids() {}

  /** A new version 4 UUID drawn from {@code random}. */
  public static UUID randomUuid(SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (b[i] & 0xff);
      lsb = (lsb << 8) | (b[i + 8] & 0xff);
    }
    return new UUID(msb, lsb);
  }
}
