package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.rotation.ApiTokenHealth;
import dev.signon.core.rotation.RecordingSink;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.rotation.TokenRoute;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ApplicationToken;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRotationTest {
  static final String KEY = "visits/VISITS_BEARER_TOKEN";

  final RecordingSink sink = new RecordingSink();
  final RecordingSink other = new RecordingSink();
  final EngineFixture f =
      new EngineFixture(
          URI.create(EngineFixture.ISSUER),
          new InMemorySignonStore(),
          true,
          b ->
              b.tokenRotation(
                  TokenRotationSettings.builder()
                      .sink("recording", sink)
                      .sink("other", other)
                      .route(SecretRoute.of("visits@example.gov.uk", "visits", "recording"))
                      .build()));
  final Actor me = Actor.user(f.superadmin.uid());
  final User api = f.server.admin().createApiUser(me, "Visits", Email.of("visits@example.gov.uk"));
  final User unrouted =
      f.server.admin().createApiUser(me, "Reports", Email.of("reports@example.gov.uk"));

  NewApplicationToken token(User who, int days) {
    return f.server.applicationTokens().create(me, who.uid(), f.visits.id(), Duration.ofDays(days));
  }

  int status(String token) {
    return f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", token)).status();
  }

  ApplicationToken stored(NewApplicationToken t) {
    return f.store.transaction(tx -> tx.applicationTokens().find(t.token().id())).orElseThrow();
  }

  List<AuditEventType> auditTypes() {
    List<AuditEvent> events =
        new java.util.ArrayList<>(
            f.store.transaction(tx -> tx.audit().listBySubject(api.uid(), 100)));
    java.util.Collections.reverse(events); // oldest first
    return events.stream().map(AuditEvent::type).toList();
  }

  @Test
  void tokenDueByPolicyIsRotatedDeliveredAndCompletedByItsSuccessorsFirstUse() {
    NewApplicationToken old = token(api, 31);
    assertThat(f.server.housekeeping().run().tokens().rotated()).as("31 days left").isZero();
    assertThat(sink.values).isEmpty();

    f.clock.advance(Duration.ofDays(1).plusMinutes(1));
    Housekeeping.Report run = f.server.housekeeping().run();

    assertThat(run.tokens().rotated()).isEqualTo(1);
    assertThat(run.tokens().delivered()).isEqualTo(1);
    assertThat(sink.values).containsKey(KEY);
    String delivered = java.util.Objects.requireNonNull(sink.values.get(KEY));
    assertThat(delivered).isNotEqualTo(old.value().reveal());
    assertThat(sink.written.get(0).apiUser()).isEqualTo("visits@example.gov.uk");
    assertThat(sink.written.get(0).toString()).doesNotContain(delivered);
    TokenRotationState state = f.server.tokenRotations().rotationOf(old.token().id()).orElseThrow();
    assertThat(state.sealedValue()).as("wiped once delivered").isNull();
    assertThat(state.deliveredAt()).isNotNull();
    assertThat(status(old.value().reveal()))
        .as("the old token works until the new is used")
        .isEqualTo(200);

    assertThat(status(delivered)).isEqualTo(200);

    assertThat(status(old.value().reveal())).isEqualTo(401);
    assertThat(stored(old).revokedAt()).isNotNull();
    assertThat(f.server.tokenRotations().rotationOf(old.token().id()).orElseThrow().completedAt())
        .isNotNull();
    assertThat(auditTypes())
        .containsSubsequence(
            AuditEventType.APPLICATION_TOKEN_CREATED,
            AuditEventType.APPLICATION_TOKEN_CREATED,
            AuditEventType.APPLICATION_TOKEN_ROTATED,
            AuditEventType.APPLICATION_TOKEN_DELIVERED,
            AuditEventType.APPLICATION_TOKEN_REVOKED,
            AuditEventType.APPLICATION_TOKEN_ROTATION_COMPLETED);
    f.clock.advance(Duration.ofHours(2));
    assertThat(f.server.housekeeping().run().tokens().rotated()).as("rotated once").isZero();
  }

  @Test
  void failedDeliveryIsRetriedWithBackoffWithoutASecondSuccessor() {
    NewApplicationToken old = token(api, 20);
    sink.failNext(2);

    Housekeeping.Report first = f.server.housekeeping().run();
    assertThat(first.tokens().rotated()).isEqualTo(1);
    assertThat(first.tokens().delivered()).isZero();
    TokenRotationState failed =
        f.server.tokenRotations().rotationOf(old.token().id()).orElseThrow();
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.sealedValue()).as("kept, sealed, until delivered").isNotNull();
    assertThat(failed.sealedValue()).doesNotContain("visits");
    assertThat(failed.lastError()).contains("IllegalStateException");
    assertThat(failed.nextAttemptAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(1)));

    f.server.housekeeping().run();
    assertThat(sink.attempts).as("waits out the backoff").isEqualTo(1);
    f.clock.advance(Duration.ofMinutes(1));
    f.server.housekeeping().run();
    assertThat(sink.attempts).isEqualTo(2);
    assertThat(f.server.tokenRotations().rotationOf(old.token().id()).orElseThrow().nextAttemptAt())
        .as("doubled")
        .isEqualTo(f.clock.instant().plus(Duration.ofMinutes(2)));
    assertThat(f.server.tokenRotations().health().status())
        .as("a failing delivery is a warning")
        .isEqualTo(ApiTokenHealth.Status.WARNING);

    f.clock.advance(Duration.ofMinutes(2));
    assertThat(f.server.housekeeping().run().tokens().delivered()).isEqualTo(1);
    assertThat(sink.attempts).isEqualTo(3);
    assertThat(f.server.applicationTokens().list(api.uid()))
        .as("one successor, however many attempts")
        .hasSize(2);
    assertThat(auditTypes())
        .containsSubsequence(
            AuditEventType.APPLICATION_TOKEN_DELIVERY_FAILED,
            AuditEventType.APPLICATION_TOKEN_DELIVERY_FAILED,
            AuditEventType.APPLICATION_TOKEN_DELIVERED);
    assertThat(f.server.tokenRotations().rotationOf(old.token().id()).orElseThrow().sealedValue())
        .isNull();
  }

  @Test
  void unusedSuccessorLeavesTheOldTokenWorkingAndRaisesAnAlert() {
    NewApplicationToken old = token(api, 29);
    f.server.housekeeping().run();
    f.clock.advance(Duration.ofDays(7).plusMinutes(1));

    Housekeeping.Report later = f.server.housekeeping().run();

    assertThat(later.tokens().stalled()).isEqualTo(1);
    assertThat(later.rotationsCompleted()).as("not revoked at grace").isZero();
    assertThat(status(old.value().reveal())).isEqualTo(200);
    assertThat(auditTypes()).contains(AuditEventType.APPLICATION_TOKEN_ROTATION_STALLED);
    ApiTokenHealth health = f.server.tokenRotations().health();
    assertThat(health.status()).isEqualTo(ApiTokenHealth.Status.WARNING);
    assertThat(health.tokens())
        .filteredOn(t -> t.token().equals(old.token().id()))
        .singleElement()
        .satisfies(t -> assertThat(t.rotation()).isEqualTo("stalled"));
    f.clock.advance(Duration.ofHours(2));
    assertThat(f.server.housekeeping().run().tokens().stalled()).as("raised once").isZero();
  }

  @Test
  void manualPolicyKeepsATokenFromRotating() {
    NewApplicationToken t = token(api, 10);
    f.server.tokenRotations().setPolicy(me, t.token().id(), RotationPolicy.manual());

    assertThat(f.server.housekeeping().run().tokens().rotated()).isZero();
    assertThat(f.server.tokenRotations().policy(t.token().id())).isEqualTo(RotationPolicy.manual());
    assertThat(auditTypes()).contains(AuditEventType.APPLICATION_TOKEN_ROTATION_POLICY_SET);
  }

  @Test
  void everyPolicyRotatesByAgeAndTheSuccessorInheritsIt() {
    NewApplicationToken t = token(api, 700);
    f.server
        .tokenRotations()
        .setPolicy(me, t.token().id(), RotationPolicy.every(Duration.ofDays(90)));
    f.clock.advance(Duration.ofDays(89));
    assertThat(f.server.housekeeping().run().tokens().rotated()).isZero();
    f.clock.advance(Duration.ofDays(1));
    assertThat(f.server.housekeeping().run().tokens().rotated()).isEqualTo(1);
    TokenRotationState r = f.server.tokenRotations().rotationOf(t.token().id()).orElseThrow();
    assertThat(f.server.tokenRotations().policy(r.successor()))
        .isEqualTo(RotationPolicy.every(Duration.ofDays(90)));
  }

  @Test
  void healthIsOkWarningOrCriticalByTheSoonestTokenThatWillNotRotateItself() {
    token(unrouted, 400);
    assertThat(f.server.tokenRotations().health().status()).isEqualTo(ApiTokenHealth.Status.OK);

    token(unrouted, 30);
    assertThat(f.server.tokenRotations().health().status())
        .isEqualTo(ApiTokenHealth.Status.WARNING);

    token(api, 5); // routed: rotates itself, so not a problem
    assertThat(f.server.tokenRotations().health().status())
        .isEqualTo(ApiTokenHealth.Status.WARNING);

    NewApplicationToken soon = token(unrouted, 7);
    ApiTokenHealth health = f.server.tokenRotations().health();
    assertThat(health.status()).isEqualTo(ApiTokenHealth.Status.CRITICAL);
    assertThat(health.tokens()).hasSize(4);
    assertThat(health.tokens().get(0).apiUser()).isEqualTo("visits@example.gov.uk");
    assertThat(health.tokens().get(0).rotatesItself()).isTrue();
    assertThat(health.tokens().get(1).token()).isEqualTo(soon.token().id());

    String json = f.server.tokenRotations().healthResponse().body();
    assertThat(json)
        .contains("\"status\":\"critical\"")
        .contains("\"api_user\":\"reports@example.gov.uk\"")
        .contains("\"application\":\"Prison visits\"")
        .contains("\"last_used_at\":null")
        .doesNotContain(soon.value().reveal());
  }

  @Test
  void expiryNoticesGoAt30147And1DaysOnceEachForTokensThatWillNotRotate() {
    token(unrouted, 31);
    token(api, 31); // rotates itself: never emailed
    Email to = Email.of("reports@example.gov.uk");

    assertThat(f.server.tokenRotations().sendExpiryNotices()).isZero();
    f.clock.advance(Duration.ofDays(1));
    assertThat(f.server.tokenRotations().sendExpiryNotices()).isEqualTo(1);
    EmailMessage first = f.mail.lastTo(to).orElseThrow();
    assertThat(first.subject()).contains("Prison visits").contains("in 30 days");
    assertThat(f.server.tokenRotations().sendExpiryNotices()).as("once").isZero();

    f.clock.advance(Duration.ofDays(20)); // 10 days left: the 14-day notice, late but once
    assertThat(f.server.tokenRotations().sendExpiryNotices()).isEqualTo(1);
    assertThat(f.mail.lastTo(to).orElseThrow().subject()).contains("in 10 days");
    f.clock.advance(Duration.ofDays(3));
    assertThat(f.server.tokenRotations().sendExpiryNotices()).isEqualTo(1); // 7
    f.clock.advance(Duration.ofDays(6));
    assertThat(f.server.tokenRotations().sendExpiryNotices()).isEqualTo(1); // 1
    f.clock.advance(Duration.ofHours(12));
    assertThat(f.server.tokenRotations().sendExpiryNotices()).isZero();
    assertThat(f.mail.sent()).filteredOn(m -> m.to().equals(to)).hasSize(4);
    assertThat(f.mail.sent()).noneMatch(m -> m.to().equals(Email.of("visits@example.gov.uk")));
  }

  @Test
  void successorRevokedBeforeDeliveryLeavesTheOldTokenToAPersonAndWarns() {
    NewApplicationToken old = token(api, 20);
    sink.failNext(1);
    f.server.housekeeping().run();
    TokenRotationState r = f.server.tokenRotations().rotationOf(old.token().id()).orElseThrow();
    f.server.applicationTokens().revoke(me, r.successor());
    f.clock.advance(Duration.ofMinutes(1));

    f.server.housekeeping().run();

    assertThat(sink.values).as("nothing worth delivering").isEmpty();
    TokenRotationState ended = f.server.tokenRotations().rotationOf(old.token().id()).orElseThrow();
    assertThat(ended.sealedValue()).isNull();
    assertThat(ended.completedAt()).isNotNull();
    assertThat(status(old.value().reveal())).isEqualTo(200);
    ApiTokenHealth health = f.server.tokenRotations().health();
    assertThat(health.status()).isEqualTo(ApiTokenHealth.Status.WARNING);
    assertThat(health.tokens().get(0).rotatesItself()).isFalse();
    assertThat(f.mail.sent())
        .as("its API user was told, once the rotation stopped going well")
        .filteredOn(m -> m.to().equals(Email.of("visits@example.gov.uk")))
        .hasSize(1);
  }

  @Test
  void aTokensOwnRouteWinsOverTheConfiguredOneAndCarriesToItsSuccessor() {
    NewApplicationToken old = token(api, 20);
    TokenRoute own = new TokenRoute("other", "apps/visits", "TOKEN");
    f.server.tokenRotations().setRoute(me, old.token().id(), own);

    assertThat(f.server.housekeeping().run().tokens().delivered()).isEqualTo(1);

    assertThat(sink.values).as("not the configured route").isEmpty();
    assertThat(other.values).containsKey("apps/visits/TOKEN");
    TokenRotationState r = f.server.tokenRotations().rotationOf(old.token().id()).orElseThrow();
    assertThat(r.sink()).isEqualTo("other");
    assertThat(f.server.tokenRotations().ownRoute(r.successor())).contains(own);
    assertThat(f.server.tokenRotations().route(r.successor()).orElseThrow().target())
        .isEqualTo("apps/visits");
    assertThat(auditTypes()).contains(AuditEventType.APPLICATION_TOKEN_ROTATION_POLICY_SET);
  }

  @Test
  void aClearedRouteFallsBackToTheConfiguredOne() {
    NewApplicationToken old = token(api, 20);
    f.server
        .tokenRotations()
        .setRoute(me, old.token().id(), new TokenRoute("other", "apps", "TOKEN"));
    f.server.tokenRotations().setRoute(me, old.token().id(), null);

    f.server.housekeeping().run();

    assertThat(f.server.tokenRotations().ownRoute(old.token().id())).isEmpty();
    assertThat(other.values).isEmpty();
    assertThat(sink.values).containsKey(KEY);
  }

  @Test
  void aRouteGivesATokenWithoutAConfiguredRouteARotation() {
    NewApplicationToken t = token(unrouted, 20);
    f.server.tokenRotations().setRoute(me, t.token().id(), new TokenRoute("other", "r", "K"));

    assertThat(f.server.housekeeping().run().tokens().rotated()).isEqualTo(1);
    assertThat(other.values).containsKey("r/K");
  }

  @Test
  void aRouteToASinkTheHostHasNotConfiguredIsRefused() {
    NewApplicationToken t = token(api, 20);

    assertThatThrownBy(
            () ->
                f.server
                    .tokenRotations()
                    .setRoute(me, t.token().id(), new TokenRoute("s3", "apps", "TOKEN")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no sink named 's3'");
    assertThat(f.server.tokenRotations().ownRoute(t.token().id())).isEmpty();
  }

  @Test
  void onlyASuperadminSetsARoute() {
    NewApplicationToken t = token(api, 20);

    assertThatThrownBy(
            () ->
                f.server
                    .tokenRotations()
                    .setRoute(
                        Actor.user(api.uid()), t.token().id(), new TokenRoute("other", "a", "K")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(f.server.tokenRotations().ownRoute(t.token().id())).isEmpty();
  }
}
