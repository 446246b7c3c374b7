package dev.signon.core.store.memory;

import dev.signon.core.store.AgreementStore;
import dev.signon.core.store.ApplicationStore;
import dev.signon.core.store.ApplicationTokenStore;
import dev.signon.core.store.AuditStore;
import dev.signon.core.store.AuthorizationCodeStore;
import dev.signon.core.store.CredentialStore;
import dev.signon.core.store.EmailChangeStore;
import dev.signon.core.store.GrantStore;
import dev.signon.core.store.HostSessionStore;
import dev.signon.core.store.IssuedTokenStore;
import dev.signon.core.store.NoticeStore;
import dev.signon.core.store.OneTimeUseStore;
import dev.signon.core.store.OrganisationStore;
import dev.signon.core.store.SignInCountStore;
import dev.signon.core.store.SignInLinkStore;
import dev.signon.core.store.SigningKeyStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.TeamStore;
import dev.signon.core.store.ThrottleStore;
import dev.signon.core.store.TokenHandoverStore;
import dev.signon.core.store.TokenRotationStore;
import dev.signon.core.store.UpstreamLinkStore;
import dev.signon.core.store.UserStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One transaction of an {@link InMemorySignonStore}: writes go straight to the maps, with an undo
 * log for rollback. The stores of each aggregate are bound to it.
 */
final class InMemoryTransaction implements StoreTransaction {
  private final Deque<Runnable> undo = new ArrayDeque<>();
  private boolean open = true;
  private final InMemoryOrganisationStore organisations;
  private final InMemoryTeamStore teams;
  private final InMemoryUserStore users;
  private final InMemoryApplicationStore applications;
  private final InMemoryGrantStore grants;
  private final InMemoryAuditStore audit;
  private final InMemoryAuthorizationCodeStore authorizationCodes;
  private final InMemoryIssuedTokenStore issuedTokens;
  private final InMemoryApplicationTokenStore applicationTokens;
  private final InMemorySigningKeyStore signingKeys;
  private final InMemoryOneTimeUseStore oneTimeUses;
  private final InMemoryCredentialStore credentials;
  private final InMemorySignInLinkStore signInLinks;
  private final InMemoryHostSessionStore sessions;
  private final InMemoryThrottleStore throttle;
  private final InMemoryTokenHandoverStore tokenHandovers;
  private final InMemoryNoticeStore notices;
  private final InMemoryTokenRotationStore tokenRotations;
  private final InMemoryAgreementStore agreements;
  private final InMemoryEmailChangeStore emailChanges;
  private final InMemorySignInCountStore signInCounts;
  private final InMemoryClientSecretDeliveryStore clientSecretDeliveries;
  private final InMemoryUpstreamLinkStore upstreamLinks;

  InMemoryTransaction(InMemoryData data) {
    organisations = new InMemoryOrganisationStore(this, data);
    teams = new InMemoryTeamStore(this, data);
    users = new InMemoryUserStore(this, data);
    applications = new InMemoryApplicationStore(this, data);
    grants = new InMemoryGrantStore(this, data);
    audit = new InMemoryAuditStore(this, data);
    authorizationCodes = new InMemoryAuthorizationCodeStore(this, data);
    issuedTokens = new InMemoryIssuedTokenStore(this, data);
    applicationTokens = new InMemoryApplicationTokenStore(this, data);
    signingKeys = new InMemorySigningKeyStore(this, data);
    oneTimeUses = new InMemoryOneTimeUseStore(this, data);
    credentials = new InMemoryCredentialStore(this, data);
    signInLinks = new InMemorySignInLinkStore(this, data);
    sessions = new InMemoryHostSessionStore(this, data);
    throttle = new InMemoryThrottleStore(this, data);
    tokenHandovers = new InMemoryTokenHandoverStore(this, data);
    notices = new InMemoryNoticeStore(this, data);
    tokenRotations = new InMemoryTokenRotationStore(this, data);
    agreements = new InMemoryAgreementStore(this, data);
    emailChanges = new InMemoryEmailChangeStore(this, data);
    signInCounts = new InMemorySignInCountStore(this, data);
    clientSecretDeliveries = new InMemoryClientSecretDeliveryStore(this, data);
    upstreamLinks = new InMemoryUpstreamLinkStore(this, data);
  }

