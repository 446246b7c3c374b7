package dev.signon.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict decoding of text that arrives from outside: bytes that are not UTF-8 and broken percent
 * escapes are refused, never replaced with U+FFFD or passed through.
 */
public final class Text {
  private Text() {}

  /**
   * Decodes {@code bytes} as UTF-8.
   *
   * @throws CharacterCodingException when they are not well-formed UTF-8
   */
  public static String utf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /**
   * Decodes one {@code application/x-www-form-urlencoded} name or value: {@code +} is a space and
   * {@code %XX} a byte of UTF-8.
   *
   * @throws IllegalArgumentException on a truncated or non-hexadecimal escape
   * @throws CharacterCodingException when the bytes are not UTF-8
   */
  public static String formDecode(String s) throws CharacterCodingException {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
        if (lo < 0) {
          throw new IllegalArgumentException("malformed percent escape");
        }
        bytes.write((hi << 4) | lo);
        i += 2;
      } else {
        int cp = s.codePointAt(i);
        bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    return utf8(bytes.toByteArray());
  }
}
