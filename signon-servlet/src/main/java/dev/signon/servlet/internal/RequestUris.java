package dev.signon.servlet.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** The request URI as the client sent it, for the engine's {@code ProtocolRequest}. */
public final class RequestUris {
  private static final String URI_CHARACTERS = "-._~!$&'()*+,;=:@/?";
  private static final String HEX = "0123456789ABCDEF";

  private RequestUris() {}

  /** The request URI as received; characters {@link URI} refuses are escaped, never decoded. */
  public static URI of(String rawPath, @Nullable String rawQuery) {
    String s = rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      return URI.create(escapeForUri(s));
    }
  }

  private static String escapeForUri(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean keep;
      if (c == '%') {
        keep = i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
      } else {
        keep = c < 0x80 && (Character.isLetterOrDigit(c) || URI_CHARACTERS.indexOf(c) >= 0);
      }
      if (keep) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      }
    }
    return out.toString();
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }
}
