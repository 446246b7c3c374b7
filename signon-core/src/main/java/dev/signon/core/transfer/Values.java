package dev.signon.core.transfer;

import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/**
 * Parsers of the document's text values, each throwing {@link InvalidInputException} with the
 * message a problem reports.
 */
final class Values {
  private static final ApplicationId PLACEHOLDER_APPLICATION = new ApplicationId(new UUID(0, 0));

  private Values() {}

  static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("not a UUID: " + text);
    }
  }

  static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "not an ISO-8601 instant such as 2026-01-05T09:30:00Z: " + text);
    }
  }

  /** An ISO-8601 duration such as {@code PT6H}: an application's notice give-up time. */
  static java.time.Duration giveUpTime(String text) {
    try {
      return java.time.Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidInputException(
          "notice give-up time must be an ISO-8601 duration such as PT6H: " + text);
    }
  }

  static URI absoluteUri(String text) {
    try {
      URI uri = new URI(text);
      if (uri.isAbsolute()) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new InvalidInputException("not an absolute URI: " + text);
  }

  static AccessTokenFormat accessTokenFormat(String text) {
    for (AccessTokenFormat f : AccessTokenFormat.values()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(text)) {
        return f;
      }
    }
    throw new InvalidInputException("not an access token format (opaque or jwt): " + text);
  }

  static URI serviceUri(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("not a URI: " + text);
    }
    if (!uri.isAbsolute()) {
      throw new InvalidInputException("service URI must be absolute: " + text);
    }
    return uri;
  }

  /** Lets the application's own rule judge the client id, whatever else is wrong. */
  static String checkClientId(String clientId) {
    Application.builder().id(PLACEHOLDER_APPLICATION).clientId(clientId).name("x").build();
    return clientId;
  }
}
