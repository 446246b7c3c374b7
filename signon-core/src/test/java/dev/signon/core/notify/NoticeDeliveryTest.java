package dev.signon.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.signin.Origin;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox and the delivery worker over the in-memory store, with a fake sender in place of HTTP:
 * what each admin change sends, retries, order, giving up, and nothing from a change that did not
 * commit.
 */
class NoticeDeliveryTest {
  /** Records what it is asked to send; answers {@code status}, or fails while {@code down}. */
  static final class FakeSender implements NoticeSender {
    final List<NoticeRequest> sent = new ArrayList<>();
    int status = 200;
    boolean down;

    @Override
    public int send(NoticeRequest request) throws IOException {
      if (down) {
        throw new IOException("connection refused");
      }
      sent.add(request);
      return status;
    }
  }

  final FakeSender sender = new FakeSender();
  EngineFixture f;
  Application visits;

  @BeforeEach
  void setUp() {
    f =
        new EngineFixture(
            URI.create(EngineFixture.ISSUER),
            new dev.signon.core.store.memory.InMemorySignonStore(),
            true,
            b ->
                b.noticeSender(sender)
                    .noticeSettings(
                        NoticeSettings.defaults()
                            .withRetries(Duration.ofSeconds(10), Duration.ofMinutes(5))
                            .withGiveUpAfter(Duration.ofHours(1))));
    visits =
        f.server
            .admin()
            .updateApplication(
                Actor.host(),
                f.visits.toBuilder()
                    .supportsPushUpdates(true)
                    .backchannelLogout(URI.create("https://visits.example/logout"), false)
                    .build());
  }

  private NoticeDelivery.Report deliver() {
    return f.server.noticeDelivery().deliverDue();
  }

  private List<Notice> outbox() {
    return f.store.transaction(tx -> tx.notices().list(100));
  }

  private String userPath() {
    return "https://visits.example/auth/gds/api/users/" + f.joe.uid();
  }

