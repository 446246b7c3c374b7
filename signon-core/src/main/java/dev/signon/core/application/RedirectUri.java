package dev.signon.core.application;

import dev.signon.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * A URI registered for an application, to which Signon may send people back. It must be absolute
 * and carry no fragment (RFC 6749 section 3.1.2); matching against a request is exact, character
 * for character.
 */
public record RedirectUri(String value) {
  /** Checks the URI. */
  public RedirectUri {
    Objects.requireNonNull(value, "value");
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("not a URI: " + value);
    }
    if (!uri.isAbsolute() || uri.getScheme() == null) {
      throw new InvalidInputException("redirect URI must be absolute: " + value);
    }
    if (uri.getRawFragment() != null || value.contains("#")) {
      throw new InvalidInputException("redirect URI must not have a fragment: " + value);
    }
    String scheme = uri.getScheme();
    if ((scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        && (uri.getHost() == null || uri.getHost().isEmpty())) {
      throw new InvalidInputException("redirect URI must name a host: " + value);
    }
    if (value.length() > 2000) {
      throw new InvalidInputException("redirect URI must be at most 2000 characters");
    }
  }

  /** Same as the constructor. */
  public static RedirectUri of(String value) {
    return new RedirectUri(value);
  }

  /** True when {@code candidate} is exactly this URI. */
  public boolean matches(String candidate) {
    return value.equals(candidate);
  }

  /** As a {@link URI}. */
  public URI toUri() {
    return URI.create(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
