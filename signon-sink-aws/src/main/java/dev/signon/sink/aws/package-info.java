/**
 * {@link dev.signon.core.rotation.SecretSink}s that write rotated application tokens into AWS:
 * Secrets Manager ({@link dev.signon.sink.aws.SecretsManagerSink}, one key of a JSON secret per
 * credential) and SSM Parameter Store ({@link dev.signon.sink.aws.SsmParameterSink}, one {@code
 * SecureString} parameter per credential).
 */
@NullMarked
package dev.signon.sink.aws;

import org.jspecify.annotations.NullMarked;
