package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.rotation.ClientSecretDelivery;
import dev.signon.core.rotation.ClientSecretRoute;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application's client secret, rotated and delivered to the directory-of-files sink its route
 * names; a failing sink is retried with the same secret, which is never logged or audited.
 */
class ClientSecretDeliveryTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path dir;

  static Stream<String> stores() {
    return Stream.of("memory", "jdbc");
  }

  /** The files sink, failing while {@code down}. */
  static final class Flaky implements SecretSink {
    final SecretSink files;
    boolean down;

    Flaky(SecretSink files) {
      this.files = files;
    }

    @Override
    public void write(Credential credential) {
      if (down) {
        throw new IllegalStateException("disk full");
      }
      files.write(credential);
    }
  }

  EngineFixture host(String kind, Flaky sink) {
    SignonStore store =
        kind.equals("memory")
            ? new InMemorySignonStore()
            : JdbcSignonStore.embedded(dir.resolve("db-" + UUID.randomUUID()));
    return new EngineFixture(
        URI.create(EngineFixture.ISSUER),
        store,
        true,
        b ->
            b.tokenRotation(
                TokenRotationSettings.builder()
                    .sink("files", sink)
                    .clientSecretRoute(ClientSecretRoute.of("visits", "files"))
                    .build()));
  }

  Path file() {
    return dir.resolve("secrets").resolve("visits").resolve(ClientSecretRoute.DEFAULT_KEY);
  }

  List<AuditEvent> events(EngineFixture f) {
    return f.store.transaction(tx -> tx.audit().listRecent(50));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void rotatedSecretIsWrittenToTheRoutedSinkAtOnce(String kind) throws Exception {
    Flaky sink = new Flaky(SecretSink.directory(dir.resolve("secrets")));
    EngineFixture f = host(kind, sink);
    Actor me = Actor.user(f.superadmin.uid());

    RotatedClientSecret r = f.server.tokenRotations().rotateClientSecret(me, f.visits.id());

    assertThat(Files.readString(file(), StandardCharsets.UTF_8))
        .isEqualTo(r.secret().value().reveal());
    assertThat(r.delivery()).hasValueSatisfying(d -> assertThat(d.deliveredAt()).isNotNull());
    assertThat(r.delivery().orElseThrow().sealedValue()).isNull();
    String stored =
        f.server
            .store()
            .transaction(tx -> tx.applications().find(f.visits.id()).orElseThrow())
            .clientSecretHash();
    assertThat(stored).isEqualTo(r.secret().hash());
    assertThat(events(f).stream().map(AuditEvent::type))
        .contains(AuditEventType.APPLICATION_UPDATED, AuditEventType.CLIENT_SECRET_DELIVERED);
    f.store.close();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void failingSinkKeepsTheSecretSealedAndTheHousekeepingRetriesIt(String kind) throws Exception {
    Flaky sink = new Flaky(SecretSink.directory(dir.resolve("secrets")));
    sink.down = true;
    EngineFixture f = host(kind, sink);
    Actor me = Actor.user(f.superadmin.uid());

    RotatedClientSecret r = f.server.tokenRotations().rotateClientSecret(me, f.visits.id());
    String value = r.secret().value().reveal();

    ClientSecretDelivery pending = r.delivery().orElseThrow();
    assertThat(pending.pending()).isTrue();
    assertThat(pending.sealedValue()).isNotNull().doesNotContain(value);
    assertThat(pending.attempts()).isEqualTo(1);
    assertThat(pending.lastError()).contains("disk full").doesNotContain(value);
    assertThat(pending.nextAttemptAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(Files.exists(file())).isFalse();

    // Before the backoff nothing is tried; after it, the same secret is written.
    sink.down = false;
    assertThat(f.server.tokenRotations().deliverPending()).isZero();
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(f.server.housekeeping().run().tokens().delivered()).isEqualTo(1);

    assertThat(Files.readString(file(), StandardCharsets.UTF_8)).isEqualTo(value);
    ClientSecretDelivery done =
        f.server.tokenRotations().clientSecretDelivery(f.visits.id()).orElseThrow();
    assertThat(done.deliveredAt()).isNotNull();
    assertThat(done.sealedValue()).isNull();
    assertThat(done.toString()).doesNotContain(value);
    assertThat(events(f).stream().map(AuditEvent::type))
        .contains(
            AuditEventType.CLIENT_SECRET_DELIVERY_FAILED, AuditEventType.CLIENT_SECRET_DELIVERED);
    assertThat(events(f)).allSatisfy(e -> assertThat(e.detail()).doesNotContain(value));
    f.store.close();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void applicationWithoutAClientSecretIsRefused(String kind) {
    Flaky sink = new Flaky(SecretSink.directory(dir.resolve("secrets")));
    EngineFixture f = host(kind, sink);
    ApplicationId other = f.publicApp.id();
    assertThat(other).isNotEqualTo(f.visits.id());

    assertThatThrownBy(
            () ->
                f.server.tokenRotations().rotateClientSecret(Actor.user(f.superadmin.uid()), other))
        .isInstanceOf(InvalidInputException.class);
    assertThat(f.server.tokenRotations().clientSecretDelivery(other)).isEmpty();
    f.store.close();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void onlyASuperadminRotatesAClientSecret(String kind) {
    Flaky sink = new Flaky(SecretSink.directory(dir.resolve("secrets")));
    EngineFixture f = host(kind, sink);
    User api =
        f.server
            .admin()
            .createApiUser(
                Actor.user(f.superadmin.uid()), "Robot", Email.of("robot@example.gov.uk"));

    assertThatThrownBy(
            () ->
                f.server.tokenRotations().rotateClientSecret(Actor.user(api.uid()), f.visits.id()))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(Files.exists(file())).isFalse();
    assertThat(f.server.tokenRotations().clientSecretDelivery(f.visits.id())).isEmpty();
    f.store.close();
  }
}
