/**
 * A {@link dev.signon.core.rotation.SecretSink} that writes rotated application tokens into AWS
 * Secrets Manager: {@link dev.signon.sink.aws.SecretsManagerSink}.
 */
@NullMarked
package dev.signon.sink.aws;

import org.jspecify.annotations.NullMarked;
