package dev.signon.spring.server;

import dev.signon.core.rotation.SecretSink;
import dev.signon.sink.aws.SecretsManagerSink;
import dev.signon.sink.aws.SsmParameterSink;

/**
 * Makes the AWS sinks; loaded only after {@link TypedSecretSinks} found {@code signon-sink-aws} on
 * the class path, so a host without it never loads the SDK.
 */
final class AwsSinks {
  private AwsSinks() {}

  static SecretSink create(String type, TypedSecretSinks.Typed t) {
    if (type.equals(TypedSecretSinks.AWS_SECRETS_MANAGER)) {
      return SecretsManagerSink.connect(t.getRegion(), t.getEndpoint(), t.getNamePrefix());
    }
    SsmParameterSink ssm =
        SsmParameterSink.connect(t.getRegion(), t.getEndpoint(), t.getNamePrefix());
    String kms = t.getKmsKeyId();
    return kms == null || kms.isBlank() ? ssm : ssm.withKmsKey(kms);
  }
}
