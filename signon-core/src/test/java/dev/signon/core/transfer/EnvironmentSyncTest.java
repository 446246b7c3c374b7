package dev.signon.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.testing.MutableClock;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A staging host's scheduled pull of production's directory, on the clock the test controls. */
class EnvironmentSyncTest {
  final EngineFixture production = new EngineFixture();
  // Staging starts empty (the runbook's first sync brings production's applications and ids), then
  // gets accounts of its own.
  final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
  final InMemorySignonStore stagingStore = new InMemorySignonStore();
  final SignonServer staging =
      SignonServer.builder()
          .issuer(URI.create("https://signon.staging.example.gov.uk"))
          .store(stagingStore)
          .clock(clock)
          .keyEncryptionKey(KeyEncryptionKey.generate(new SecureRandom()))
          .build();
  final AtomicInteger fetches = new AtomicInteger();

  final DirectorySource source =
      () -> {
        fetches.incrementAndGet();
        return DirectoryTransfer.builder()
            .store(production.store)
            .clock(production.clock)
            .random(production.random)
            .build()
            .exportJson();
      };

  EnvironmentSync sync(DirectorySource from) {
    return EnvironmentSync.create(
        stagingStore, clock, new SecureRandom(), SyncSchedule.daily(LocalTime.of(5, 30)), from);
  }

  boolean stagingHas(String email) {
    return stagingStore.transaction(tx -> tx.users().findByEmail(Email.of(email))).isPresent();
  }

  @Test
  void eachSlotIsSyncedOnceAcrossInstancesAndStagingsOwnAccountsStay() {
    production
        .server
        .admin()
        .createApiUser(
            Actor.user(production.superadmin.uid()),
            "Publisher",
            Email.of("publisher@example.gov.uk"));
    User tester =
        staging.admin().createApiUser(Actor.host(), "Tester", Email.of("tester@example.gov.uk"));
    EnvironmentSync one = sync(source);
    EnvironmentSync two = sync(source);

    assertThat(one.runIfDue()).isPresent();
    assertThat(two.runIfDue()).isEmpty();
    assertThat(one.runIfDue()).isEmpty();
    assertThat(fetches).hasValue(1);
    assertThat(stagingHas("publisher@example.gov.uk")).isTrue();
    assertThat(stagingHas(production.joe.email().value())).isTrue();
    boolean visits =
        stagingStore.transaction(tx -> tx.applications().findByClientId("visits").isPresent());
    assertThat(visits).isTrue();
    assertThat(stagingHas(tester.email().value())).isTrue();

    // The next morning's slot is synced again, by whichever instance comes first.
    production
        .server
        .admin()
        .createApiUser(
            Actor.user(production.superadmin.uid()), "Later", Email.of("later@example.gov.uk"));
    clock.advance(Duration.ofDays(1));
    assertThat(two.runIfDue()).isPresent();
    assertThat(one.runIfDue()).isEmpty();
    assertThat(stagingHas("later@example.gov.uk")).isTrue();
    assertThat(stagingHas(tester.email().value())).isTrue();
  }

  @Test
  void sourceThatFailsImportsNothing() {
    production
        .server
        .admin()
        .createApiUser(
            Actor.user(production.superadmin.uid()),
            "Publisher",
            Email.of("publisher@example.gov.uk"));
    EnvironmentSync failing =
        sync(
            () -> {
              throw new SignonFailureException(
                  "environment_sync_failed", "production refused the token", null);
            });

    assertThatThrownBy(failing::runIfDue).hasMessageContaining("refused the token");
    assertThat(stagingHas("publisher@example.gov.uk")).isFalse();
  }

  @Test
  void slotsStartAtTheScheduledTimeInUtc() {
    SyncSchedule daily = SyncSchedule.parse("daily:05:30");
    assertThat(daily.slot(Instant.parse("2026-04-02T05:29:59Z")))
        .isEqualTo(Instant.parse("2026-04-01T05:30:00Z"));
    assertThat(daily.slot(Instant.parse("2026-04-02T05:30:00Z")))
        .isEqualTo(Instant.parse("2026-04-02T05:30:00Z"));
    assertThat(SyncSchedule.parse("every:PT6H").slot(Instant.parse("2026-04-02T13:00:00Z")))
        .isEqualTo(Instant.parse("2026-04-02T12:00:00Z"));
    assertThatThrownBy(() -> SyncSchedule.parse("hourly"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("daily:HH:MM");
  }
}
