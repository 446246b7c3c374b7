package dev.signon.sink.aws;

import dev.signon.core.error.SignonFailureException;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SecretSink;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Writes each credential into an AWS Systems Manager Parameter Store parameter, as a {@code
 * SecureString} (encrypted with the account's default key for SSM, or the KMS key given), replacing
 * its value: one parameter per credential, named {@code <prefix>/<target>/<key>}, such as {@code
 * /signon/production/short-url-manager/PUBLISHING_API_BEARER_TOKEN}, which ECS task definitions and
 * the consuming application read by name. A failure names the parameter and AWS's error code
 * ({@code ThrottlingException}, {@code AccessDeniedException}), never the value; the client's retry
 * strategy retries throttling with backoff, and the host retries whatever still fails with the same
 * token.
 *
 * <pre>{@code
 * SecretSink ssm = SsmParameterSink.create(SsmClient.create(), "/signon/production");
 * }</pre>
 */
public final class SsmParameterSink implements SecretSink {
  private final SsmClient client;
  private final String prefix;
  private final String kmsKeyId;

  private SsmParameterSink(SsmClient client, String prefix, String kmsKeyId) {
    this.client = Objects.requireNonNull(client, "client");
    String p = AwsNames.prefix(prefix, "/_.-");
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    this.prefix = p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    this.kmsKeyId = Objects.requireNonNull(kmsKeyId, "kmsKeyId");
  }

  /**
   * A sink writing parameters under {@code pathPrefix} ({@code ""} for none) through {@code
   * client}, encrypted with the account's default key for SSM.
   *
   * @throws IllegalArgumentException if the prefix has characters a parameter name cannot have
   */
  public static SsmParameterSink create(SsmClient client, String pathPrefix) {
    return new SsmParameterSink(client, pathPrefix, "");
  }

  /**
   * A sink with its own client: the URL-connection HTTP client, the SDK's default credentials chain
   * (environment, profile, container or instance role) and standard retries.
   *
   * @param region the AWS region, such as {@code eu-west-2}; {@code null} for the SDK's default
   *     region chain
   * @param endpoint another endpoint (a VPC endpoint, a stand-in), or {@code null}
   * @param pathPrefix the parameters' path ({@code ""} for the root)
   */
  public static SsmParameterSink connect(
      @Nullable String region, @Nullable URI endpoint, String pathPrefix) {
    return new SsmParameterSink(
        AwsNames.client(SsmClient.builder(), region, endpoint), pathPrefix, "");
  }

  /**
   * This sink encrypting with the KMS key {@code kmsKeyId} (an id, an ARN or an alias such as
   * {@code alias/signon}) instead of the account's default key.
   */
  public SsmParameterSink withKmsKey(String kmsKeyId) {
    if (Objects.requireNonNull(kmsKeyId, "kmsKeyId").isBlank()) {
      throw new IllegalArgumentException("kmsKeyId must not be blank");
    }
    return new SsmParameterSink(client, prefix, kmsKeyId);
  }

  /** The name of the parameter a credential with this target and key is written to. */
  public String parameterName(String target, String key) {
    return prefix + "/" + target + "/" + key;
  }

  @Override
  public void write(Credential credential) {
    String name = parameterName(credential.target(), credential.key());
    try {
      client.putParameter(
          r -> {
            r.name(name)
                .type(ParameterType.SECURE_STRING)
                .overwrite(true)
                .value(credential.value().reveal());
            if (!kmsKeyId.isEmpty()) {
              r.keyId(kmsKeyId);
            }
          });
    } catch (SsmException e) {
      throw failure(name, AwsNames.answer(e));
    } catch (SdkClientException e) {
      throw failure(name, "AWS could not be reached");
    }
  }

  private static SignonFailureException failure(String name, String why) {
    return new SignonFailureException(
        "secret_sink_failed", "could not write SSM parameter " + name + ": " + why, null);
  }

  @Override
  public String toString() {
    return "SsmParameterSink[prefix=" + prefix + "]";
  }
}
