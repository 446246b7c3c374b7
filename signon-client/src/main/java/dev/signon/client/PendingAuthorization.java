package dev.signon.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the relying app must remember between sending the browser to the provider and handling the
 * callback: {@code state}, {@code nonce}, the PKCE code verifier, the redirect URI, the requested
 * {@code vtr}, when it was made and where to return to.
 *
 * <p>Keep it on the server side (for example in the HTTP session): it holds the code verifier.
 * {@link #serialize()} gives a compact string for that purpose and {@link #parse(String)} reads it
 * back.
 *
 * <pre>{@code
 * AuthorizationRequest request = client.authorizationRequest("/reports");
 * session.setAttribute("signon.pending", request.pending().serialize());
 * response.sendRedirect(request.uri().toString());
 * }</pre>
 */
public final class PendingAuthorization {
  private static final String PREFIX = "v1.";

  private final String state;
  private final String nonce;
  private final SecretValue codeVerifier;
  private final URI redirectUri;
  private final List<String> vtr;
  private final Instant createdAt;
  private final @Nullable String returnTo;

  PendingAuthorization(
      String state,
      String nonce,
      SecretValue codeVerifier,
      URI redirectUri,
      List<String> vtr,
      Instant createdAt,
      @Nullable String returnTo) {
    this.state = Objects.requireNonNull(state, "state");
    this.nonce = Objects.requireNonNull(nonce, "nonce");
    this.codeVerifier = Objects.requireNonNull(codeVerifier, "codeVerifier");
    this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
    this.vtr = List.copyOf(vtr);
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.returnTo = returnTo == null ? null : checkReturnTo(returnTo);
  }

  /**
   * Accepts only a local path ({@code /reports?x=1}), never another origin, so {@code returnTo}
   * cannot become an open redirect.
   */
  static String checkReturnTo(String returnTo) {
    if (!returnTo.startsWith("/")
        || returnTo.startsWith("//")
        || returnTo.startsWith("/\\")
        || returnTo.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) {
      throw new IllegalArgumentException("returnTo must be a local path starting with a single /");
    }
    return returnTo;
  }

  /** The {@code state} sent to the provider, which the callback must echo. */
  public String state() {
    return state;
  }

  /** The {@code nonce} sent to the provider, which the ID token must carry. */
  public String nonce() {
    return nonce;
  }

  /** The PKCE code verifier (RFC 7636), sent with the code to the token endpoint. */
  public SecretValue codeVerifier() {
    return codeVerifier;
  }

  /** The redirect URI the request named, sent again to the token endpoint. */
  public URI redirectUri() {
    return redirectUri;
  }

  /** The requested vectors of trust ({@code vtr}); empty when none was requested. */
  public List<String> vtr() {
    return vtr;
  }

  /** When the request was made; the callback is refused once it is too old. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The local path to send the person to after sign-in, if the app gave one. */
  public Optional<String> returnTo() {
    return Optional.ofNullable(returnTo);
  }

  /** A compact, URL-safe string holding every field, for {@link #parse(String)}. */
  public String serialize() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("s", state);
    fields.put("n", nonce);
    fields.put("v", codeVerifier.reveal());
    fields.put("r", redirectUri.toString());
    if (!vtr.isEmpty()) {
      fields.put("vtr", vtr);
    }
    fields.put("t", createdAt.getEpochSecond());
    if (returnTo != null) {
      fields.put("rt", returnTo);
    }
    return PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(Json.write(fields).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a string made by {@link #serialize()}.
   *
   * @throws IllegalArgumentException if {@code serialized} was not made by {@link #serialize()}
   */
  public static PendingAuthorization parse(String serialized) {
    Objects.requireNonNull(serialized, "serialized");
    if (!serialized.startsWith(PREFIX)) {
      throw new IllegalArgumentException("serialized is not a pending authorization");
    }
    try {
      String text =
          new String(
              Base64.getUrlDecoder().decode(serialized.substring(PREFIX.length())),
              StandardCharsets.UTF_8);
      Json json = Json.parse(text);
      Long createdAt = json.optionalLong("t");
      if (createdAt == null) {
        throw new Json.MalformedException("t is missing");
      }
      return new PendingAuthorization(
          json.string("s"),
          json.string("n"),
          SecretValue.of(json.string("v")),
          URI.create(json.string("r")),
          json.strings("vtr"),
          Instant.ofEpochSecond(createdAt),
          json.optionalString("rt"));
    } catch (Json.MalformedException | IllegalArgumentException e) {
      throw new IllegalArgumentException("serialized is not a pending authorization", e);
    }
  }

  /** Equal when every field is equal; the code verifier is compared in constant time. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof PendingAuthorization that
        && state.equals(that.state)
        && nonce.equals(that.nonce)
        && codeVerifier.equals(that.codeVerifier)
        && redirectUri.equals(that.redirectUri)
        && vtr.equals(that.vtr)
        && createdAt.equals(that.createdAt)
        && Objects.equals(returnTo, that.returnTo);
  }

  @Override
  public int hashCode() {
    return Objects.hash(state, nonce, redirectUri, vtr, createdAt, returnTo);
  }

  /** Names the redirect URI and creation time; never the verifier. */
  @Override
  public String toString() {
    return "PendingAuthorization[redirectUri=" + redirectUri + ", createdAt=" + createdAt + "]";
  }
}
