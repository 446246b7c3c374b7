package dev.signon.spring.server;

import dev.signon.core.mail.SmtpSettings;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The {@code signon.server.smtp.*} properties: the SMTP server that sends the host's emails. */
public class SignonSmtpProperties {
  /** The SMTP server's host name. Setting it turns SMTP on; without it emails are only logged. */
  private @Nullable String host;

  /** The SMTP server's port. Default: 587 with STARTTLS, 465 with implicit TLS, 25 without TLS. */
  private @Nullable Integer port;

  /** The user name to authenticate with; none means no authentication. */
  private @Nullable String username;

  /** The password to authenticate with, given with the user name. */
  private @Nullable String password;

  /**
   * Whether to upgrade the connection to TLS with STARTTLS: REQUIRED (fail rather than send in the
   * clear), OPPORTUNISTIC or NONE. Default REQUIRED, or NONE with implicit TLS.
   */
  private SmtpSettings.@Nullable StartTls startTls;

  /** Whether to connect with TLS from the start (SMTPS, port 465) instead of STARTTLS. */
  private boolean implicitTls = false;

  /**
   * Whether credentials may be sent over a connection that might not be encrypted (STARTTLS not
   * required and no implicit TLS). Off: such a setting is refused at start.
   */
  private boolean allowCredentialsWithoutTls = false;

  /** The sender's address on every email, required with a host. */
  private @Nullable String from;

  /** The sender's display name, for instance the service name. */
  private @Nullable String fromName;

  /** How long to wait for the server to accept a connection. */
  private Duration connectTimeout = Duration.ofSeconds(10);

  /** How long to wait for each answer from the server. */
  private Duration readTimeout = Duration.ofSeconds(10);

  public @Nullable String getHost() {
    return host;
  }

  public void setHost(@Nullable String host) {
    this.host = host;
  }

  public @Nullable Integer getPort() {
    return port;
  }

  public void setPort(@Nullable Integer port) {
    this.port = port;
  }

  public @Nullable String getUsername() {
    return username;
  }

  public void setUsername(@Nullable String username) {
    this.username = username;
  }

  public @Nullable String getPassword() {
    return password;
  }

  public void setPassword(@Nullable String password) {
    this.password = password;
  }

  public SmtpSettings.@Nullable StartTls getStartTls() {
    return startTls;
  }

  public void setStartTls(SmtpSettings.@Nullable StartTls startTls) {
    this.startTls = startTls;
  }

  public boolean isImplicitTls() {
    return implicitTls;
  }

  public void setImplicitTls(boolean implicitTls) {
    this.implicitTls = implicitTls;
  }

  public boolean isAllowCredentialsWithoutTls() {
    return allowCredentialsWithoutTls;
  }

  public void setAllowCredentialsWithoutTls(boolean allowCredentialsWithoutTls) {
    this.allowCredentialsWithoutTls = allowCredentialsWithoutTls;
  }

  public @Nullable String getFrom() {
    return from;
  }

  public void setFrom(@Nullable String from) {
    this.from = from;
  }

  public @Nullable String getFromName() {
    return fromName;
  }

  public void setFromName(@Nullable String fromName) {
    this.fromName = fromName;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getReadTimeout() {
    return readTimeout;
  }

  public void setReadTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }
}
