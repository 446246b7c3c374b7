package dev.signon.core.store;

import static dev.signon.core.testing.TestDirectory.T0;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store's {@link AgreementStore} must have: versions by number, the required
 * one by date, acceptances once per person and version, gone with the person. Each implementation's
 * test extends this class.
 */
public abstract class AgreementStoreContract {
  protected SignonStore store;
  protected User joe;

  /** A fresh, empty store; closed after each test. */
  protected abstract SignonStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
    joe = user("joe@example.com").build();
    run(
        tx -> {
          tx.users().insert(joe);
          return null;
        });
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private <T> T run(Function<StoreTransaction, T> work) {
    return store.transaction(work);
  }

  private static UserAgreement version(int n, Duration requiredAfterT0) {
    return new UserAgreement(
        n, "Terms v" + n, "Be kind.\n\nVersion " + n + ".", T0.plus(requiredAfterT0), T0);
  }

  private void insert(UserAgreement... agreements) {
    run(
        tx -> {
          for (UserAgreement a : agreements) {
            tx.agreements().insert(a);
          }
          return null;
        });
  }

  @Test
  void insertedVersionsReadBackNewestFirstWithTheirText() {
    insert(version(1, Duration.ZERO), version(2, Duration.ofDays(7)));

    assertThat(this.<List<UserAgreement>>run(tx -> tx.agreements().list()))
        .extracting(UserAgreement::version)
        .containsExactly(2, 1);
    assertThat(this.<Optional<UserAgreement>>run(tx -> tx.agreements().find(1)))
        .contains(version(1, Duration.ZERO));
    assertThat(this.<Optional<UserAgreement>>run(tx -> tx.agreements().find(3))).isEmpty();
  }

  @Test
  void insertWhenVersionTakenThenConflict() {
    insert(version(1, Duration.ZERO));

    assertThatThrownBy(() -> insert(version(1, Duration.ofDays(1))))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void requiredIsTheNewestVersionWhoseDateHasCome() {
    assertThat(this.<Optional<UserAgreement>>run(tx -> tx.agreements().required(T0))).isEmpty();
    insert(version(1, Duration.ZERO), version(2, Duration.ofDays(7)));

    assertThat(
            this.<Optional<UserAgreement>>run(tx -> tx.agreements().required(T0.minusSeconds(1))))
        .isEmpty();
    assertThat(run(tx -> tx.agreements().required(T0)).map(UserAgreement::version)).contains(1);
    assertThat(
            this.<Optional<UserAgreement>>run(
                tx -> tx.agreements().required(T0.plus(Duration.ofDays(7)))))
        .map(UserAgreement::version)
        .contains(2);
  }

  @Test
  void acceptanceIsRecordedOnceAndCountsForEarlierVersions() {
    insert(version(1, Duration.ZERO), version(2, Duration.ofDays(7)));
    AgreementAcceptance a = new AgreementAcceptance(joe.uid(), 2, T0, "203.0.113.5");

    assertThat(this.<Boolean>run(tx -> tx.agreements().accept(a))).isTrue();
    assertThat(this.<Boolean>run(tx -> tx.agreements().accept(a))).isFalse();

    assertThat(this.<List<AgreementAcceptance>>run(tx -> tx.agreements().acceptances(joe.uid())))
        .containsExactly(a);
    assertThat(this.<Boolean>run(tx -> tx.agreements().hasAccepted(joe.uid(), 1))).isTrue();
    assertThat(this.<Boolean>run(tx -> tx.agreements().hasAccepted(joe.uid(), 2))).isTrue();
    assertThat(this.<Boolean>run(tx -> tx.agreements().hasAccepted(joe.uid(), 3))).isFalse();
  }

  @Test
  void acceptWhenVersionOrUserUnknownThenNotFound() {
    insert(version(1, Duration.ZERO));
    UserId nobody = new UserId(UUID.randomUUID());

    assertThatThrownBy(
            () ->
                run(tx -> tx.agreements().accept(new AgreementAcceptance(joe.uid(), 9, T0, null))))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () -> run(tx -> tx.agreements().accept(new AgreementAcceptance(nobody, 1, T0, null))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void removingThePersonRemovesTheirAcceptances() {
    insert(version(1, Duration.ZERO));
    run(tx -> tx.agreements().accept(new AgreementAcceptance(joe.uid(), 1, T0, null)));

    run(tx -> tx.users().delete(joe.uid()));

    assertThat(this.<List<AgreementAcceptance>>run(tx -> tx.agreements().acceptances(joe.uid())))
        .isEmpty();
  }
}
