package dev.signon.sink.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.signon.sink.aws.AwsStandIn.AMZ_JSON;
import static dev.signon.sink.aws.AwsStandIn.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.rotation.Credential;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import dev.signon.testing.TestProvider;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.retries.api.RetryStrategy;
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

  final AwsStandIn aws = new AwsStandIn(wm);
  final TokenValue value = TokenValue.mint(new SecureRandom(), TokenKind.APPLICATION_TOKEN);

  SecretsManagerSink sink() {
    return sink(AwsStandIn.noRetries());
  }

  SecretsManagerSink sink(RetryStrategy retries) {
    return SecretsManagerSink.create(aws.secretsManager(retries));
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
    return AwsStandIn.operation("secretsmanager." + name);
  }

  LoggedRequest only(String operation) {
    return aws.only("secretsmanager." + operation);
  }

  static void secretHolds(String json) {
    wm.stubFor(
        operation("GetSecretValue")
            .willReturn(
                okJson(
                    "{\"Name\":\"short-url-manager\",\"SecretString\":"
                        + JSON.writeValueAsString(json)
                        + ",\"VersionId\":\"v1\"}")));
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
        .matches(AwsStandIn.signature(AwsStandIn.SECRETS_MANAGER));
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
    secretHolds("{\"DATABASE_URL\":\"postgres://db\"}");
    wm.stubFor(
        operation("PutSecretValue")
            .willReturn(okJson("{\"Name\":\"short-url-manager\",\"VersionId\":\"v2\"}")));

    sink().write(credential());

    LoggedRequest put = only("PutSecretValue");
    assertThat(put.getHeader("Authorization"))
        .matches(AwsStandIn.signature(AwsStandIn.SECRETS_MANAGER));
    JsonNode body = JSON.readTree(put.getBodyAsString());
    assertThat(body.get("SecretId").asString()).isEqualTo("short-url-manager");
    JsonNode stored = JSON.readTree(body.get("SecretString").asString());
    assertThat(stored.get("DATABASE_URL").asString()).isEqualTo("postgres://db");
    assertThat(stored.get("PUBLISHING_API_BEARER_TOKEN").asString()).isEqualTo(value.reveal());
  }

  @Test
  void namePrefixIsPutBeforeTheTarget() throws Exception {
    secretHolds("{}");
    wm.stubFor(operation("PutSecretValue").willReturn(okJson("{\"VersionId\":\"v2\"}")));

    SecretsManagerSink.create(aws.secretsManager(AwsStandIn.noRetries()), "signon/production/")
        .write(credential());

    JsonNode body = JSON.readTree(only("PutSecretValue").getBodyAsString());
    assertThat(body.get("SecretId").asString()).isEqualTo("signon/production/short-url-manager");
  }

  @Test
  void prefixWithCharactersASecretNameCannotHaveIsRefused() {
    assertThatThrownBy(
            () ->
                SecretsManagerSink.create(
                    aws.secretsManager(AwsStandIn.noRetries()), "signon production"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namePrefix");
  }

  @Test
  void throttledWriteIsRetriedWithTheSameRequestTokenSoNoSecondVersionIsMade() throws Exception {
    secretHolds("{}");
    wm.stubFor(
        operation("PutSecretValue")
            .inScenario("throttled")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(400, "ThrottlingException", "Rate exceeded"))
            .willSetStateTo("calm"));
    wm.stubFor(
        operation("PutSecretValue")
            .inScenario("throttled")
            .whenScenarioStateIs("calm")
            .willReturn(okJson("{\"Name\":\"short-url-manager\",\"VersionId\":\"v2\"}")));

    sink(AwsStandIn.quickRetries(3)).write(credential());

    List<LoggedRequest> puts = aws.all("secretsmanager.PutSecretValue");
    assertThat(puts).hasSize(2);
    String first =
        JSON.readTree(puts.get(0).getBodyAsString()).get("ClientRequestToken").asString();
    String second =
        JSON.readTree(puts.get(1).getBodyAsString()).get("ClientRequestToken").asString();
    assertThat(first).isNotBlank().isEqualTo(second);
  }

  @Test
  void throttlingThatOutlastsTheRetriesIsAFailureNamingTheErrorButNotTheValue() {
    wm.stubFor(
        operation("GetSecretValue").willReturn(error(400, "ThrottlingException", "Rate exceeded")));

    assertThatThrownBy(() -> sink(AwsStandIn.quickRetries(2)).write(credential()))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("ThrottlingException")
        .hasMessageContaining("short-url-manager")
        .hasMessageNotContaining(value.reveal());
    assertThat(aws.all("secretsmanager.GetSecretValue")).hasSize(2);
  }

  @Test
  void accessDeniedOnWriteIsAFailure() {
    secretHolds("{}");
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
    secretHolds("hunter2");

    assertThatThrownBy(() -> sink().write(credential()))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("no JSON object");
    assertThat(aws.all("secretsmanager.PutSecretValue")).isEmpty();
  }
}