  /** Undoes every write, newest first. */
  void rollback() {
    while (!undo.isEmpty()) {
      undo.removeFirst().run();
    }
  }

  /** Ends the transaction: the stores refuse to work from now on. */
  void end() {
    open = false;
  }

  void checkOpen() {
    if (!open) {
      throw new IllegalStateException("transaction has ended");
    }
  }

  /** Registers how to undo a write made other than by {@link #put} or {@link #remove}. */
  void onUndo(Runnable action) {
    undo.addFirst(action);
  }

  <K, V> void put(Map<K, V> map, K key, V value) {
    checkOpen();
    V old = map.put(key, value);
    undo.addFirst(
        () -> {
          if (old == null) {
            map.remove(key);
          } else {
            map.put(key, old);
          }
        });
  }

  <K, V> boolean remove(Map<K, V> map, K key) {
    checkOpen();
    V old = map.remove(key);
    if (old == null) {
      return false;
    }
    undo.addFirst(() -> map.put(key, old));
    return true;
  }

  <K, V> Optional<V> get(Map<K, V> map, K key) {
    checkOpen();
    return Optional.ofNullable(map.get(key));
  }

  /** Removes up to {@code limit} entries of {@code map} whose value is {@code expired}. */
  <K, V> int purge(Map<K, V> map, Predicate<V> expired, int limit) {
    List<K> doomed = new ArrayList<>();
    for (Map.Entry<K, V> e : map.entrySet()) {
      if (doomed.size() >= limit) {
        break;
      }
      if (expired.test(e.getValue())) {
        doomed.add(e.getKey());
      }
    }
    for (K k : doomed) {
      remove(map, k);
    }
    return doomed.size();
  }

  @Override
  public OrganisationStore organisations() {
    return organisations;
  }

  @Override
  public TeamStore teams() {
    return teams;
  }

  @Override
  public UserStore users() {
    return users;
  }

  @Override
  public ApplicationStore applications() {
    return applications;
  }

  @Override
  public GrantStore grants() {
    return grants;
  }

  @Override
  public AuditStore audit() {
    return audit;
  }

  @Override
  public AuthorizationCodeStore authorizationCodes() {
    return authorizationCodes;
  }

  @Override
  public IssuedTokenStore issuedTokens() {
    return issuedTokens;
  }

  @Override
  public ApplicationTokenStore applicationTokens() {
    return applicationTokens;
  }

  @Override
  public SigningKeyStore signingKeys() {
    return signingKeys;
  }

  @Override
  public OneTimeUseStore oneTimeUses() {
    return oneTimeUses;
  }

  @Override
  public CredentialStore credentials() {
    return credentials;
  }

  @Override
  public SignInLinkStore signInLinks() {
    return signInLinks;
  }

  @Override
  public HostSessionStore sessions() {
    return sessions;
  }

  @Override
  public ThrottleStore throttle() {
    return throttle;
  }

  @Override
  public TokenHandoverStore tokenHandovers() {
    return tokenHandovers;
  }

  @Override
  public NoticeStore notices() {
    return notices;
  }

  @Override
  public TokenRotationStore tokenRotations() {
    return tokenRotations;
  }

  @Override
  public AgreementStore agreements() {
    checkOpen();
    return agreements;
  }

  @Override
  public EmailChangeStore emailChanges() {
    return emailChanges;
  }

  @Override
  public SignInCountStore signInCounts() {
    return signInCounts;
  }

  @Override
  public dev.signon.core.store.ClientSecretDeliveryStore clientSecretDeliveries() {
    return clientSecretDeliveries;
  }

  @Override
  public UpstreamLinkStore upstreamLinks() {
    return upstreamLinks;
  }
}
