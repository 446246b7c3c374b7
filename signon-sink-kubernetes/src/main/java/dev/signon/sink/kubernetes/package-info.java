/**
 * A {@link dev.signon.core.rotation.SecretSink} that writes rotated application tokens into
 * Kubernetes Secrets through the fabric8 client: {@link
 * dev.signon.sink.kubernetes.KubernetesSecretSink}.
 */
@NullMarked
package dev.signon.sink.kubernetes;

import org.jspecify.annotations.NullMarked;
