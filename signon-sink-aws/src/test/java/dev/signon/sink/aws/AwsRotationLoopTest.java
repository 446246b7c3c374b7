package dev.signon.sink.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.signon.sink.aws.AwsStandIn.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.admin.Housekeeping;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.testing.TestProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * The host's rotation loop delivering to AWS stand-ins that refuse at first: the same successor is
 * delivered once the service takes it, no second token is issued, and no value reaches the logs
 * (the SDK's and the host's debug logs included).
 */
class AwsRotationLoopTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  static final JsonMapper JSON = JsonMapper.builder().build();

  static MappingBuilder put() {
    return AwsStandIn.operation("AmazonSSM.PutParameter");
  }

  static final String PARAMETER = "/signon/visits/VISITS_BEARER_TOKEN";

  final AwsStandIn aws = new AwsStandIn(wm);

  EngineFixture host(SecretSink sink) {
    return new EngineFixture(
        URI.create(EngineFixture.ISSUER),
        new InMemorySignonStore(),
        true,
        b ->
            b.tokenRotation(
                TokenRotationSettings.builder()
                    .sink("aws", sink)
                    .route(SecretRoute.of("visits@example.gov.uk", "visits", "aws"))
                    .build()));
  }

  record Rotating(EngineFixture f, User api, NewApplicationToken old) {}

  /** A token 31 days from expiry, then a day later: due for rotation. */
  static Rotating dueForRotation(EngineFixture f) {
    Actor me = Actor.user(f.superadmin.uid());
    User api = f.server.admin().createApiUser(me, "Visits", Email.of("visits@example.gov.uk"));
    NewApplicationToken old =
        f.server.applicationTokens().create(me, api.uid(), f.visits.id(), Duration.ofDays(31));
    f.clock.advance(Duration.ofDays(1));
    return new Rotating(f, api, old);
  }

  static String valueIn(LoggedRequest put) {
    return JSON.readTree(put.getBodyAsString()).get("Value").asString();
  }

  /** Runs {@code job} with standard error (where the simple logger writes) captured. */
  static <T> T capturingLogs(StringBuilder logs, Supplier<T> job) {
    PrintStream err = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return job.get();
    } finally {
      System.setErr(err);
      logs.append(out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void throttlingOutlastingTheClientsRetriesIsRetriedByTheHostWithTheSameToken() {
    wm.stubFor(put().willReturn(error(400, "ThrottlingException", "Rate exceeded")));
    Rotating r =
        dueForRotation(
            host(SsmParameterSink.create(aws.ssm(AwsStandIn.quickRetries(2)), "/signon")));
    EngineFixture f = r.f();

    Housekeeping.Report throttled = f.server.housekeeping().run();
    assertThat(throttled.tokens().rotated()).isEqualTo(1);
    assertThat(throttled.tokens().delivered()).isZero();
    List<LoggedRequest> attempts = aws.all("AmazonSSM.PutParameter");
    assertThat(attempts).hasSize(2); // the client's own retry
    String offered = valueIn(attempts.get(0));
    assertThat(valueIn(attempts.get(1))).isEqualTo(offered);

    // Not before the backoff: nothing is sent.
    assertThat(f.server.housekeeping().run().tokens().delivered()).isZero();
    assertThat(aws.all("AmazonSSM.PutParameter")).hasSize(2);

    wm.stubFor(put().willReturn(okJson("{\"Version\":1}")));
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(f.server.housekeeping().run().tokens().delivered()).isEqualTo(1);

    List<LoggedRequest> all = aws.all("AmazonSSM.PutParameter");
    assertThat(all).hasSize(3);
    assertThat(valueIn(all.get(2))).isEqualTo(offered);
    assertThat(JSON.readTree(all.get(2).getBodyAsString()).get("Name").asString())
        .isEqualTo(PARAMETER);
    assertThat(f.server.applicationTokens().list(r.api().uid())).hasSize(2);
    assertThat(f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", offered)).status())
        .isEqualTo(200);
  }

  @Test
  void accessDeniedKeepsTheSealedValueForRetryAndNeverLogsIt() {
    wm.stubFor(
        AwsStandIn.operation("secretsmanager.GetSecretValue")
            .willReturn(error(400, "AccessDeniedException", "not authorized")));
    Rotating r =
        dueForRotation(host(SecretsManagerSink.create(aws.secretsManager(AwsStandIn.noRetries()))));
    EngineFixture f = r.f();
    StringBuilder logs = new StringBuilder();

    Housekeeping.Report denied = capturingLogs(logs, () -> f.server.housekeeping().run());
    assertThat(denied.tokens().delivered()).isZero();
    TokenRotationState state =
        f.server.tokenRotations().rotationOf(r.old().token().id()).orElseThrow();
    assertThat(state.pending()).isTrue();
    assertThat(state.sealedValue()).isNotNull();
    assertThat(state.attempts()).isEqualTo(1);
    assertThat(state.lastError()).contains("AccessDeniedException");
    assertThat(state.nextAttemptAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(1)));

    // The policy is fixed: the next attempt writes the successor that was kept.
    wm.stubFor(
        AwsStandIn.operation("secretsmanager.GetSecretValue")
            .willReturn(
                error(400, "ResourceNotFoundException", "Secrets Manager can't find the secret.")));
    wm.stubFor(
        AwsStandIn.operation("secretsmanager.CreateSecret")
            .willReturn(okJson("{\"Name\":\"visits\",\"VersionId\":\"v1\"}")));
    f.clock.advance(Duration.ofMinutes(1));
    Housekeeping.Report up = capturingLogs(logs, () -> f.server.housekeeping().run());
    assertThat(up.tokens().delivered()).isEqualTo(1);

    String body = aws.only("secretsmanager.CreateSecret").getBodyAsString();
    String delivered =
        JSON.readTree(JSON.readTree(body).get("SecretString").asString())
            .get("VISITS_BEARER_TOKEN")
            .asString();
    assertThat(f.server.applicationTokens().list(r.api().uid())).hasSize(2);
    assertThat(
            f.server.tokenRotations().rotationOf(r.old().token().id()).orElseThrow().sealedValue())
        .isNull();
    assertThat(logs).isNotEmpty().doesNotContain(delivered);
    assertThat(logs.toString()).contains("AccessDeniedException");
  }
}
