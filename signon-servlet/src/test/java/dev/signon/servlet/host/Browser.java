package dev.signon.servlet.host;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** A browser without JavaScript: a cookie jar, no redirects followed, forms posted by hand. */
final class Browser {
  private final OkHttpClient http =
      new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build();
  final Map<String, String> cookies = new LinkedHashMap<>();

  /** Headers sent with every request, such as {@code X-Forwarded-For}. */
  final Map<String, String> headers = new LinkedHashMap<>();

  /** What came back. */
  record Page(int statusCode, String body, Map<String, List<String>> headers) {
    Optional<String> header(String name) {
      List<String> v = headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
      return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    List<String> all(String name) {
      return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }
  }

  Page get(String url) throws IOException {
    return send(new Request.Builder().url(url).get());
  }

  /** Posts {@code kv} with the CSRF token from the cookie. */
  Page post(String url, String... kv) throws IOException {
    String[] all = new String[kv.length + 2];
    all[0] = "csrf_token";
    all[1] = cookies.getOrDefault("signon_csrf", "");
    System.arraycopy(kv, 0, all, 2, kv.length);
    return postRaw(url, all);
  }

  /** Posts a {@code multipart/form-data} form: {@code kv} with the CSRF token, and one file. */
  Page postFile(
      String url, String field, String filename, String type, byte[] content, String... kv)
      throws IOException {
    okhttp3.MultipartBody.Builder form =
        new okhttp3.MultipartBody.Builder()
            .setType(okhttp3.MultipartBody.FORM)
            .addFormDataPart("csrf_token", cookies.getOrDefault("signon_csrf", ""));
    for (int i = 0; i < kv.length; i += 2) {
      form.addFormDataPart(kv[i], kv[i + 1]);
    }
    form.addFormDataPart(
        field, filename, okhttp3.RequestBody.create(content, okhttp3.MediaType.get(type)));
    return send(new Request.Builder().url(url).post(form.build()));
  }

  Page postRaw(String url, String... kv) throws IOException {
    FormBody.Builder form = new FormBody.Builder();
    for (int i = 0; i < kv.length; i += 2) {
      form.add(kv[i], kv[i + 1]);
    }
    return send(new Request.Builder().url(url).post(form.build()));
  }

  private Page send(Request.Builder b) throws IOException {
    headers.forEach(b::header);
    if (!cookies.isEmpty()) {
      b.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    try (Response r = http.newCall(b.build()).execute()) {
      for (String c : r.headers("Set-Cookie")) {
        String pair = c.split(";", 2)[0];
        String name = pair.substring(0, pair.indexOf('='));
        String value = pair.substring(pair.indexOf('=') + 1);
        if (c.contains("Max-Age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String name : r.headers().names()) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), r.headers(name));
      }
      String body = r.body() == null ? "" : r.body().string();
      return new Page(r.code(), body, headers);
    }
  }

  static List<String> setCookies(Page r, String name) {
    return r.all("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).toList();
  }

  static String location(Page r) {
    return r.header("Location").orElseThrow(() -> new AssertionError("no Location"));
  }

  /** The value of the form field {@code name} in {@code html}. */
  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no field " + name + " in " + html);
    }
    return unescape(m.group(1));
  }

  /** Decodes character references, as a browser does before posting the value back. */
  static String unescape(String html) {
    Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String c =
          switch (e) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            default ->
                e.startsWith("#x")
                    ? Character.toString(Integer.parseInt(e.substring(2), 16))
                    : Character.toString(Integer.parseInt(e.substring(1)));
          };
      m.appendReplacement(out, Matcher.quoteReplacement(c));
    }
    m.appendTail(out);
    return out.toString();
  }
}
