package dev.signon.core.store.memory;

import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.directory.UserId;
import dev.signon.core.store.AgreementStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The versions of the user agreement and people's acceptances, in memory. */
final class InMemoryAgreementStore extends InMemoryAggregateStore implements AgreementStore {
  InMemoryAgreementStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(UserAgreement agreement) {
    requireAbsent(
        data.agreements, agreement.version(), "version " + agreement.version() + " is taken");
    tx.put(data.agreements, agreement.version(), agreement);
  }

  @Override
  public List<UserAgreement> list() {
    return data.agreements.values().stream()
        .sorted(Comparator.comparingInt(UserAgreement::version).reversed())
        .toList();
  }

  @Override
  public Optional<UserAgreement> find(int version) {
    return Optional.ofNullable(data.agreements.get(version));
  }

  @Override
  public Optional<UserAgreement> required(Instant now) {
    return data.agreements.values().stream()
        .filter(a -> a.isRequiredAt(now))
        .max(Comparator.comparingInt(UserAgreement::version));
  }

  @Override
  public boolean accept(AgreementAcceptance acceptance) {
    requirePresent(data.users, acceptance.user(), "no user " + acceptance.user());
    requirePresent(
        data.agreements, acceptance.version(), "no agreement version " + acceptance.version());
    InMemoryData.AcceptanceKey key =
        new InMemoryData.AcceptanceKey(acceptance.user(), acceptance.version());
    if (data.acceptances.containsKey(key)) {
      return false;
    }
    tx.put(data.acceptances, key, acceptance);
    return true;
  }

  @Override
  public boolean hasAccepted(UserId user, int version) {
    return data.acceptances.keySet().stream()
        .anyMatch(k -> k.user().equals(user) && k.version() >= version);
  }

  @Override
  public List<AgreementAcceptance> acceptances(UserId user) {
    return data.acceptances.values().stream()
        .filter(a -> a.user().equals(user))
        .sorted(Comparator.comparingInt(AgreementAcceptance::version).reversed())
        .toList();
  }
}
