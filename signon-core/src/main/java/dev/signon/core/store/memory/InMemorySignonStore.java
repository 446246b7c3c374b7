package dev.signon.core.store.memory;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.account.HostSession;
import dev.signon.core.account.LinkPurpose;
import dev.signon.core.account.SignInLink;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.ApplicationStore;
import dev.signon.core.store.ApplicationTokenStore;
import dev.signon.core.store.AuditStore;
import dev.signon.core.store.AuthorizationCodeStore;
import dev.signon.core.store.CredentialStore;
import dev.signon.core.store.GrantStore;
import dev.signon.core.store.HostSessionStore;
import dev.signon.core.store.IssuedTokenStore;
import dev.signon.core.store.OneTimeUseStore;
import dev.signon.core.store.OrganisationStore;
import dev.signon.core.store.SignInLinkStore;
import dev.signon.core.store.SigningKeyStore;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.TeamStore;
import dev.signon.core.store.UserStore;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.StoredSigningKey;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link SignonStore} held in memory. Transactions run one at a time, so they are serializable; a
 * transaction that throws is undone. Data is lost when the process ends.
 *
 * <pre>{@code
 * SignonStore store = new InMemorySignonStore();
 * }</pre>
 */
public final class InMemorySignonStore implements SignonStore {
  private static final Comparator<Team> TEAM_ORDER =
      Comparator.comparing(Team::name).thenComparing(t -> t.id().value());
  private static final Comparator<Grant> GRANT_ORDER = Comparator.comparing(g -> g.id().value());

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<OrganisationId, Organisation> organisations = new HashMap<>();
  private final Map<TeamId, Team> teams = new HashMap<>();
  private final Map<UserId, User> users = new HashMap<>();
  private final Map<ApplicationId, Application> applications = new HashMap<>();
  private final Map<GrantId, Grant> grants = new HashMap<>();
  private final List<AuditEvent> audit = new ArrayList<>();
  private final Map<TokenHash, AuthorizationCode> codes = new HashMap<>();
  private final Map<TokenHash, IssuedToken> tokens = new HashMap<>();
  private final Map<ApplicationTokenId, ApplicationToken> applicationTokens = new HashMap<>();
  private final Map<String, StoredSigningKey> signingKeys = new HashMap<>();
  private final Map<String, Instant> oneTimeUses = new HashMap<>();
  private final Map<UserId, UserCredentials> credentials = new HashMap<>();
  private final Map<TokenHash, SignInLink> links = new HashMap<>();
  private final Map<TokenHash, HostSession> sessions = new HashMap<>();

  /** Creates an empty store. */
  public InMemorySignonStore() {}

