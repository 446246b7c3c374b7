package dev.signon.spring.server;

import dev.signon.client.SecretValue;
import dev.signon.client.admin.AdminApiUnavailableException;
import dev.signon.client.admin.AdminRequestRejectedException;
import dev.signon.client.admin.SignonAdminClient;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.transfer.DirectorySource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Reads production's directory document through its admin API ({@code GET
 * /api/admin/v1/directory}), with the application token in a file read at each fetch. A refusal or
 * an outage becomes a {@link SignonFailureException} that says which, never showing the token.
 */
final class AdminApiDirectorySource implements DirectorySource {
  private final URI source;
  private final Path tokenFile;
  private final OkHttpClient http;

  AdminApiDirectorySource(URI source, Path tokenFile, OkHttpClient http) {
    this.source = checked(source);
    this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
    this.http = Objects.requireNonNull(http, "http");
  }

  /**
   * Checks the source is https, or http to this machine (a developer's pair of hosts).
   *
   * @throws IllegalArgumentException otherwise
   */
  static URI checked(URI source) {
    Objects.requireNonNull(source, "source");
    String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase(Locale.ROOT);
    String host = source.getHost();
    if (host == null || !(scheme.equals("https") || (scheme.equals("http") && loopback(host)))) {
      throw new IllegalArgumentException(
          "source must be an https URL (http only to localhost): " + source);
    }
    return source;
  }

  private static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")
          && InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String fetch() {
    String token;
    try {
      token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw failure("the token file " + tokenFile + " cannot be read: " + e.getClass().getName());
    }
    if (token.isEmpty()) {
      throw failure("the token file " + tokenFile + " is empty");
    }
    SignonAdminClient.Builder b =
        SignonAdminClient.builder()
            .bearerToken(SecretValue.of(token))
            .httpClient(http)
            .userAgent("signon-environment-sync");
    if (source.getPath() != null && source.getPath().startsWith("/api/")) {
      b.baseUrl(source);
    } else {
      b.issuer(source);
    }
    try {
      return b.build().directoryDocument();
    } catch (AdminRequestRejectedException e) {
      throw failure(source + " refused the directory read: " + e.getMessage());
    } catch (AdminApiUnavailableException e) {
      throw failure(source + " is unavailable: " + e.getMessage());
    }
  }

  private static SignonFailureException failure(String why) {
    return new SignonFailureException("environment_sync_failed", "environment sync: " + why, null);
  }

  @Override
  public String toString() {
    return "AdminApiDirectorySource[" + source + "]";
  }
}
