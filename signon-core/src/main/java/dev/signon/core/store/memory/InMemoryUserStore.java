package dev.signon.core.store.memory;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.account.HostSession;
import dev.signon.core.account.SignInLink;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.federation.UpstreamLink;
import dev.signon.core.store.UserStore;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.IssuedToken;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Users, with unique emails and numbers given once: the next after the highest ever given, or the
 * number asked for when nobody ever had it. Removing one removes what refers to them, as the JDBC
 * store's cascades do.
 */
final class InMemoryUserStore extends InMemoryAggregateStore implements UserStore {
  InMemoryUserStore(InMemoryTransaction tx, InMemoryData data) {
    super(tx, data);
  }

  @Override
  public void insert(User u) {
    requireAbsent(data.users, u.uid(), "user uid " + u.uid() + " is taken");
    check(u);
    Long asked = u.number();
    long number =
        asked != null && !data.userNumbers.containsKey(asked)
            ? asked
            : data.userNumbers.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
    tx.put(data.userNumbers, number, u.uid());
    tx.put(data.users, u.uid(), u.toBuilder().number(number).build());
  }

  @Override
  public void update(User u) {
    requirePresent(data.users, u.uid(), "no user " + u.uid());
    check(u);
    // The number is given once: an update keeps the stored one.
    Long number = java.util.Objects.requireNonNull(data.users.get(u.uid())).number();
    tx.put(data.users, u.uid(), u.toBuilder().number(number).build());
  }

  private void check(User u) {
    for (User other : data.users.values()) {
      if (!other.uid().equals(u.uid()) && other.email().equals(u.email())) {
        throw new ConflictException("email is taken");
      }
    }
    OrganisationId org = u.organisation();
    if (org != null && !data.organisations.containsKey(org)) {
      throw new NotFoundException("no organisation " + org);
    }
  }

  @Override
  public boolean delete(UserId uid) {
    if (!data.users.containsKey(uid)) {
      return false;
    }
    for (UpstreamLink l : new ArrayList<>(data.upstreamLinks.values())) {
      if (l.user().equals(uid)) {
        tx.remove(data.upstreamLinks, List.of(l.issuer(), l.subject()));
      }
    }
    tx.remove(data.emailMatchRestrictions, uid);
    for (Team t : new ArrayList<>(data.teams.values())) {
      if (t.members().contains(uid)) {
        tx.put(data.teams, t.id(), t.withoutMember(uid));
      }
    }
    for (Grant g : new ArrayList<>(data.grants.values())) {
      if (g.grantee().equals(Grantee.user(uid))) {
        tx.remove(data.grants, g.id());
      }
    }
    for (IssuedToken t : new ArrayList<>(data.tokens.values())) {
      if (uid.equals(t.user())) {
        tx.remove(data.tokens, t.hash());
      }
    }
    for (AuthorizationCode c : new ArrayList<>(data.codes.values())) {
      if (uid.equals(c.user())) {
        tx.remove(data.codes, c.hash());
      }
    }
    for (ApplicationToken t : new ArrayList<>(data.applicationTokens.values())) {
      if (uid.equals(t.apiUser())) {
        tx.remove(data.applicationTokens, t.id());
      }
    }
    tx.remove(data.credentials, uid);
    tx.remove(data.emailChanges, uid);
    for (SignInLink l : new ArrayList<>(data.links.values())) {
      if (uid.equals(l.user())) {
        tx.remove(data.links, l.hash());
      }
    }
    for (HostSession s : new ArrayList<>(data.sessions.values())) {
      if (uid.equals(s.user())) {
        tx.remove(data.sessions, s.id());
      }
    }
    data.acceptances.keySet().stream()
        .filter(k -> k.user().equals(uid))
        .toList()
        .forEach(k -> tx.remove(data.acceptances, k));
    return tx.remove(data.users, uid);
  }

  @Override
  public Optional<User> find(UserId uid) {
    return tx.get(data.users, uid);
  }

  @Override
  public Optional<User> findByEmail(Email email) {
    tx.checkOpen();
    return data.users.values().stream().filter(u -> u.email().equals(email)).findFirst();
  }

  @Override
  public List<User> list() {
    tx.checkOpen();
    return data.users.values().stream()
        .sorted(Comparator.comparing(u -> u.email().value()))
        .toList();
  }
}
