package dev.signon.servlet.internal;

import dev.signon.client.internal.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Reads {@code application/x-www-form-urlencoded} text, a query string or a form body, exactly once
 * and strictly: every pair is kept in order, repeats included, so the engine can refuse a repeated
 * parameter (RFC 6749 section 3.1); a malformed escape or invalid UTF-8 is refused, not guessed at.
 * The host's endpoint servlet reads every query and form with it, and the relying filter checks the
 * query strings of its own endpoints with it.
 */
public final class FormEncoding {
  private FormEncoding() {}

  /** The text was not valid form encoding. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * Decodes each {@code name=value} pair of {@code raw} and hands it to {@code sink}, in order. A
   * pair without {@code =} has the empty value; empty pairs and empty names are skipped.
   *
   * @throws MalformedException on a broken percent escape or bytes that are not UTF-8
   */
  public static void parse(String raw, BiConsumer<String, String> sink) throws MalformedException {
    int start = 0;
    while (start <= raw.length()) {
      int end = raw.indexOf('&', start);
      if (end < 0) {
        end = raw.length();
      }
      if (end > start) {
        String pair = raw.substring(start, end);
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (!name.isEmpty()) {
          sink.accept(name, value);
        }
      }
      start = end + 1;
    }
  }

  /** Percent-decodes one name or value, {@code +} being a space. */
  public static String decode(String s) throws MalformedException {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new MalformedException("truncated percent escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new MalformedException("malformed percent escape");
        }
        bytes.write((hi << 4) | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        int cp = s.codePointAt(i);
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    return utf8(bytes.toByteArray());
  }

  /** Decodes UTF-8, refusing malformed input rather than replacing it. */
  public static String utf8(byte[] bytes) throws MalformedException {
    try {
      return Utf8.decode(bytes);
    } catch (CharacterCodingException e) {
      throw new MalformedException("not UTF-8");
    }
  }
}
