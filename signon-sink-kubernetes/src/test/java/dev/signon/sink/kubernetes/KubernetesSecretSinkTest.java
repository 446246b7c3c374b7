package dev.signon.sink.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.admin.Housekeeping;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesSecretSinkTest {
  static final String NS = "apps";
  static final String KEY = "VISITS_BEARER_TOKEN";

  @SuppressWarnings("NullAway.Init") // the mock server's extension injects it
  KubernetesClient client;

  final SecureRandom random = new SecureRandom();

  String read(String secret, String key) {
    Secret s = client.secrets().inNamespace(NS).withName(secret).get();
    assertThat(s).as("secret " + secret).isNotNull();
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  Credential credential(String target, String key, TokenValue value) {
    return new Credential(
        "visits@example.gov.uk",
        "Prison visits",
        target,
        key,
        value,
        Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void createsTheSecretWithOneKeyPerCredentialAndKeepsOtherKeys() {
    SecretSink sink = KubernetesSecretSink.create(client, NS);
    TokenValue first = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);
    TokenValue other = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);
    TokenValue second = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);

    sink.write(credential("visits", KEY, first));
    sink.write(credential("visits", "PUBLISHING_API_BEARER_TOKEN", other));
    sink.write(credential("visits", KEY, second));

    assertThat(read("visits", KEY)).isEqualTo(second.reveal());
    assertThat(read("visits", "PUBLISHING_API_BEARER_TOKEN")).isEqualTo(other.reveal());
    assertThat(client.secrets().inNamespace(NS).withName("visits").get().getMetadata().getLabels())
        .containsEntry(KubernetesSecretSink.MANAGED_BY, "signon");
  }

  @Test
  void addsItsKeyToASecretSomeoneElseMade() {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("visits")
                .endMetadata()
                .addToData(
                    "DATABASE_URL",
                    Base64.getEncoder()
                        .encodeToString("postgres://db".getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
    TokenValue value = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);

    KubernetesSecretSink.create(client, NS).write(credential("visits", KEY, value));

    assertThat(read("visits", KEY)).isEqualTo(value.reveal());
    Secret s = client.secrets().inNamespace(NS).withName("visits").get();
    assertThat(s.getData()).containsKey("DATABASE_URL");
  }

  @Test
  void nameKubernetesRefusesIsAFailureThatNamesItButNotTheValue() {
    TokenValue value = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);
    assertThatThrownBy(
            () ->
                KubernetesSecretSink.create(client, NS).write(credential("Visits_App", KEY, value)))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("Visits_App")
        .hasMessageNotContaining(value.reveal());
  }

  @Test
  void unreachableApiServerIsAFailureWithoutTheValue() {
    try (KubernetesClient dead =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:9")
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      TokenValue value = TokenValue.mint(random, TokenKind.APPLICATION_TOKEN);
      assertThatThrownBy(
              () -> KubernetesSecretSink.create(dead, NS).write(credential("visits", KEY, value)))
          .isInstanceOf(SignonFailureException.class)
          .hasMessageNotContaining(value.reveal());
    }
  }

  /** A sink that sends to an unreachable API server until switched to the mock server. */
  static final class Switchable implements SecretSink {
    SecretSink delegate;

    Switchable(SecretSink delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(Credential credential) {
      delegate.write(credential);
    }
  }

  @Test
  void wholeLoopRotatesDeliversToTheSecretAndCompletesOnFirstUse() {
    KubernetesClient dead =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:9")
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    Switchable sink = new Switchable(KubernetesSecretSink.create(dead, NS));
    EngineFixture f =
        new EngineFixture(
            URI.create(EngineFixture.ISSUER),
            new InMemorySignonStore(),
            true,
            b ->
                b.tokenRotation(
                    TokenRotationSettings.builder()
                        .sink("kubernetes", sink)
                        .route(SecretRoute.of("visits@example.gov.uk", "visits", "kubernetes"))
                        .build()));
    Actor me = Actor.user(f.superadmin.uid());
    User api = f.server.admin().createApiUser(me, "Visits", Email.of("visits@example.gov.uk"));
    NewApplicationToken old =
        f.server.applicationTokens().create(me, api.uid(), f.visits.id(), Duration.ofDays(31));
    assertThat(f.server.housekeeping().run().tokens().rotated()).isZero();

    // 30 days before expiry: the successor is issued, but the API server is down.
    f.clock.advance(Duration.ofDays(1));
    Housekeeping.Report down = f.server.housekeeping().run();
    assertThat(down.tokens().rotated()).isEqualTo(1);
    assertThat(down.tokens().delivered()).isZero();
    assertThat(client.secrets().inNamespace(NS).withName("visits").get()).isNull();

    // Back up: the next attempt after the backoff delivers the same successor.
    sink.delegate = KubernetesSecretSink.create(client, NS);
    f.clock.advance(Duration.ofMinutes(1));
    Housekeeping.Report up = f.server.housekeeping().run();
    assertThat(up.tokens().delivered()).isEqualTo(1);
    String delivered = read("visits", KEY);
    assertThat(delivered).isNotEqualTo(old.value().reveal());
    assertThat(f.server.applicationTokens().list(api.uid())).hasSize(2);

    // The consuming app picks it up: its first call ends the rotation.
    assertThat(userDetails(f, delivered)).isEqualTo(200);
    assertThat(userDetails(f, old.value().reveal())).isEqualTo(401);

    List<AuditEvent> events =
        new ArrayList<>(f.store.transaction(tx -> tx.audit().listBySubject(api.uid(), 100)));
    Collections.reverse(events);
    assertThat(events.stream().map(AuditEvent::type))
        .containsSubsequence(
            AuditEventType.APPLICATION_TOKEN_CREATED,
            AuditEventType.APPLICATION_TOKEN_ROTATED,
            AuditEventType.APPLICATION_TOKEN_DELIVERY_FAILED,
            AuditEventType.APPLICATION_TOKEN_DELIVERED,
            AuditEventType.APPLICATION_TOKEN_REVOKED,
            AuditEventType.APPLICATION_TOKEN_ROTATION_COMPLETED);
    assertThat(events).allSatisfy(e -> assertThat(e.detail()).doesNotContain(delivered));
    dead.close();
  }

  static int userDetails(EngineFixture f, String token) {
    return f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", token)).status();
  }
}
