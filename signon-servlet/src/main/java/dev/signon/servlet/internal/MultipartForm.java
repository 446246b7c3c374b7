package dev.signon.servlet.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) into plain form parameters, so the engine
 * never sees a servlet class or a multipart part: a text field becomes {@code name=value}, and a
 * file field {@code name=its content as UTF-8} with {@code name.filename} and {@code
 * name.content_type} beside it (and {@code name.not_text=yes}, with no content, for a file that is
 * not UTF-8 text). Strict, as {@link FormEncoding} is: a body that is not well-formed multipart, or
 * a text field that is not UTF-8, is refused rather than guessed at. The caller bounds the body's
 * size before it gets here.
 */
public final class MultipartForm {
  private MultipartForm() {}

  /** True when {@code contentType} is {@code multipart/form-data}. */
  public static boolean is(@Nullable String contentType) {
    return contentType != null
        && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  /**
   * Hands every part of {@code body} to {@code sink}, in order (see the class comment).
   *
   * @throws FormEncoding.MalformedException when the body or a part cannot be read
   */
  public static void parse(String contentType, byte[] body, BiConsumer<String, String> sink)
      throws FormEncoding.MalformedException {
    String boundary = parameter(contentType, "boundary");
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw new FormEncoding.MalformedException("multipart body without a boundary");
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) {
      throw new FormEncoding.MalformedException("multipart body without its boundary");
    }
    byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    pos += delimiter.length;
    while (true) {
      if (startsWith(body, pos, "--")) {
        return; // the close delimiter
      }
      if (!startsWith(body, pos, "\r\n")) {
        throw new FormEncoding.MalformedException("malformed multipart delimiter");
      }
      pos += 2;
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
      if (headersEnd < 0) {
        throw new FormEncoding.MalformedException("multipart part without a header end");
      }
      String headers = FormEncoding.utf8(java.util.Arrays.copyOfRange(body, pos, headersEnd));
      int contentStart = headersEnd + 4;
      int contentEnd = indexOf(body, next, contentStart);
      if (contentEnd < 0) {
        throw new FormEncoding.MalformedException("multipart part without its end");
      }
      part(headers, java.util.Arrays.copyOfRange(body, contentStart, contentEnd), sink);
      pos = contentEnd + next.length;
    }
  }

  private static void part(String headers, byte[] content, BiConsumer<String, String> sink)
      throws FormEncoding.MalformedException {
    String disposition = null;
    String type = "";
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (name.equals("content-disposition")) {
        disposition = value;
      } else if (name.equals("content-type")) {
        type = value;
      }
    }
    if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
      throw new FormEncoding.MalformedException("multipart part without form-data disposition");
    }
    String name = parameter(disposition, "name");
    if (name == null || name.isEmpty()) {
      throw new FormEncoding.MalformedException("multipart part without a name");
    }
    String filename = parameter(disposition, "filename");
    if (filename == null) {
      sink.accept(name, FormEncoding.utf8(content));
      return;
    }
    // A file that is not text is the page's to refuse, with its own words: it gets no content.
    String text;
    try {
      text = FormEncoding.utf8(content);
    } catch (FormEncoding.MalformedException e) {
      text = "";
      sink.accept(name + ".not_text", "yes");
    }
    sink.accept(name, text);
    sink.accept(name + ".filename", filename);
    sink.accept(name + ".content_type", type);
  }

  /** A parameter such as {@code boundary=x} or {@code name="x"} of a header value. */
  private static @Nullable String parameter(String header, String key) {
    for (String piece : header.split(";")) {
      String p = piece.strip();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(key)) {
        String v = p.substring(eq + 1).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        return v;
      }
    }
    return null;
  }

  private static boolean startsWith(byte[] body, int at, String ascii) {
    if (at + ascii.length() > body.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (body[at + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] body, byte[] needle, int from) {
    outer:
    for (int i = from; i <= body.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (body[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
