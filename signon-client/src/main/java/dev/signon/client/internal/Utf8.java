package dev.signon.client.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: bytes that are not UTF-8 are refused, never replaced with U+FFFD. Text that arrives
 * from outside (a provider's answer, a form, a query string) is decoded with this, so a name made
 * of broken bytes is an error rather than a stored "\uFFFD\uFFFD".
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * Decodes {@code bytes} as UTF-8.
   *
   * @throws CharacterCodingException when they are not well-formed UTF-8
   */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
