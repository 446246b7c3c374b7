package dev.signon.servlet;

import dev.signon.client.BearerTokenValidator;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.ProviderUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens on the app's API and on the gds-sso pushes: checks the token, and answers the
 * refusals an API client expects ({@code 401}/{@code 403} with {@code WWW-Authenticate: Bearer},
 * never a redirect).
 */
final class BearerAuthentication {
  private static final Logger log = LoggerFactory.getLogger(BearerAuthentication.class);

  private final BearerTokenValidator validator;
  private final Identities identities;
  private final String realm;

  BearerAuthentication(BearerTokenValidator validator, Identities identities, String realm) {
    this.validator = validator;
    this.identities = identities;
    this.realm = realm;
  }

  /** Whether the header names the Bearer scheme (RFC 6750 §2.1, scheme case-insensitive). */
  static boolean isBearer(@Nullable String authorization) {
    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  /**
   * The person or API user the bearer token in {@code authorization} speaks for, or null when the
   * refusal ({@code 401 invalid_token}, or {@code 503} when the provider is down) was written.
   */
  @Nullable SignonPrincipal principal(String authorization, HttpServletResponse res, String path)
      throws IOException {
    String token = authorization.substring(7).trim();
    try {
      if (token.isEmpty()) {
        throw new IllegalArgumentException("empty bearer token");
      }
      return identities.fromAccessToken(validator.validate(token));
    } catch (ProviderRejectedException | IllegalArgumentException e) {
      log.debug("Bearer token refused on {}: {}", path, e.getMessage());
      refuse(res, HttpServletResponse.SC_UNAUTHORIZED, "invalid_token");
      return null;
    } catch (ProviderUnavailableException e) {
      log.warn("Bearer token could not be checked ({})", e.errorCode());
      Responses.apiUnavailable(res);
      return null;
    }
  }

  /** {@code 401} or {@code 403} with a {@code WWW-Authenticate: Bearer} challenge (RFC 6750 §3). */
  void refuse(HttpServletResponse res, int status, @Nullable String error) throws IOException {
    StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm).append('"');
    if (error != null) {
      challenge.append(", error=\"").append(error).append('"');
    }
    res.setHeader("WWW-Authenticate", challenge.toString());
    String code =
        error != null
            ? error
            : status == HttpServletResponse.SC_UNAUTHORIZED ? "unauthorized" : "forbidden";
    Responses.error(res, status, code);
  }
}
