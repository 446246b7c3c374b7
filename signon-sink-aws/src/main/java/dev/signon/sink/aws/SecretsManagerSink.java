package dev.signon.sink.aws;

import dev.signon.core.error.SignonFailureException;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SecretSink;
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
 * <pre>{@code
 * SecretSink aws = SecretsManagerSink.create(SecretsManagerClient.create());
 * }</pre>
 */
public final class SecretsManagerSink implements SecretSink {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private final SecretsManagerClient client;

  private SecretsManagerSink(SecretsManagerClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** A sink writing through {@code client} (its region, credentials and retries apply). */
  public static SecretsManagerSink create(SecretsManagerClient client) {
    return new SecretsManagerSink(client);
  }

  @Override
  public void write(Credential credential) {
    String id = credential.target();
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
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      throw failure(id, "AWS answered " + e.statusCode() + " " + code, null);
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
    return "SecretsManagerSink";
  }
}