  @Override
  public <T> T transaction(Function<StoreTransaction, T> work) {
    lock.lock();
    try {
      Tx tx = new Tx();
      try {
        return work.apply(tx);
      } catch (RuntimeException | Error e) {
        tx.rollback();
        throw e;
      } finally {
        tx.open = false;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {}

  /** One transaction: writes go straight to the maps, with an undo log for rollback. */
  private final class Tx implements StoreTransaction {
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private boolean open = true;
    private final Orgs orgs = new Orgs(this);
    private final Teams teamStore = new Teams(this);
    private final Users userStore = new Users(this);
    private final Apps apps = new Apps(this);
    private final Grants grantStore = new Grants(this);
    private final Audit auditStore = new Audit(this);
    private final Codes codeStore = new Codes(this);
    private final Tokens tokenStore = new Tokens(this);
    private final AppTokens appTokenStore = new AppTokens(this);
    private final Keys keyStore = new Keys(this);
    private final OneTimeUses oneTimeUseStore = new OneTimeUses(this);
    private final Credentials credentialStore = new Credentials(this);
    private final Links linkStore = new Links(this);
    private final Sessions sessionStore = new Sessions(this);

    void rollback() {
      while (!undo.isEmpty()) {
        undo.removeFirst().run();
      }
    }

    void checkOpen() {
      if (!open) {
        throw new IllegalStateException("transaction has ended");
      }
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

    @Override
    public OrganisationStore organisations() {
      return orgs;
    }

    @Override
    public TeamStore teams() {
      return teamStore;
    }

    @Override
    public UserStore users() {
      return userStore;
    }

    @Override
    public ApplicationStore applications() {
      return apps;
    }

    @Override
    public GrantStore grants() {
      return grantStore;
    }

    @Override
    public AuditStore audit() {
      return auditStore;
    }

    @Override
    public AuthorizationCodeStore authorizationCodes() {
      return codeStore;
    }

    @Override
    public IssuedTokenStore issuedTokens() {
      return tokenStore;
    }

    @Override
    public ApplicationTokenStore applicationTokens() {
      return appTokenStore;
    }

    @Override
    public SigningKeyStore signingKeys() {
      return keyStore;
    }

    @Override
    public OneTimeUseStore oneTimeUses() {
      return oneTimeUseStore;
    }

    @Override
    public CredentialStore credentials() {
      return credentialStore;
    }

    @Override
    public SignInLinkStore signInLinks() {
      return linkStore;
    }

    @Override
    public HostSessionStore sessions() {
      return sessionStore;
    }
  }

  private final class Credentials implements CredentialStore {
    private final Tx tx;

    Credentials(Tx tx) {
      this.tx = tx;
    }

    @Override
    public Optional<UserCredentials> find(UserId user) {
      return tx.get(credentials, user);
    }

    @Override
    public void save(UserCredentials c) {
      if (!users.containsKey(c.user())) {
        throw new NotFoundException("no user " + c.user());
      }
      tx.put(credentials, c.user(), c);
    }
  }

  private final class Links implements SignInLinkStore {
    private final Tx tx;

    Links(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(SignInLink link) {
      if (links.containsKey(link.hash())) {
        throw new ConflictException("link hash is taken");
      }
      if (!users.containsKey(link.user())) {
        throw new NotFoundException("no user " + link.user());
      }
      tx.put(links, link.hash(), link);
    }

    @Override
    public Optional<SignInLink> consume(TokenHash hash, Instant now) {
      SignInLink l = links.get(hash);
      if (l == null || l.consumedAt() != null) {
        return Optional.empty();
      }
      tx.put(links, hash, consumed(l, now));
      return Optional.of(l);
    }

    @Override
    public int consumeAll(UserId user, LinkPurpose purpose, Instant now) {
      int n = 0;
      for (SignInLink l : new ArrayList<>(links.values())) {
        if (l.user().equals(user) && l.purpose() == purpose && l.consumedAt() == null) {
          tx.put(links, l.hash(), consumed(l, now));
          n++;
        }
      }
      return n;
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
      return purge(tx, links, l -> l.expiresAt().isBefore(before), limit);
    }
  }

  private static SignInLink consumed(SignInLink l, Instant now) {
    return new SignInLink(l.hash(), l.user(), l.purpose(), l.createdAt(), l.expiresAt(), now);
  }

  private final class Sessions implements HostSessionStore {
    private final Tx tx;

    Sessions(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(HostSession session) {
      if (sessions.containsKey(session.id())) {
        throw new ConflictException("session id is taken");
      }
      if (!users.containsKey(session.user())) {
        throw new NotFoundException("no user " + session.user());
      }
      tx.put(sessions, session.id(), session);
    }

    @Override
    public Optional<HostSession> find(TokenHash id) {
      return tx.get(sessions, id);
    }

    @Override
    public void update(HostSession session) {
      if (!sessions.containsKey(session.id())) {
        throw new NotFoundException("no session");
      }
      tx.put(sessions, session.id(), session);
    }

    @Override
    public boolean delete(TokenHash id) {
      return tx.remove(sessions, id);
    }

    @Override
    public int deleteByUser(UserId user) {
      int n = 0;
      for (HostSession s : new ArrayList<>(sessions.values())) {
        if (s.user().equals(user)) {
          tx.remove(sessions, s.id());
          n++;
        }
      }
      return n;
    }

    @Override
    public int purgeIdle(Instant before, int limit) {
      return purge(tx, sessions, s -> s.lastSeenAt().isBefore(before), limit);
    }
  }

  private final class OneTimeUses implements OneTimeUseStore {
    private final Tx tx;

    OneTimeUses(Tx tx) {
      this.tx = tx;
    }

    @Override
    public boolean claim(String key, Instant expiresAt) {
      Instant held = oneTimeUses.get(key);
      if (held != null) {
        return false;
      }
      tx.put(oneTimeUses, key, expiresAt);
      return true;
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
      return purge(tx, oneTimeUses, at -> at.isBefore(before), limit);
    }
  }

  private final class Orgs implements OrganisationStore {
    private final Tx tx;

    Orgs(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(Organisation o) {
      if (organisations.containsKey(o.id())) {
        throw new ConflictException("organisation id " + o.id() + " is taken");
      }
      check(o);
      tx.put(organisations, o.id(), o);
    }

    @Override
    public void update(Organisation o) {
      if (!organisations.containsKey(o.id())) {
        throw new NotFoundException("no organisation " + o.id());
      }
      check(o);
      tx.put(organisations, o.id(), o);
    }

    private void check(Organisation o) {
      for (Organisation other : organisations.values()) {
        if (!other.id().equals(o.id()) && other.slug().equals(o.slug())) {
          throw new ConflictException("organisation slug " + o.slug() + " is taken");
        }
      }
      for (OrganisationId p : o.parents()) {
        if (!organisations.containsKey(p)) {
          throw new NotFoundException("no parent organisation " + p);
        }
      }
    }

    @Override
    public Optional<Organisation> find(OrganisationId id) {
      return tx.get(organisations, id);
    }

    @Override
    public Optional<Organisation> findBySlug(String slug) {
      tx.checkOpen();
      return organisations.values().stream().filter(o -> o.slug().equals(slug)).findFirst();
    }

    @Override
    public List<Organisation> list() {
      tx.checkOpen();
      return organisations.values().stream()
          .sorted(Comparator.comparing(Organisation::slug))
          .toList();
    }
  }

  private final class Teams implements TeamStore {
    private final Tx tx;

    Teams(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(Team t) {
      if (teams.containsKey(t.id())) {
        throw new ConflictException("team id " + t.id() + " is taken");
      }
      check(t);
      tx.put(teams, t.id(), t);
    }

    @Override
    public void update(Team t) {
      if (!teams.containsKey(t.id())) {
        throw new NotFoundException("no team " + t.id());
      }
      check(t);
      tx.put(teams, t.id(), t);
    }

    private void check(Team t) {
      if (!organisations.containsKey(t.organisation())) {
        throw new NotFoundException("no organisation " + t.organisation());
      }
      for (UserId m : t.members()) {
        if (!users.containsKey(m)) {
          throw new NotFoundException("no user " + m);
        }
      }
    }

    @Override
    public Optional<Team> find(TeamId id) {
      return tx.get(teams, id);
    }

    @Override
    public List<Team> listByMember(UserId user) {
      tx.checkOpen();
      return teams.values().stream()
          .filter(t -> t.members().contains(user))
          .sorted(TEAM_ORDER)
          .toList();
    }

    @Override
    public List<Team> list() {
      tx.checkOpen();
      return teams.values().stream().sorted(TEAM_ORDER).toList();
    }
  }

  private final class Users implements UserStore {
    private final Tx tx;

    Users(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(User u) {
      if (users.containsKey(u.uid())) {
        throw new ConflictException("user uid " + u.uid() + " is taken");
      }
      check(u);
      tx.put(users, u.uid(), u);
    }

    @Override
    public void update(User u) {
      if (!users.containsKey(u.uid())) {
        throw new NotFoundException("no user " + u.uid());
      }
      check(u);
      tx.put(users, u.uid(), u);
    }

    private void check(User u) {
      for (User other : users.values()) {
        if (!other.uid().equals(u.uid()) && other.email().equals(u.email())) {
          throw new ConflictException("email is taken");
        }
      }
      OrganisationId org = u.organisation();
      if (org != null && !organisations.containsKey(org)) {
        throw new NotFoundException("no organisation " + org);
      }
    }

    @Override
    public boolean delete(UserId uid) {
      if (!users.containsKey(uid)) {
        return false;
      }
      for (Team t : new ArrayList<>(teams.values())) {
        if (t.members().contains(uid)) {
          tx.put(teams, t.id(), t.withoutMember(uid));
        }
      }
      for (Grant g : new ArrayList<>(grants.values())) {
        if (g.grantee().equals(Grantee.user(uid))) {
          tx.remove(grants, g.id());
        }
      }
      for (IssuedToken t : new ArrayList<>(tokens.values())) {
        if (uid.equals(t.user())) {
          tx.remove(tokens, t.hash());
        }
      }
      for (AuthorizationCode c : new ArrayList<>(codes.values())) {
        if (uid.equals(c.user())) {
          tx.remove(codes, c.hash());
        }
      }
      for (ApplicationToken t : new ArrayList<>(applicationTokens.values())) {
        if (uid.equals(t.apiUser())) {
          tx.remove(applicationTokens, t.id());
        }
      }
      tx.remove(credentials, uid);
      for (SignInLink l : new ArrayList<>(links.values())) {
        if (uid.equals(l.user())) {
          tx.remove(links, l.hash());
        }
      }
      for (HostSession s : new ArrayList<>(sessions.values())) {
        if (uid.equals(s.user())) {
          tx.remove(sessions, s.id());
        }
      }
      return tx.remove(users, uid);
    }

    @Override
    public Optional<User> find(UserId uid) {
      return tx.get(users, uid);
    }

    @Override
    public Optional<User> findByEmail(Email email) {
      tx.checkOpen();
      return users.values().stream().filter(u -> u.email().equals(email)).findFirst();
    }

    @Override
    public List<User> list() {
      tx.checkOpen();
      return users.values().stream().sorted(Comparator.comparing(u -> u.email().value())).toList();
    }
  }

  private final class Apps implements ApplicationStore {
    private final Tx tx;

    Apps(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(Application a) {
      if (applications.containsKey(a.id())) {
        throw new ConflictException("application id " + a.id() + " is taken");
      }
      check(a);
      tx.put(applications, a.id(), a);
    }

    @Override
    public void update(Application a) {
      if (!applications.containsKey(a.id())) {
        throw new NotFoundException("no application " + a.id());
      }
      check(a);
      tx.put(applications, a.id(), a);
    }

    private void check(Application a) {
      for (Application other : applications.values()) {
        if (!other.id().equals(a.id()) && other.clientId().equals(a.clientId())) {
          throw new ConflictException("client id " + a.clientId() + " is taken");
        }
      }
      OrganisationId org = a.organisation();
      if (org != null && !organisations.containsKey(org)) {
        throw new NotFoundException("no organisation " + org);
      }
    }

    @Override
    public Optional<Application> find(ApplicationId id) {
      return tx.get(applications, id);
    }

    @Override
    public Optional<Application> findByClientId(String clientId) {
      tx.checkOpen();
      return applications.values().stream().filter(a -> a.clientId().equals(clientId)).findFirst();
    }

    @Override
    public List<Application> list() {
      tx.checkOpen();
      return applications.values().stream()
          .sorted(Comparator.comparing(Application::clientId))
          .toList();
    }
  }

  private final class Grants implements GrantStore {
    private final Tx tx;

    Grants(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(Grant g) {
      if (grants.containsKey(g.id())) {
        throw new ConflictException("grant id " + g.id() + " is taken");
      }
      if (find(g.application(), g.grantee()).isPresent()) {
        throw new ConflictException("the grantee already has a grant for this application");
      }
      if (!applications.containsKey(g.application())) {
        throw new NotFoundException("no application " + g.application());
      }
      boolean granteeExists =
          g.grantee() instanceof Grantee.ToTeam t
              ? teams.containsKey(t.team())
              : users.containsKey(((Grantee.ToUser) g.grantee()).user());
      if (!granteeExists) {
        throw new NotFoundException("no grantee " + g.grantee());
      }
      tx.put(grants, g.id(), g);
    }

    @Override
    public void update(Grant g) {
      Grant old = grants.get(g.id());
      if (old == null) {
        throw new NotFoundException("no grant " + g.id());
      }
      tx.put(grants, g.id(), old.withRoles(g.roles()));
    }

    @Override
    public boolean delete(GrantId id) {
      return tx.remove(grants, id);
    }

    @Override
    public Optional<Grant> find(GrantId id) {
      return tx.get(grants, id);
    }

    @Override
    public Optional<Grant> find(ApplicationId application, Grantee grantee) {
      tx.checkOpen();
      return grants.values().stream()
          .filter(g -> g.application().equals(application) && g.grantee().equals(grantee))
          .findFirst();
    }

    @Override
    public List<Grant> listByGrantees(Collection<Grantee> grantees) {
      tx.checkOpen();
      Set<Grantee> wanted = new HashSet<>(grantees);
      return grants.values().stream()
          .filter(g -> wanted.contains(g.grantee()))
          .sorted(GRANT_ORDER)
          .toList();
    }

    @Override
    public List<Grant> listByApplication(ApplicationId application) {
      tx.checkOpen();
      return grants.values().stream()
          .filter(g -> g.application().equals(application))
          .sorted(GRANT_ORDER)
          .toList();
    }

    @Override
    public List<Grant> list() {
      tx.checkOpen();
      return grants.values().stream().sorted(GRANT_ORDER).toList();
    }
  }

  private final class Audit implements AuditStore {
    private final Tx tx;

    Audit(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void append(AuditEvent event) {
      tx.checkOpen();
      audit.add(event);
      tx.undo.addFirst(() -> audit.remove(audit.size() - 1));
    }

    @Override
    public List<AuditEvent> listBySubject(UserId subject, int limit) {
      tx.checkOpen();
      return newestFirst(audit.stream().filter(e -> subject.equals(e.subject())).toList(), limit);
    }

    @Override
    public List<AuditEvent> listRecent(int limit) {
      tx.checkOpen();
      return newestFirst(audit, limit);
    }
  }

  private final class Codes implements AuthorizationCodeStore {
    private final Tx tx;

    Codes(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(AuthorizationCode code) {
      if (codes.containsKey(code.hash())) {
        throw new ConflictException("authorization code hash is taken");
      }
      tx.put(codes, code.hash(), code);
    }

    @Override
    public Optional<AuthorizationCode> find(TokenHash hash) {
      return tx.get(codes, hash);
    }

    @Override
    public Optional<AuthorizationCode> consume(TokenHash hash, Instant now) {
      AuthorizationCode code = codes.get(hash);
      if (code == null || code.consumedAt() != null) {
        return Optional.empty();
      }
      tx.put(
          codes,
          hash,
          new AuthorizationCode(
              code.hash(),
              code.application(),
              code.user(),
              code.redirectUri(),
              code.scopes(),
              code.nonce(),
              code.codeChallenge(),
              code.authTime(),
              code.issuedAt(),
              code.expiresAt(),
              code.family(),
              now));
      return Optional.of(code);
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
      return purge(tx, codes, c -> c.expiresAt().isBefore(before), limit);
    }
  }

  private final class Tokens implements IssuedTokenStore {
    private final Tx tx;

    Tokens(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(IssuedToken token) {
      if (tokens.containsKey(token.hash())) {
        throw new ConflictException("token hash is taken");
      }
      tx.put(tokens, token.hash(), token);
    }

    @Override
    public Optional<IssuedToken> find(TokenHash hash) {
      return tx.get(tokens, hash);
    }

    @Override
    public boolean markUsed(TokenHash hash, Instant now) {
      IssuedToken t = tokens.get(hash);
      if (t == null || t.usedAt() != null || t.revokedAt() != null) {
        return false;
      }
      tx.put(tokens, hash, withState(t, now, t.revokedAt()));
      return true;
    }

    @Override
    public boolean revoke(TokenHash hash, Instant now) {
      IssuedToken t = tokens.get(hash);
      if (t == null || t.revokedAt() != null) {
        return false;
      }
      tx.put(tokens, hash, withState(t, t.usedAt(), now));
      return true;
    }

    @Override
    public int revokeFamily(UUID family, Instant now) {
      return revokeWhere(t -> t.family().equals(family), now);
    }

    @Override
    public int revokeByUser(UserId user, Instant now) {
      return revokeWhere(t -> user.equals(t.user()), now);
    }

    @Override
    public int revokeByUserAndApplication(UserId user, ApplicationId application, Instant now) {
      return revokeWhere(t -> user.equals(t.user()) && t.application().equals(application), now);
    }

    private int revokeWhere(java.util.function.Predicate<IssuedToken> which, Instant now) {
      int n = 0;
      for (IssuedToken t : new ArrayList<>(tokens.values())) {
        if (t.revokedAt() == null && which.test(t)) {
          tx.put(tokens, t.hash(), withState(t, t.usedAt(), now));
          n++;
        }
      }
      return n;
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
      return purge(tx, tokens, t -> t.expiresAt().isBefore(before), limit);
    }

    @Override
    public int purgeExpired(TokenKind kind, Instant before, int limit) {
      return purge(tx, tokens, t -> t.kind() == kind && t.expiresAt().isBefore(before), limit);
    }
  }

  private static IssuedToken withState(
      IssuedToken t,
      @org.jspecify.annotations.Nullable Instant usedAt,
      @org.jspecify.annotations.Nullable Instant revokedAt) {
    return new IssuedToken(
        t.hash(),
        t.kind(),
        t.application(),
        t.user(),
        t.scopes(),
        t.authTime(),
        t.issuedAt(),
        t.expiresAt(),
        t.family(),
        usedAt,
        revokedAt);
  }

  private final class AppTokens implements ApplicationTokenStore {
    private final Tx tx;

    AppTokens(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(ApplicationToken token) {
      if (applicationTokens.containsKey(token.id())
          || applicationTokens.values().stream().anyMatch(t -> t.hash().equals(token.hash()))) {
        throw new ConflictException("application token id or hash is taken");
      }
      if (!users.containsKey(token.apiUser())) {
        throw new NotFoundException("no user " + token.apiUser());
      }
      if (!applications.containsKey(token.application())) {
        throw new NotFoundException("no application " + token.application());
      }
      tx.put(applicationTokens, token.id(), token);
    }

    @Override
    public Optional<ApplicationToken> find(ApplicationTokenId id) {
      return tx.get(applicationTokens, id);
    }

    @Override
    public Optional<ApplicationToken> findByHash(TokenHash hash) {
      tx.checkOpen();
      return applicationTokens.values().stream().filter(t -> t.hash().equals(hash)).findFirst();
    }

    @Override
    public List<ApplicationToken> listByApiUser(UserId apiUser) {
      tx.checkOpen();
      return applicationTokens.values().stream()
          .filter(t -> t.apiUser().equals(apiUser))
          .sorted(
              Comparator.comparing(ApplicationToken::createdAt)
                  .reversed()
                  .thenComparing(t -> t.id().value()))
          .toList();
    }

    @Override
    public List<ApplicationToken> listExpiring(Instant from, Instant to) {
      tx.checkOpen();
      return applicationTokens.values().stream()
          .filter(
              t ->
                  t.revokedAt() == null
                      && !t.expiresAt().isBefore(from)
                      && t.expiresAt().isBefore(to))
          .sorted(
              Comparator.comparing(ApplicationToken::expiresAt).thenComparing(t -> t.id().value()))
          .toList();
    }

    @Override
    public boolean touch(ApplicationTokenId id, Instant now, Instant notBefore) {
      ApplicationToken t = applicationTokens.get(id);
      if (t == null) {
        return false;
      }
      Instant last = t.lastUsedAt();
      if (last != null && !last.isBefore(notBefore)) {
        return false;
      }
      tx.put(applicationTokens, id, withUse(t, now, t.revokedAt()));
      return true;
    }

    @Override
    public boolean revoke(ApplicationTokenId id, Instant now) {
      ApplicationToken t = applicationTokens.get(id);
      if (t == null || t.revokedAt() != null) {
        return false;
      }
      tx.put(applicationTokens, id, withUse(t, t.lastUsedAt(), now));
      return true;
    }

    @Override
    public int revokeByApiUser(UserId apiUser, Instant now) {
      int n = 0;
      for (ApplicationToken t : new ArrayList<>(applicationTokens.values())) {
        if (t.apiUser().equals(apiUser) && t.revokedAt() == null) {
          tx.put(applicationTokens, t.id(), withUse(t, t.lastUsedAt(), now));
          n++;
        }
      }
      return n;
    }
  }

  private static ApplicationToken withUse(
      ApplicationToken t,
      @org.jspecify.annotations.Nullable Instant lastUsedAt,
      @org.jspecify.annotations.Nullable Instant revokedAt) {
    return new ApplicationToken(
        t.id(),
        t.hash(),
        t.apiUser(),
        t.application(),
        t.createdAt(),
        t.expiresAt(),
        lastUsedAt,
        revokedAt,
        t.createdBy(),
        t.replaces());
  }

  private final class Keys implements SigningKeyStore {
    private final Tx tx;

    Keys(Tx tx) {
      this.tx = tx;
    }

    @Override
    public void insert(StoredSigningKey key) {
      if (signingKeys.containsKey(key.kid())) {
        throw new ConflictException("signing key id is taken");
      }
      tx.put(signingKeys, key.kid(), key);
    }

    @Override
    public List<StoredSigningKey> list() {
      tx.checkOpen();
      return signingKeys.values().stream()
          .sorted(
              Comparator.comparing(StoredSigningKey::createdAt)
                  .reversed()
                  .thenComparing(StoredSigningKey::kid))
          .toList();
    }

    @Override
    public int purgeExpired(Instant before) {
      return purge(tx, signingKeys, k -> k.expiresAt().isBefore(before), Integer.MAX_VALUE);
    }
  }

  private static <K, V> int purge(
      Tx tx, Map<K, V> map, java.util.function.Predicate<V> expired, int limit) {
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
      tx.remove(map, k);
    }
    return doomed.size();
  }

  private static List<AuditEvent> newestFirst(List<AuditEvent> events, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
    List<AuditEvent> out = new ArrayList<>();
    for (int i = events.size() - 1; i >= 0 && out.size() < limit; i--) {
      out.add(events.get(i));
    }
    return out;
  }
}
