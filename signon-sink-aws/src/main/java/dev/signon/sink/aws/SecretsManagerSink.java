package dev.signon.sink.aws;

import dev.signon.core.error.SignonFailureException;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SecretSink;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each credential into the AWS Secrets Manager secret named by its target, as one key of the
 * secret's JSON object (the shape Secrets Manager's console and ECS/EKS integrations read: one
 * secret per consuming application, {@code {"PUBLISHING_API_BEARER_TOKEN": "…"}}). The secret is
 * created if missing; other keys in it are kept. A failure names the secret and AWS's error code
 * ({@code ThrottlingException}, {@code AccessDeniedException}), never the value; the host retries
 * it with backoff.
 *
 * <p>Keys are merged by reading the secret and putting a new version: two writers changing
 * different keys of one secret at the same moment could lose one key's change, which the host's
 * next delivery of a pending token does not repair. Give each host its own secrets.
 *
 * <p>The client's retry strategy retries throttling ({@code ThrottlingException}) with backoff, and
 * the SDK sends one idempotency token ({@code ClientRequestToken}) for all attempts of a write, so
 * a retry never makes a second version. What still fails is left to the host, which keeps the value
 * sealed and tries again later with the same token.
 *
 * <pre>{@code
 * SecretSink aws = SecretsManagerSink.create(SecretsManagerClient.create(), "signon/production/");
 * }</pre>
 */
public final class SecretsManagerSink implements SecretSink {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private final SecretsManagerClient client;
  private final String prefix;

  private SecretsManagerSink(SecretsManagerClient client, String prefix) {
    this.client = Objects.requireNonNull(client, "client");
    this.prefix = AwsNames.prefix(prefix, "/_+=.@-");
  }

  /**
   * A sink writing the secret named by each credential's target, through {@code client} (its
   * region, credentials and retries apply).
   */
  public static SecretsManagerSink create(SecretsManagerClient client) {
    return new SecretsManagerSink(client, "");
  }

  /**
   * A sink writing the secret named {@code namePrefix} followed by each credential's target, such
   * as {@code signon/production/short-url-manager} for the prefix {@code signon/production/}.
   *
   * @throws IllegalArgumentException if the prefix has characters a secret's name cannot have
   */
  public static SecretsManagerSink create(SecretsManagerClient client, String namePrefix) {
    return new SecretsManagerSink(client, namePrefix);
  }

  /**
   * A sink with its own client: the URL-connection HTTP client, the SDK's default credentials chain
   * (environment, profile, container or instance role) and standard retries.
   *
   * @param region the AWS region, such as {@code eu-west-2}; {@code null} for the SDK's default
   *     region chain ({@code AWS_REGION}, the profile, the instance)
   * @param endpoint another endpoint (a VPC endpoint, a stand-in), or {@code null}
   * @param namePrefix put before each target to make the secret's name ({@code ""} for none)
   */
  public static SecretsManagerSink connect(
      @Nullable String region, @Nullable URI endpoint, String namePrefix) {
    return new SecretsManagerSink(
        AwsNames.client(SecretsManagerClient.builder(), region, endpoint), namePrefix);
  }

  /** The name of the secret a credential with this target is written to. */
  public String secretName(String target) {
    return prefix + target;
  }

  @Override
  public void write(Credential credential) {
    String id = secretName(credential.target());
    try {
      Map<String, Object> keys = current(id);
      if (keys == null) {
        try {
          client.createSecret(
              r ->
                  r.name(id)
                      .description("Application tokens written by Signon")
                      .secretString(json(Map.of(credential.key(), credential.value().reveal()))));
          return;
        } catch (ResourceExistsException e) {
          keys = current(id); // made meanwhile: merge into it
          if (keys == null) {
            throw failure(id, "it exists but cannot be read", e);
          }
        }
      }
      keys.put(credential.key(), credential.value().reveal());
      String merged = json(keys);
      client.putSecretValue(r -> r.secretId(id).secretString(merged));
    } catch (SecretsManagerException e) {
      throw failure(id, AwsNames.answer(e), null);
    } catch (SdkClientException e) {
      throw failure(id, "AWS could not be reached", null);
    }
  }

  /** The secret's keys, or {@code null} if there is no such secret. */
  private @Nullable Map<String, Object> current(String id) {
    String text;
    try {
      text = client.getSecretValue(r -> r.secretId(id)).secretString();
    } catch (ResourceNotFoundException e) {
      return null;
    }
    if (text == null || text.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      return JSON.readValue(text, OBJECT);
    } catch (JacksonException e) {
      // Not a JSON object: someone keeps a plain string there. Refuse rather than overwrite it.
      throw failure(id, "it holds no JSON object", null);
    }
  }

  private static String json(Map<String, ?> keys) {
    return JSON.writeValueAsString(keys);
  }

  private static SignonFailureException failure(
      String id, String why, @Nullable RuntimeException cause) {
    return new SignonFailureException(
        "secret_sink_failed", "could not write AWS secret " + id + ": " + why, cause);
  }

  @Override
  public String toString() {
    return "SecretsManagerSink[prefix=" + prefix + "]";
  }
}
