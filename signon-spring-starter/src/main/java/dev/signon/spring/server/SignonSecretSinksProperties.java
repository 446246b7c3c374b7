package dev.signon.spring.server;

import dev.signon.core.rotation.SecretSink;
import dev.signon.servlet.host.WebhookSecretSink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The {@code signon.server.secret-sinks.*} properties: the built-in places rotated application
 * tokens can be delivered to, named {@code directory} and {@code webhook} for routes. Other sinks
 * (Kubernetes, AWS) are {@code SecretSink} beans, named by their bean name.
 */
public class SignonSecretSinksProperties {
  /** The sink name of {@link #getDirectory()}. */
  public static final String DIRECTORY = "directory";

  /** The sink name of {@link #getWebhook()}. */
  public static final String WEBHOOK = "webhook";

  /** A directory to write each token to, as the file target/key (mode 600, replaced atomically). */
  private @Nullable Path directory;

  /** A URL to POST each token to, signed with HMAC-SHA256. */
  private final Webhook webhook = new Webhook();

  public @Nullable Path getDirectory() {
    return directory;
  }

  public void setDirectory(@Nullable Path directory) {
    this.directory = directory;
  }

  public Webhook getWebhook() {
    return webhook;
  }

  /** The signed webhook. */
  public static class Webhook {
    /** Where to POST (https). */
    private @Nullable URI url;

    /** The shared signing secret, at least 32 characters. */
    private @Nullable String secret;

    public @Nullable URI getUrl() {
      return url;
    }

    public void setUrl(@Nullable URI url) {
      this.url = url;
    }

    public @Nullable String getSecret() {
      return secret;
    }

    public void setSecret(@Nullable String secret) {
      this.secret = secret;
    }
  }

  /**
   * The sinks these properties configure, by name.
   *
   * @throws IllegalArgumentException if the webhook is half configured or its secret is short
   */
  Map<String, SecretSink> toSinks(Clock clock) {
    Map<String, SecretSink> out = new LinkedHashMap<>();
    Path dir = directory;
    if (dir != null) {
      out.put(DIRECTORY, SecretSink.directory(dir));
    }
    URI url = webhook.getUrl();
    String secret = webhook.getSecret();
    if (url != null || secret != null) {
      if (url == null || secret == null) {
        throw new IllegalArgumentException("webhook needs both url and secret");
      }
      out.put(
          WEBHOOK,
          WebhookSecretSink.create(
              url, secret.getBytes(StandardCharsets.UTF_8), new OkHttpClient(), clock));
    }
    return out;
  }
}