  @Test
  void suspendThenReauthPushWithTheHostsOwnTokenHoldingUserUpdatePermission() {
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");

    NoticeDelivery.Report report = deliver();

    assertThat(report.delivered()).isEqualTo(1);
    assertThat(sender.sent).hasSize(1);
    NoticeRequest r = sender.sent.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri()).isEqualTo(URI.create(userPath() + "/reauth"));
    TokenValue bearer = java.util.Objects.requireNonNull(r.bearer(), "a bearer token");
    ApplicationToken stored =
        f.store.transaction(tx -> tx.applicationTokens().findByHash(bearer.hash())).orElseThrow();
    assertThat(stored.application()).isEqualTo(visits.id());
    assertThat(
            f.server
                .admin()
                .permissions(stored.apiUser(), "visits")
                .has(PushCredentials.UPDATE_PERMISSION))
        .isTrue();
    assertThat(r.toString()).doesNotContain(bearer.reveal());
    assertThat(outbox()).isEmpty();
  }

  @Test
  void grantChangeThenUserUpdatePushWithTheNewPermissions() {
    f.server
        .admin()
        .setRoles(Actor.host(), visits.id(), Grantee.user(f.joe.uid()), Set.of("signin"));

    deliver();

    assertThat(sender.sent).hasSize(1);
    NoticeRequest r = sender.sent.get(0);
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.uri()).isEqualTo(URI.create(userPath()));
    Map<?, ?> user =
        (Map<?, ?>)
            java.util.Objects.requireNonNull(
                EngineFixture.JSON.readValue(r.body(), Map.class).get("user"));
    assertThat(user.get("uid")).isEqualTo(f.joe.uid().toString());
    assertThat(user.get("permissions")).isEqualTo(List.of("signin"));
    assertThat(user.get("disabled")).isEqualTo(false);
  }

  @Test
  void severalPushesToOnePersonAndApplicationThenSentInOrderOfTheChanges() {
    f.server
        .admin()
        .updateUser(Actor.host(), f.joe.uid(), "Joseph Bloggs", f.joe.email(), f.moj.id());
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");

    deliver();

    assertThat(sender.sent).extracting(NoticeRequest::method).containsExactly("PUT", "POST");
  }

  @Test
  void applicationWithoutPushesThenNoPush() {
    f.server
        .admin()
        .updateApplication(Actor.host(), visits.toBuilder().supportsPushUpdates(false).build());

    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");

    assertThat(outbox()).isEmpty();
  }

  @Test
  void changeRefusedThenNoNotice() {
    assertThatThrownBy(
            () -> f.server.admin().suspend(Actor.user(f.joe.uid()), f.superadmin.uid(), "coup"))
        .isInstanceOf(AccessDeniedException.class);

    assertThat(outbox()).isEmpty();
    assertThat(deliver().delivered()).isZero();
    assertThat(sender.sent).isEmpty();
  }

  @Test
  void transactionRolledBackAfterWritingNoticesThenNoneSent() {
    Outbox outbox = Outbox.create(f.random);
    assertThatThrownBy(
            () ->
                f.store.transaction(
                    tx -> {
                      outbox.signOutEverywhere(tx, f.joe.uid(), f.clock.instant());
                      throw new IllegalStateException("the change failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    deliver();

    assertThat(sender.sent).isEmpty();
  }

  @Test
  void applicationDownThenRetriedAfterTheBackoffAndDeliveredOnce() {
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");
    sender.down = true;

    assertThat(deliver().retried()).isEqualTo(1);
    Notice waiting = outbox().get(0);
    assertThat(waiting.attempts()).isEqualTo(1);
    // The first retry waits between half of and the whole first delay (10 seconds).
    assertThat(Duration.between(f.clock.instant(), waiting.dueAt()))
        .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    sender.down = false;

    assertThat(deliver().delivered()).isZero();
    f.clock.advance(Duration.ofSeconds(10));
    assertThat(deliver().delivered()).isEqualTo(1);
    f.clock.advance(Duration.ofMinutes(10));
    deliver();

    assertThat(sender.sent).hasSize(1);
  }

  @Test
  void backoffDoublesUpToTheCapWithJitter() {
    NoticeDelivery d = f.server.noticeDelivery();

    assertThat(d.backoff(1)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    assertThat(d.backoff(3)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(40));
    assertThat(d.backoff(40))
        .isBetween(Duration.ofMinutes(2).plusSeconds(30), Duration.ofMinutes(5));
  }

  @Test
  void applicationAnswersErrorPastTheGiveUpTimeThenAbandonedAndAudited() {
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");
    sender.status = 500;
    deliver();
    f.clock.advance(Duration.ofHours(1));

    NoticeDelivery.Report report = deliver();

    assertThat(report.abandoned()).isEqualTo(1);
    assertThat(outbox()).isEmpty();
    List<AuditEvent> audit = f.store.transaction(tx -> tx.audit().listBySubject(f.joe.uid(), 100));
    assertThat(audit)
        .filteredOn(e -> e.type() == AuditEventType.NOTICE_ABANDONED)
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("reauth", "HTTP 500"));
  }

  @Test
  void applicationsOwnGiveUpTimeThenAbandonedAfterItNotTheHostDefault() {
    f.server
        .admin()
        .updateApplication(
            Actor.host(), visits.toBuilder().noticeGiveUpAfter(Duration.ofMinutes(10)).build());
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");
    sender.down = true;
    assertThat(deliver().retried()).isEqualTo(1);
    f.clock.advance(Duration.ofMinutes(9));
    assertThat(deliver().abandoned()).isZero();

    f.clock.advance(Duration.ofMinutes(1));
    NoticeDelivery.Report report = deliver();

    assertThat(report.abandoned()).isEqualTo(1);
    assertThat(outbox()).isEmpty();
    List<AuditEvent> audit = f.store.transaction(tx -> tx.audit().listBySubject(f.joe.uid(), 100));
    assertThat(audit)
        .filteredOn(e -> e.type() == AuditEventType.NOTICE_ABANDONED)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.application()).isEqualTo(visits.id());
              assertThat(e.detail()).contains("reauth", "IOException");
            });
  }

  @Test
  void applicationWithLongerGiveUpTimeThenStillRetriedPastTheHostDefault() {
    f.server
        .admin()
        .updateApplication(
            Actor.host(), visits.toBuilder().noticeGiveUpAfter(Duration.ofHours(6)).build());
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");
    sender.down = true;
    deliver();

    f.clock.advance(Duration.ofHours(2));

    assertThat(deliver().retried()).isEqualTo(1);
    assertThat(outbox()).hasSize(1);
  }

  @Test
  void applicationUnderAContextPathThenPushesGoBelowItsPath() {
    f.server
        .admin()
        .updateApplication(
            Actor.host(),
            visits.toBuilder()
                .redirectUris(
                    List.of(
                        dev.signon.core.application.RedirectUri.of(
                            "https://apps.example/visits/auth/signon/callback")))
                .serviceUri(URI.create("https://apps.example/visits/home"))
                .build());
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");

    deliver();

    assertThat(sender.sent)
        .singleElement()
        .extracting(NoticeRequest::uri)
        .isEqualTo(
            URI.create(
                "https://apps.example/visits/auth/gds/api/users/" + f.joe.uid() + "/reauth"));
  }

  @Test
  void applicationWithExplicitPushBaseThenPushesGoThere() {
    f.server
        .admin()
        .updateApplication(
            Actor.host(),
            visits.toBuilder().pushBaseUri(URI.create("https://internal.example/v/")).build());
    f.server
        .admin()
        .setRoles(Actor.host(), visits.id(), Grantee.user(f.joe.uid()), Set.of("signin"));

    deliver();

    assertThat(sender.sent)
        .singleElement()
        .extracting(NoticeRequest::uri)
        .isEqualTo(URI.create("https://internal.example/v/auth/gds/api/users/" + f.joe.uid()));
  }

  @Test
  void applicationWithCallbackAtItsRootThenPushesGoToTheServiceOrigin() {
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");

    deliver();

    assertThat(sender.sent.get(0).uri()).isEqualTo(URI.create(userPath() + "/reauth"));
  }

  @Test
  void hostSessionEndsThenSignedLogoutTokenWithTheSessionsSid() throws Exception {
    TokenHash session = TokenHash.of("a-session");
    UUID family = UUID.randomUUID();
    Outbox outbox = Outbox.create(f.random);
    f.store.transaction(
        tx -> {
          outbox.sessionUsed(tx, session, f.joe.uid(), visits.id(), family, f.clock.instant());
          return null;
        });

    // The session is not in the store, as after an idle purge: the worker finds the use.
    NoticeDelivery.Report report = deliver();

    assertThat(report.endedSessions()).isEqualTo(1);
    assertThat(sender.sent).hasSize(1);
    NoticeRequest r = sender.sent.get(0);
    assertThat(r.uri()).isEqualTo(URI.create("https://visits.example/logout"));
    assertThat(r.bearer()).isNull();
    assertThat(r.body()).startsWith("logout_token=");
    SignedJWT jwt =
        SignedJWT.parse(
            URLDecoder.decode(
                r.body().substring("logout_token=".length()), StandardCharsets.UTF_8));
    assertThat(jwt.getHeader().getType().toString()).isEqualTo("logout+jwt");
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(EngineFixture.ISSUER);
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("visits");
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(f.joe.uid().toString());
    assertThat(jwt.getJWTClaimsSet().getStringClaim("sid")).isEqualTo(Outbox.sid(session));
    assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
    assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("events"))
        .containsKey("http://schemas.openid.net/event/backchannel-logout");
    assertThat(jwt.getJWTClaimsSet().getClaim("nonce")).isNull();
  }

  @Test
  void idTokenCarriesTheSidOfTheHostSessionAndItsEndSendsTheSameSid() throws Exception {
    TokenHash session = TokenHash.of("joes-session");
    f.gate.signIn(f.joe, f.clock.instant(), session);

    String idToken = EngineFixture.json(f.exchange(f.code())).get("id_token").asString();

    String sid = SignedJWT.parse(idToken).getJWTClaimsSet().getStringClaim("sid");
    assertThat(sid).isEqualTo(Outbox.sid(session));
    Outbox outbox = Outbox.create(f.random);
    f.store.transaction(
        tx -> {
          outbox.sessionEnded(tx, session, f.clock.instant());
          return null;
        });
    assertThat(outbox()).singleElement().satisfies(n -> assertThat(n.sid()).isEqualTo(sid));
  }

  @Test
  void withoutAHostSessionTheIdTokenHasNoSid() throws Exception {
    f.gate.signIn(f.joe, f.clock.instant());

    String idToken = EngineFixture.json(f.exchange(f.code())).get("id_token").asString();

    assertThat(SignedJWT.parse(idToken).getJWTClaimsSet().getClaim("sid")).isNull();
  }

  @Test
  void twoStepResetThenReauthAndLogoutOfTheSessionsUsed() {
    Outbox outbox = Outbox.create(f.random);
    f.store.transaction(
        tx -> {
          outbox.sessionUsed(
              tx,
              TokenHash.of("s"),
              f.joe.uid(),
              visits.id(),
              UUID.randomUUID(),
              f.clock.instant());
          return null;
        });

    f.server.admin().resetTwoStep(Actor.host(), f.joe.uid(), Origin.unknown());

    assertThat(outbox())
        .extracting(Notice::kind)
        .containsExactlyInAnyOrder(NoticeKind.REAUTH, NoticeKind.BACKCHANNEL_LOGOUT);
  }

  @Test
  void pushTokenIsReusedAcrossDeliveries() {
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");
    deliver();
    f.server.admin().unsuspend(Actor.host(), f.joe.uid());
    deliver();

    assertThat(sender.sent).hasSize(2);
    assertThat(sender.sent.get(0).bearer()).isEqualTo(sender.sent.get(1).bearer());
    java.util.Optional<dev.signon.core.directory.User> pushUser =
        f.store.transaction(tx -> tx.users().findByEmail(Email.of("push@signon.invalid")));
    assertThat(pushUser).isPresent();
  }
}
