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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AWS SDK's real requests, answered by a WireMock stand-in for Parameter Store's JSON protocol
 * ({@code X-Amz-Target: AmazonSSM.PutParameter}).
 */
class SsmParameterSinkTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  static final JsonMapper JSON = JsonMapper.builder().build();

  static MappingBuilder put() {
    return AwsStandIn.operation("AmazonSSM.PutParameter");
  }

  final AwsStandIn aws = new AwsStandIn(wm);
  final TokenValue value = TokenValue.mint(new SecureRandom(), TokenKind.APPLICATION_TOKEN);

  Credential credential() {
    return new Credential(
        "short-url-manager@example.gov.uk",
        "Publishing API",
        "short-url-manager",
        "PUBLISHING_API_BEARER_TOKEN",
        value,
        Instant.parse("2028-01-01T00:00:00Z"));
  }

  SsmParameterSink sink(String prefix) {
    return SsmParameterSink.create(aws.ssm(AwsStandIn.noRetries()), prefix);
  }

  @Test
  void writesASecureStringOverwritingTheParameterWithASignedRequest() throws Exception {
    wm.stubFor(put().willReturn(okJson("{\"Version\":2,\"Tier\":\"Standard\"}")));

    sink("/signon/production").write(credential());

    LoggedRequest put = aws.only("AmazonSSM.PutParameter");
    assertThat(put.getHeader("Content-Type")).startsWith(AMZ_JSON);
    assertThat(put.getHeader("Authorization")).matches(AwsStandIn.signature("ssm"));
    JsonNode body = JSON.readTree(put.getBodyAsString());
    assertThat(body.get("Name").asString())
        .isEqualTo("/signon/production/short-url-manager/PUBLISHING_API_BEARER_TOKEN");
    assertThat(body.get("Type").asString()).isEqualTo("SecureString");
    assertThat(body.get("Overwrite").asBoolean()).isTrue();
    assertThat(body.get("Value").asString()).isEqualTo(value.reveal());
    assertThat(body.has("KeyId")).isFalse();
  }

  @Test
  void prefixIsMadeAbsoluteAndAKmsKeyIsSentWhenGiven() throws Exception {
    wm.stubFor(put().willReturn(okJson("{\"Version\":1}")));

    sink("signon/").withKmsKey("alias/signon").write(credential());

    JsonNode body = JSON.readTree(aws.only("AmazonSSM.PutParameter").getBodyAsString());
    assertThat(body.get("Name").asString())
        .isEqualTo("/signon/short-url-manager/PUBLISHING_API_BEARER_TOKEN");
    assertThat(body.get("KeyId").asString()).isEqualTo("alias/signon");
  }

  @Test
  void noPrefixWritesUnderTheRoot() {
    assertThat(sink("").parameterName("visits", "KEY")).isEqualTo("/visits/KEY");
  }

  @Test
  void throttledWriteIsRetriedByTheClientAndSucceeds() {
    wm.stubFor(
        put()
            .inScenario("throttled")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(400, "ThrottlingException", "Rate exceeded"))
            .willSetStateTo("calm"));
    wm.stubFor(
        put()
            .inScenario("throttled")
            .whenScenarioStateIs("calm")
            .willReturn(okJson("{\"Version\":3}")));

    SsmParameterSink.create(aws.ssm(AwsStandIn.quickRetries(3)), "/signon").write(credential());

    assertThat(aws.all("AmazonSSM.PutParameter")).hasSize(2);
  }

  @Test
  void accessDeniedIsAFailureNamingTheParameterButNotTheValue() {
    wm.stubFor(
        put()
            .willReturn(
                error(
                    400,
                    "AccessDeniedException",
                    "User is not authorized to perform: ssm:PutParameter")));

    assertThatThrownBy(() -> sink("/signon").write(credential()))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("AccessDeniedException")
        .hasMessageContaining("/signon/short-url-manager/PUBLISHING_API_BEARER_TOKEN")
        .hasMessageNotContaining(value.reveal());
  }

  @Test
  void unreachableServiceIsAFailureWithoutTheValue() {
    wm.stubFor(
        put()
            .willReturn(
                okJson("{}")
                    .withFault(
                        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> sink("/signon").write(credential()))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("could not be reached")
        .hasMessageNotContaining(value.reveal());
  }

  @Test
  void prefixWithCharactersAParameterNameCannotHaveIsRefused() {
    assertThatThrownBy(() -> sink("/signon prod"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namePrefix");
  }
}
