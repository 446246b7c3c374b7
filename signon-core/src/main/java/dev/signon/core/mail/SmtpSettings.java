package dev.signon.core.mail;

import dev.signon.core.directory.Email;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link EmailSender#smtp(SmtpSettings)} hands messages over: the server, TLS, the
 * credentials and the sender's address.
 *
 * <p>Strict by default: STARTTLS is required (port 587) unless implicit TLS is chosen (port 465),
 * the server's certificate must name the host, and credentials are refused on a connection that
 * might not be encrypted unless {@link Builder#allowCredentialsWithoutTls()} says so. The password
 * never appears in {@link #toString()}.
 *
 * <pre>{@code
 * SmtpSettings settings = SmtpSettings.builder()
 *     .host("smtp.example.com")                  // STARTTLS required, port 587
 *     .credentials("signon", passwordChars)
 *     .from(Email.of("signon@example.com"))
 *     .fromName("GOV.UK Signon")
 *     .build();
 * }</pre>
 */
public final class SmtpSettings {
  /** Whether to upgrade a plain connection to TLS with the SMTP STARTTLS command (RFC 3207). */
  public enum StartTls {
    /** Never: the connection stays plain unless {@link Builder#implicitTls(boolean)} is on. */
    NONE,
    /** When the server offers it; otherwise carry on in the clear. */
    OPPORTUNISTIC,
    /** Always: fail rather than send over a plain connection. */
    REQUIRED
  }

  /** The connect and read timeout used unless set: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  private final String host;
  private final int port;
  private final @Nullable String username;
  private final char @Nullable [] password;
  private final StartTls startTls;
  private final boolean implicitTls;
  private final Email from;
  private final @Nullable String fromName;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Map<String, String> sessionProperties;

  private SmtpSettings(Builder b) {
    if (b.host == null) {
      throw new IllegalStateException("host required");
    }
    if (b.from == null) {
      throw new IllegalStateException("from required");
    }
    if (b.implicitTls && b.startTls != null && b.startTls != StartTls.NONE) {
      throw new IllegalStateException(
          "STARTTLS " + b.startTls + " contradicts implicit TLS: choose one");
    }
    this.host = b.host;
    this.implicitTls = b.implicitTls;
    this.startTls =
        b.startTls != null ? b.startTls : implicitTls ? StartTls.NONE : StartTls.REQUIRED;
    this.port = b.port != 0 ? b.port : implicitTls ? 465 : startTls == StartTls.NONE ? 25 : 587;
    this.username = b.username;
    this.password = b.password == null ? null : b.password.clone();
    boolean encrypted = implicitTls || startTls == StartTls.REQUIRED;
    if (username != null && !encrypted && !b.credentialsWithoutTls) {
      throw new IllegalStateException(
          "credentials would be sent over a connection that may not be encrypted: require STARTTLS,"
              + " use implicit TLS, or call allowCredentialsWithoutTls()");
    }
    this.from = b.from;
    this.fromName = b.fromName;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.sessionProperties = Map.copyOf(b.sessionProperties);
  }

  /** A builder; {@code host} and {@code from} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mail server's host name or address. */
  public String host() {
    return host;
  }

  /** The mail server's port. */
  public int port() {
    return port;
  }

  /** The user name to authenticate with, if any. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** The STARTTLS mode. */
  public StartTls startTls() {
    return startTls;
  }

  /** True when the connection is TLS from the first byte (SMTPS, RFC 8314). */
  public boolean implicitTls() {
    return implicitTls;
  }

  /** The address messages come from. */
  public Email from() {
    return from;
  }

  /** The display name shown with {@link #from()}, if any. */
  public Optional<String> fromName() {
    return Optional.ofNullable(fromName);
  }

  /** How long to wait for the connection to open. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long to wait for the server to answer (and to accept what is written). */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** Extra Jakarta Mail session properties, applied last; an unmodifiable copy. */
  public Map<String, String> sessionProperties() {
    return sessionProperties;
  }

  /** The one way to read the password: a copy the caller should clear after use. */
  char @Nullable [] revealPassword() {
    return password == null ? null : password.clone();
  }

  /** Names the server, the TLS mode and the sender; the password shows as {@code ██}. */
  @Override
  public String toString() {
    return "SmtpSettings{"
        + host
        + ":"
        + port
        + (implicitTls ? ", implicit TLS" : ", STARTTLS " + startTls)
        + ", from="
        + from
        + (username == null ? "" : ", username=" + username + ", password=██")
        + "}";
  }

  /** Builds {@link SmtpSettings}; {@code host} and {@code from} are required. */
  public static final class Builder {
    private @Nullable String host;
    private int port;
    private @Nullable String username;
    private char @Nullable [] password;
    private @Nullable StartTls startTls;
    private boolean implicitTls;
    private boolean credentialsWithoutTls;
    private @Nullable Email from;
    private @Nullable String fromName;
    private Duration connectTimeout = DEFAULT_TIMEOUT;
    private Duration readTimeout = DEFAULT_TIMEOUT;
    private final Map<String, String> sessionProperties = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The mail server's host name or address.
     *
     * @throws IllegalArgumentException if blank or holding white space or control characters
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty() || !host.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
        throw new IllegalArgumentException("host must be a host name or address: " + host);
      }
      this.host = host;
      return this;
    }

    /**
     * The mail server's port; by default 465 with implicit TLS, 587 with STARTTLS and 25 without.
     *
     * @throws IllegalArgumentException if not between 1 and 65535
     */
    public Builder port(int port) {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Authenticate with this user name and password. The array is copied; the caller may clear its
     * own.
     *
     * @throws IllegalArgumentException if the user name is blank or the password empty
     */
    public Builder credentials(String username, char[] password) {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (username.isBlank()) {
        throw new IllegalArgumentException("username must not be blank");
      }
      if (password.length == 0) {
        throw new IllegalArgumentException("password must not be empty");
      }
      if (this.password != null) {
        Arrays.fill(this.password, '\0');
      }
      this.username = username;
      this.password = password.clone();
      return this;
    }

    /** Same as {@link #credentials(String, char[])}, for a password held as a string. */
    public Builder credentials(String username, String password) {
      Objects.requireNonNull(password, "password");
      char[] chars = password.toCharArray();
      try {
        return credentials(username, chars);
      } finally {
        Arrays.fill(chars, '\0');
      }
    }

    /** The STARTTLS mode; {@link StartTls#REQUIRED} unless implicit TLS is on. */
    public Builder startTls(StartTls startTls) {
      this.startTls = Objects.requireNonNull(startTls, "startTls");
      return this;
    }

    /** Use TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS. */
    public Builder implicitTls(boolean implicitTls) {
      this.implicitTls = implicitTls;
      return this;
    }

    /**
     * Accept credentials on a connection that may stay plain ({@link StartTls#NONE} or {@link
     * StartTls#OPPORTUNISTIC} without implicit TLS), such as a relay on the same machine. Without
     * this, {@link #build()} refuses that combination.
     */
    public Builder allowCredentialsWithoutTls() {
      this.credentialsWithoutTls = true;
      return this;
    }

    /** The address messages come from (the {@code From} header and the SMTP envelope sender). */
    public Builder from(Email from) {
      this.from = Objects.requireNonNull(from, "from");
      return this;
    }

    /**
     * A display name for the {@code From} header, such as the host's name.
     *
     * @throws IllegalArgumentException if blank, longer than 100 characters, or holding control
     *     characters
     */
    public Builder fromName(String fromName) {
      Objects.requireNonNull(fromName, "fromName");
      String v = fromName.strip();
      if (v.isEmpty()
          || v.length() > 100
          || v.chars().anyMatch(c -> Character.getType(c) == Character.CONTROL)) {
        throw new IllegalArgumentException(
            "fromName must be 1 to 100 characters without control characters");
      }
      this.fromName = v;
      return this;
    }

    /**
     * How long to wait for the connection to open; 10 seconds by default.
     *
     * @throws IllegalArgumentException unless above zero and at most 10 minutes
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = timeout("connectTimeout", connectTimeout);
      return this;
    }

    /**
     * How long to wait for each answer from the server; 10 seconds by default.
     *
     * @throws IllegalArgumentException unless above zero and at most 10 minutes
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = timeout("readTimeout", readTimeout);
      return this;
    }

    /**
     * A Jakarta Mail session property ({@code mail.smtp.*}), applied after the ones these settings
     * make, so it can override them: for what these settings do not cover, such as {@code
     * mail.smtp.localhost}. Overriding a TLS property weakens what {@link #build()} checked.
     *
     * @throws IllegalArgumentException if the key is blank
     */
    public Builder sessionProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isBlank()) {
        throw new IllegalArgumentException("key must not be blank");
      }
      sessionProperties.put(key, value);
      return this;
    }

    /** Adds each of {@code properties} as by {@link #sessionProperty(String, String)}. */
    public Builder sessionProperties(Map<String, String> properties) {
      Objects.requireNonNull(properties, "properties").forEach(this::sessionProperty);
      return this;
    }

    /**
     * Checks the settings and builds them.
     *
     * @throws IllegalStateException if {@code host} or {@code from} is missing, if STARTTLS is
     *     asked for together with implicit TLS, or if credentials could travel unencrypted without
     *     {@link #allowCredentialsWithoutTls()}
     */
    public SmtpSettings build() {
      return new SmtpSettings(this);
    }

    private static Duration timeout(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(name + " must be above zero and at most 10 minutes");
      }
      return value;
    }
  }
}
