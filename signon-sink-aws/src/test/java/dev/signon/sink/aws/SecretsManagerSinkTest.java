package dev.signon.sink.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.rotation.Credential;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import dev.signon.testing.TestProvider;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AWS SDK's real requests, answered by a WireMock stand-in for Secrets Manager's JSON protocol
 * (POST /, {@code X-Amz-Target: secretsmanager.<Operation>}, {@code application/x-amz-json-1.1}),
 * including its error shapes.
 */
class SecretsManagerSinkTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String AMZ_JSON = "application/x-amz-json-1.1";

  final TokenValue value = TokenValue.mint(new SecureRandom(), TokenKind.APPLICATION_TOKEN);

  SecretsManagerSink sink() {
    SecretsManagerClient client =
        SecretsManagerClient.builder()
            .endpointOverride(URI.create(wm.baseUrl()))
            .region(Region.EU_WEST_2)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
            .httpClient(UrlConnectionHttpClient.create())
            // The host retries with its own backoff; one attempt per delivery keeps tests quick.
            .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
            .build();
    return SecretsManagerSink.create(client);
  }

  Credential credential() {
    return new Credential(
        "short-url-manager@example.gov.uk",
        "Publishing API",
        "short-url-manager",
        "PUBLISHING_API_BEARER_TOKEN",
        value,
        Instant.parse("2028-01-01T00:00:00Z"));
  }

  static MappingBuilder operation(String name) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager." + name));
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String type, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", AMZ_JSON)
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  LoggedRequest only(String operation) {
    List<LoggedRequest> r =
        wm.findAll(
            postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager." + operation)));
    assertThat(r).as(operation).hasSize(1);
    return r.get(0);
  }

  @Test
  void missingSecretIsCreatedWithTheKeyAndASignedRequest() throws Exception {
    wm.stubFor(
        operation("GetSecretValue")
            .willReturn(
                error(400, "ResourceNotFoundException", "Secrets Manager can't find the secret.")));
    wm.stubFor(
        operation("CreateSecret")
            .willReturn(
                okJson(
                    "{\"ARN\":\"arn:aws:secretsmanager:eu-west-2:123456789012:secret:short-url-manager-AbCdEf\","
                        + "\"Name\":\"short-url-manager\",\"VersionId\":\"v1\"}")));

    sink().write(credential());

    LoggedRequest create = only("CreateSecret");
    assertThat(create.getHeader("Content-Type")).startsWith(AMZ_JSON);
    assertThat(create.getHeader("Authorization"))
        .matches(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-2/secretsmanager/aws4_request,"
                + " SignedHeaders=[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}");
    assertThat(create.getHeader("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    JsonNode body = JSON.readTree(create.getBodyAsString());
    assertThat(body.get("Name").asString()).isEqualTo("short-url-manager");
    JsonNode stored = JSON.readTree(body.get("SecretString").asString());
    assertThat(stored.get("PUBLISHING_API_BEARER_TOKEN").asString()).isEqualTo(value.reveal());
    JsonNode get = JSON.readTree(only("GetSecretValue").getBodyAsString());
    assertThat(get.get("SecretId").asString()).isEqualTo("short-url-manager");
  }

  @Test
  void existingSecretGetsTheKeyAddedAndItsOtherKeysKept() throws Exception {
    wm.stubFor(
        operation("GetSecretValue")
            .willReturn(
                okJson(
                    "{\"Name\":\"short-url-manager\",\"SecretString\":"
                        + "\"{\\\"DATABASE_URL\\\":\\\"postgres://db\\\"}\",\"VersionId\":\"v1\"}")));
    wm.stubFor(
        operation("PutSecretValue")
            .willReturn(okJson("{\"Name\":\"short-url-manager\",\"VersionId\":\"v2\"}")));

    sink().write(credential());

    JsonNode body = JSON.readTree(only("PutSecretValue").getBodyAsString());
    assertThat(body.get("SecretId").asString()).isEqualTo("short-url-manager");
    JsonNode stored = JSON.readTree(body.get("SecretString").asString());
    assertThat(stored.get("DATABASE_URL").asString()).isEqualTo("postgres://db");
    assertThat(stored.get("PUBLISHING_API_BEARER_TOKEN").asString()).isEqualTo(value.reveal());
  }

  @Test
  void throttlingIsAFailureNamingTheErrorButNotTheValue() {
    wm.stubFor(
        operation("GetSecretValue").willReturn(error(400, "ThrottlingException", "Rate exceeded")));

    assertThatThrownBy(() -> sink().write(credential()))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("ThrottlingException")
        .hasMessageContaining("short-url-manager")
        .hasMessageNotContaining(value.reveal());
  }

  @Test
  void accessDeniedOnWriteIsAFailure() {
    wm.stubFor(
        operation("GetSecretValue")
            .willReturn(okJson("{\"Name\":\"short-url-manager\",\"SecretString\":\"{}\"}")));
    wm.stubFor(
        operation("PutSecretValue")
            .willReturn(error(400, "AccessDeniedException", "not authorized")));

    assertThatThrownBy(() -> sink().write(credential()))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("AccessDeniedException")
        .hasMessageNotContaining(value.reveal());
  }

  @Test
  void secretHoldingAPlainStringIsNotOverwritten() {
    wm.stubFor(
        operation("GetSecretValue")
            .willReturn(okJson("{\"Name\":\"short-url-manager\",\"SecretString\":\"hunter2\"}")));

    assertThatThrownBy(() -> sink().write(credential()))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("no JSON object");
    assertThat(
            wm.findAll(
                postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo("secretsmanager.PutSecretValue"))))
        .isEmpty();
  }
}
