package dev.signon.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.directory.Email;
import dev.signon.core.error.TooManyRequestsException;
import dev.signon.core.signin.Origin;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.signin.SignInResult;
import dev.signon.core.store.SignonStore;
import dev.signon.core.throttle.ThrottleSettings;
import dev.signon.core.throttle.ThrottledAction;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.testing.MutableClock;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Two host instances over one database share the throttling counters. */
class SharedThrottleTest {
  @Test
  void twoHostInstancesOnOneDatabaseShareTheLimit() {
    DataSource db = MigrationsTest.h2InMemory("shared_throttle");
    MutableClock clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
    SecureRandom random = new SecureRandom();
    KeyEncryptionKey kek = KeyEncryptionKey.generate(random);
    List<SignonServer> hosts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      SignonStore store = JdbcSignonStore.builder().dataSource(db).migrate(i == 0).build();
      hosts.add(
          SignonServer.builder()
              .issuer(URI.create("https://signon.example.gov.uk"))
              .store(store)
              .clock(clock)
              .random(random)
              .keyEncryptionKey(kek)
              .passwordHasher(PasswordHasher.argon2id(random, 64, 1, 1))
              .throttleSettings(
                  ThrottleSettings.builder()
                      .perAddress(ThrottledAction.SIGN_IN, 4, Duration.ofMinutes(5))
                      .build())
              .build());
    }
    Origin origin = new Origin("198.51.100.7", "test");
    Email nobody = Email.of("nobody@example.gov.uk");

    for (int i = 0; i < 4; i++) {
      SignonServer host = hosts.get(i % 2);
      assertThat(host.passwordSignIn().signIn(nobody, "wrong", null, origin))
          .isEqualTo(new SignInResult.Refused());
    }

    for (SignonServer host : hosts) {
      try {
        host.passwordSignIn().signIn(nobody, "wrong", null, origin);
        throw new AssertionError("a fifth attempt was let in");
      } catch (TooManyRequestsException e) {
        assertThat(e.retryAfterSeconds()).isEqualTo(300);
      }
    }
    clock.advance(Duration.ofMinutes(5));
    assertThat(hosts.get(1).passwordSignIn().signIn(nobody, "wrong", null, origin))
        .isEqualTo(new SignInResult.Refused());
    hosts.forEach(SignonServer::close);
  }
}
