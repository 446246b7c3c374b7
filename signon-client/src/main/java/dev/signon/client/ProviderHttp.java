package dev.signon.client;

import dev.signon.client.internal.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the provider and sorts every answer into a parsed document, a refusal or an outage.
 *
 * <p>Messages name the endpoint and status, never a request parameter, so no token or secret
 * reaches a log.
 */
final class ProviderHttp {
  private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);
  private static final int MAX_BODY = 1 << 20;
  // RFC 6749 §5.2: error codes are printable ASCII without '"' and '\'.
  private static final Pattern ERROR_CODE =
      Pattern.compile("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");

  private final OkHttpClient http;

  ProviderHttp(OkHttpClient base, String userAgent) {
    // One Login answers 403 to calls without a User-Agent, so every call carries ours.
    this.http =
        base.newBuilder()
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain.request().newBuilder().header("User-Agent", userAgent).build()))
            .build();
  }

  static HttpUrl url(URI uri) {
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + uri);
    }
    return url;
  }

  /** GETs a JSON object, with a bearer token when one is given. */
  Json getJson(URI endpoint, @Nullable SecretValue bearer, String what) {
    Request.Builder request = new Request.Builder().url(url(endpoint)).get();
    request.header("Accept", "application/json");
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer.reveal());
    }
    return execute(request.build(), what, bearer != null);
  }

  /** Reads what it needs from a provider's JSON answer. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Json json) throws Json.MalformedException;
  }

  /** GETs a JSON object and reads it; an answer {@code reader} cannot read is a failure. */
  <T> T getJson(URI endpoint, @Nullable SecretValue bearer, String what, Reader<T> reader) {
    Json json = getJson(endpoint, bearer, what);
    try {
      return reader.read(json);
    } catch (Json.MalformedException e) {
      throw malformed(what, e);
    }
  }

  /** The provider answered, but not with a document we can read: its failure, not the caller's. */
  static ProviderUnavailableException malformed(String what, Json.MalformedException e) {
    return new ProviderUnavailableException(
        ProviderUnavailableException.SERVER_ERROR,
        0,
        what + " answered an unexpected document: " + e.getMessage(),
        null);
  }

  /** POSTs a form (already carrying client authentication) and reads a JSON object. */
  Json postForm(Request.Builder request, FormBody.Builder form, String what) {
    request.header("Accept", "application/json").post(form.build());
    return execute(request.build(), what, false);
  }

  /** POSTs a form whose answer has no body we need (revocation). */
  void postFormNoContent(Request.Builder request, FormBody.Builder form, String what) {
    request.post(form.build());
    try (Response response = http.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        throw failure(response, readBody(response), what, false);
      }
    } catch (CharacterCodingException e) {
      throw notUtf8(what);
    } catch (IOException e) {
      throw unreachable(what, e);
    }
  }

  private Json execute(Request request, String what, boolean bearer) {
    try (Response response = http.newCall(request).execute()) {
      String body = readBody(response);
      if (!response.isSuccessful()) {
        throw failure(response, body, what, bearer);
      }
      try {
        return Json.parse(body);
      } catch (Json.MalformedException e) {
        throw new ProviderUnavailableException(
            ProviderUnavailableException.SERVER_ERROR,
            response.code(),
            what + " answered with malformed JSON: " + e.getMessage(),
            null);
      }
    } catch (CharacterCodingException e) {
      throw notUtf8(what);
    } catch (IOException e) {
      throw unreachable(what, e);
    }
  }

  /**
   * The provider answered with bytes that are not UTF-8: its failure, refused, never guessed at.
   */
  private static ProviderUnavailableException notUtf8(String what) {
    return new ProviderUnavailableException(
        ProviderUnavailableException.SERVER_ERROR,
        0,
        what + " answered text that is not UTF-8",
        null);
  }

  private static ProviderUnavailableException unreachable(String what, IOException e) {
    return new ProviderUnavailableException(
        ProviderUnavailableException.TEMPORARILY_UNAVAILABLE,
        0,
        what + " unreachable: " + e.getClass().getSimpleName(),
        e);
  }

  private static String readBody(Response response) throws IOException {
    ResponseBody body = response.body();
    try (InputStream in = body.byteStream()) {
      return Utf8.decode(in.readNBytes(MAX_BODY));
    }
  }

  private static SignonClientException failure(
      Response response, String body, String what, boolean bearer) {
    int status = response.code();
    if (status == 429 || status == 503) {
      return new ProviderUnavailableException(
          ProviderUnavailableException.TEMPORARILY_UNAVAILABLE,
          status,
          what + " answered " + status,
          null);
    }
    if (status >= 500 || status < 400) {
      return new ProviderUnavailableException(
          ProviderUnavailableException.SERVER_ERROR, status, what + " answered " + status, null);
    }
    String code = null;
    try {
      code = Json.parse(body).optionalString("error");
    } catch (Json.MalformedException e) {
      // A 4xx without an OAuth error document: fall back on the status below.
    }
    if (code == null || !ERROR_CODE.matcher(code).matches()) {
      String header = response.header("WWW-Authenticate");
      if (bearer
          || (header != null
              && header.toLowerCase(Locale.ROOT).contains("error=\"invalid_token\""))) {
        code = ProviderRejectedException.INVALID_TOKEN;
      } else if (status == 401) {
        code = "invalid_client";
      } else {
        code = ProviderRejectedException.INVALID_REQUEST;
      }
    }
    log.debug("{} refused with {} {}", what, status, code);
    return new ProviderRejectedException(code, status, what + " refused: " + code);
  }
}
