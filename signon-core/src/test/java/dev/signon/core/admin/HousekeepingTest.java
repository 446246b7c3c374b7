package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.testing.EngineFixture;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HousekeepingTest {
  final EngineFixture f = new EngineFixture();

  /** Another host instance over the fixture's store, seeing to accounts every 30 days. */
  SignonServer monthly() {
    return SignonServer.builder()
        .issuer(URI.create(EngineFixture.ISSUER))
        .store(f.store)
        .clock(f.clock)
        .keyEncryptionKey(f.kek)
        .emailSender(f.mail)
        .passwordHasher(
            dev.signon.core.signin.PasswordHasher.argon2id(
                new java.security.SecureRandom(), 64, 1, 1))
        .housekeepingSettings(
            new HousekeepingSettings(
                Duration.ofMinutes(10),
                500,
                20,
                Duration.ofDays(30),
                Duration.ofHours(1),
                Duration.ofDays(7)))
        .build();
  }

  @Test
  void runRunsEveryPartTheFirstTimeThenEachWhenItsIntervalHasPassed() {
    SignonServer server = monthly();
    Housekeeping.Report first = server.housekeeping().run();
    assertThat(first.failed()).isEmpty();

    Actor me = Actor.user(f.superadmin.uid());
    User api = f.server.admin().createApiUser(me, "Publishing API", Email.of("api@example.gov.uk"));
    NewApplicationToken old = f.server.applicationTokens().create(me, api.uid(), f.visits.id());
    f.server.applicationTokens().rotate(me, old.token().id());

    f.clock.advance(Duration.ofDays(8));
    assertThat(server.housekeeping().run().rotationsCompleted())
        .as("the grace has passed, but not the 30-day interval")
        .isZero();
    f.clock.advance(Duration.ofDays(23));
    Housekeeping.Report later = server.housekeeping().run();
    assertThat(later.rotationsCompleted()).isEqualTo(1);
    assertThat(server.housekeeping().run().rotationsCompleted()).as("done once").isZero();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    HousekeepingSettings d = f.server.housekeeping().settings();
    assertThat(d).isEqualTo(HousekeepingSettings.defaults());
    assertThat(d.shortestInterval()).isEqualTo(HousekeepingSettings.DEFAULT_PURGE_INTERVAL);
  }
}
