package dev.signon.sink.kubernetes;

import dev.signon.core.error.SignonFailureException;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SecretSink;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes each credential into the Kubernetes Secret named by its target, under its key, as GOV.UK's
 * {@code signon-sync-app-secrets-to-k8s} job does: one Secret per consuming application, one key
 * per server application ({@code PUBLISHING_API_BEARER_TOKEN}), which the application reads as an
 * environment variable or a mounted file. The Secret is created if missing (labelled {@code
 * app.kubernetes.io/managed-by: signon}); other keys in it are left alone. The value is never
 * logged, and a failure names the Secret and the API's status, never the value.
 *
 * <pre>{@code
 * SecretSink k8s = KubernetesSecretSink.inCluster("apps");   // the pod's service account
 * SignonServer.builder()
 *     .tokenRotation(TokenRotationSettings.builder()
 *         .sink("kubernetes", k8s)
 *         .route(SecretRoute.of("short-url-manager@example.gov.uk", "publishing-api", "kubernetes")
 *             .withTarget("short-url-manager-signon"))
 *         .build());
 * }</pre>
 */
public final class KubernetesSecretSink implements SecretSink {
  /** The label that marks Secrets this sink created. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private final KubernetesClient client;
  private final String namespace;

  private KubernetesSecretSink(KubernetesClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    Objects.requireNonNull(namespace, "namespace");
    if (!SECRET_NAME.matcher(namespace).matches()) {
      throw new IllegalArgumentException("namespace is not a Kubernetes name: " + namespace);
    }
    this.namespace = namespace;
  }

  /** A sink writing Secrets in {@code namespace} through {@code client}, which the host closes. */
  public static KubernetesSecretSink create(KubernetesClient client, String namespace) {
    return new KubernetesSecretSink(client, namespace);
  }

  /**
   * A sink writing Secrets in {@code namespace} with a client configured the usual way: in a pod,
   * its service account (which needs {@code get}, {@code create} and {@code patch} on Secrets);
   * elsewhere, {@code KUBECONFIG} or {@code ~/.kube/config}.
   */
  public static KubernetesSecretSink inCluster(String namespace) {
    return new KubernetesSecretSink(new KubernetesClientBuilder().build(), namespace);
  }

  @Override
  public void write(Credential credential) {
    String name = credential.target();
    String key = credential.key();
    if (!SECRET_NAME.matcher(name).matches() || name.length() > 253) {
      throw new SignonFailureException(
          "secret_sink_failed", "not a Kubernetes Secret name: " + name, null);
    }
    if (!KEY.matcher(key).matches()) {
      throw new SignonFailureException(
          "secret_sink_failed", "not a Kubernetes Secret key: " + key, null);
    }
    String encoded =
        Base64.getEncoder()
            .encodeToString(credential.value().reveal().getBytes(StandardCharsets.UTF_8));
    Resource<Secret> secret = client.secrets().inNamespace(namespace).withName(name);
    try {
      if (secret.get() == null) {
        try {
          secret.create(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .addToLabels(MANAGED_BY, "signon")
                  .endMetadata()
                  .withType("Opaque")
                  .addToData(key, encoded)
                  .build());
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          // Created meanwhile by someone else: add the key to theirs.
        }
      }
      secret.edit(s -> new SecretBuilder(s).addToData(key, encoded).build());
    } catch (KubernetesClientException e) {
      throw new SignonFailureException(
          "secret_sink_failed",
          "could not write Kubernetes Secret " + namespace + "/" + name + ": HTTP " + e.getCode(),
          null);
    }
  }

  @Override
  public String toString() {
    return "KubernetesSecretSink[namespace=" + namespace + "]";
  }
}
