package dev.signon.core.store;

import static dev.signon.core.testing.TestDirectory.T0;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.account.EmailChange;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store must have for what the admin console keeps: email changes waiting for
 * confirmation (one per person, taken once) and sign-ins counted per application and month. Each
 * implementation's test extends this class.
 */
public abstract class ConsoleStoresContract {
  private static final SecureRandom RANDOM = new SecureRandom();

  protected SignonStore store;
  protected User joe;
  protected Application reports;

  /** A fresh, empty store; closed after each test. */
  protected abstract SignonStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
    joe = user("joe@example.com").build();
    reports = application("reports").build();
    store.transaction(
        tx -> {
          tx.users().insert(joe);
          tx.applications().insert(reports);
          return null;
        });
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Optional<EmailChange> pending() {
    return store.transaction(tx -> tx.emailChanges().find(joe.uid()));
  }

  private Optional<EmailChange> byHash(TokenHash hash) {
    return store.transaction(tx -> tx.emailChanges().findByHash(hash));
  }

  private Optional<EmailChange> take(TokenHash hash) {
    return store.transaction(tx -> tx.emailChanges().take(hash));
  }

  private boolean remove() {
    return store.transaction(tx -> tx.emailChanges().remove(joe.uid()));
  }

  private Map<YearMonth, Long> counts(YearMonth first, YearMonth last) {
    return store.transaction(tx -> tx.signInCounts().between(reports.id(), first, last));
  }

  private EmailChange change(String email) {
    TokenHash hash = TokenValue.mint(RANDOM, TokenKind.LINK).hash();
    return new EmailChange(joe.uid(), Email.of(email), hash, null, T0, T0.plus(Duration.ofDays(3)));
  }

  @Test
  void anEmailChangeIsFoundByPersonAndByHash() {
    EmailChange c = change("joe@new.example");
    store.transaction(
        tx -> {
          tx.emailChanges().put(c);
          return null;
        });

    assertThat(pending()).contains(c);
    assertThat(byHash(c.hash())).contains(c);
  }

  @Test
  void aNewerEmailChangeReplacesTheEarlierOne() {
    EmailChange first = change("joe@first.example");
    EmailChange second = change("joe@second.example");
    store.transaction(
        tx -> {
          tx.emailChanges().put(first);
          tx.emailChanges().put(second);
          return null;
        });

    assertThat(pending()).contains(second);
    assertThat(byHash(first.hash())).isEmpty();
  }

  @Test
  void anEmailChangeIsTakenOnlyOnce() {
    EmailChange c = change("joe@new.example");
    store.transaction(
        tx -> {
          tx.emailChanges().put(c);
          return null;
        });

    assertThat(take(c.hash())).contains(c);
    assertThat(take(c.hash())).isEmpty();
    assertThat(pending()).isEmpty();
  }

  @Test
  void aRemovedEmailChangeCannotBeTaken() {
    EmailChange c = change("joe@new.example");
    store.transaction(
        tx -> {
          tx.emailChanges().put(c);
          return null;
        });

    assertThat(remove()).isTrue();
    assertThat(remove()).isFalse();
    assertThat(take(c.hash())).isEmpty();
  }

  @Test
  void anEmailChangeForAnUnknownPersonIsRefused() {
    EmailChange c =
        new EmailChange(
            user("ann@example.com").build().uid(),
            Email.of("ann@new.example"),
            TokenValue.mint(RANDOM, TokenKind.LINK).hash(),
            null,
            T0,
            T0.plusSeconds(60));

    assertThatThrownBy(
            () ->
                store.transaction(
                    tx -> {
                      tx.emailChanges().put(c);
                      return null;
                    }))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void deletingThePersonDeletesTheirEmailChange() {
    EmailChange c = change("joe@new.example");
    store.transaction(
        tx -> {
          tx.emailChanges().put(c);
          tx.users().delete(joe.uid());
          return null;
        });

    assertThat(byHash(c.hash())).isEmpty();
  }

  @Test
  void aSignInCountSlotOutOfRangeIsRefused() {
    assertThatThrownBy(
            () ->
                store.transaction(
                    tx -> {
                      tx.signInCounts()
                          .add(reports.id(), YearMonth.of(2026, 1), SignInCountStore.SLOTS);
                      return null;
                    }))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signInsAreCountedPerApplicationAndMonthOverTheirSlots() {
    YearMonth jan = YearMonth.of(2026, 1);
    YearMonth feb = YearMonth.of(2026, 2);
    store.transaction(
        tx -> {
          tx.signInCounts().add(reports.id(), jan, 0);
          tx.signInCounts().add(reports.id(), jan, SignInCountStore.SLOTS - 1);
          tx.signInCounts().add(reports.id(), feb, 3);
          return null;
        });
    store.transaction(
        tx -> {
          tx.signInCounts().add(reports.id(), feb, 3);
          return null;
        });

    assertThat(counts(jan, feb)).isEqualTo(Map.of(jan, 2L, feb, 2L));
    assertThat(counts(feb, feb)).isEqualTo(Map.of(feb, 2L));
    assertThat(counts(YearMonth.of(2025, 1), YearMonth.of(2025, 12))).isEmpty();
  }
}
