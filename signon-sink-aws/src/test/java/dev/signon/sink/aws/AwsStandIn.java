package dev.signon.sink.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A WireMock stand-in for the JSON protocol of AWS services (POST /, {@code X-Amz-Target:
 * <prefix>.<Operation>}, {@code application/x-amz-json-1.1}, errors as {@code {"__type": ...,
 * "message": ...}}), and SDK clients pointed at it with fixed credentials.
 */
final class AwsStandIn {
  static final String AMZ_JSON = "application/x-amz-json-1.1";
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  static final String SECRETS_MANAGER = "secretsmanager";
  static final String SSM = "AmazonSSM";

  /** SigV4: the access key, a date, the region and the service in the credential scope. */
  static String signature(String service) {
    return "AWS4-HMAC-SHA256 Credential="
        + ACCESS_KEY
        + "/\\d{8}/eu-west-2/"
        + service
        + "/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}";
  }

  private final WireMockExtension wm;

  AwsStandIn(WireMockExtension wm) {
    this.wm = wm;
  }

  /** No retries by the SDK: each failure reaches the host at once. */
  static RetryStrategy noRetries() {
    return DefaultRetryStrategy.doNotRetry();
  }

  /** The SDK's standard retries (throttling included), with a short fixed backoff for tests. */
  static RetryStrategy quickRetries(int attempts) {
    BackoffStrategy quick = BackoffStrategy.fixedDelay(Duration.ofMillis(10));
    return DefaultRetryStrategy.standardStrategyBuilder()
        .maxAttempts(attempts)
        .backoffStrategy(quick)
        .throttlingBackoffStrategy(quick)
        .build();
  }

  SecretsManagerClient secretsManager(RetryStrategy retries) {
    return SecretsManagerClient.builder()
        .endpointOverride(URI.create(wm.baseUrl()))
        .region(Region.EU_WEST_2)
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(retries))
        .build();
  }

  SsmClient ssm(RetryStrategy retries) {
    return SsmClient.builder()
        .endpointOverride(URI.create(wm.baseUrl()))
        .region(Region.EU_WEST_2)
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(retries))
        .build();
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
  }

  /** A request for {@code target} ({@code secretsmanager.GetSecretValue}). */
  static MappingBuilder operation(String target) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  /** The service's error shape. */
  static ResponseDefinitionBuilder error(int status, String type, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", AMZ_JSON)
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  /** Every request for {@code target}, oldest first. */
  List<LoggedRequest> all(String target) {
    return wm.findAll(
        postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)));
  }

  /** The one request for {@code target}. */
  LoggedRequest only(String target) {
    List<LoggedRequest> r = all(target);
    assertThat(r).as(target).hasSize(1);
    return r.get(0);
  }
}
