package dev.signon.core.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.ConflictException;
import dev.signon.core.signin.Origin;
import dev.signon.core.store.SignonStore;
import dev.signon.core.testing.EngineFixture;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules that match a person arriving from an upstream to an account, and activation; run on
 * every store.
 */
abstract class UpstreamArrivalsBehaviour {
  static final Origin ORIGIN = new Origin("203.0.113.9", "test");
  static final URI LOGIN = URI.create("https://oidc.login.example/");
  static final URI DEPT = URI.create("https://signon.dept.example");

  @SuppressWarnings("NullAway.Init") // set before each test
  EngineFixture f;

  @SuppressWarnings("NullAway.Init") // set before each test
  UpstreamArrivals arrivals;

  protected abstract SignonStore newStore();

  @BeforeEach
  void host() {
    f =
        new EngineFixture(
            URI.create(EngineFixture.ISSUER),
            newStore(),
            true,
            b -> b.federation(FederationSettings.builder().upstream(login()).build()));
    arrivals = f.server.upstreamArrivals();
  }

  @AfterEach
  void close() {
    f.server.close();
  }

  static Upstream login() {
    return Upstream.builder()
        .name("one-login")
        .displayName("GOV.UK One Login")
        .issuer(LOGIN)
        .clientId("host")
        .clientSecret("s3cret")
        .build();
  }

  /** Arrivals where {@code dept} is a trusted Signon upstream for example.gov.uk people. */
  UpstreamArrivals trusting() {
    Upstream dept =
        Upstream.builder()
            .name("dept")
            .issuer(DEPT)
            .clientId("host")
            .clientSecret("s3cret")
            .autoActivate(true)
            .emailDomains(Set.of("example.gov.uk"))
            .requireActiveAtUpstream(true)
            .defaultOrganisation(f.moj.id())
            .defaultGrants(List.of(UpstreamGrant.of("visits", "reporting")))
            .build();
    // A second host instance over the same store, as another replica configured alike.
    return dev.signon.core.SignonServer.builder()
        .issuer(URI.create(EngineFixture.ISSUER))
        .store(f.store)
        .clock(f.clock)
        .random(f.random)
        .keyEncryptionKey(f.kek)
        .federation(FederationSettings.builder().upstream(login()).upstream(dept).build())
        .build()
        .upstreamArrivals();
  }

  static UpstreamIdentity fromLogin(String sub, @Nullable String email, boolean verified) {
    return new UpstreamIdentity(
        "one-login", LOGIN, sub, email == null ? null : Email.of(email), verified, "Ann", null);
  }

  static UpstreamIdentity fromDept(String sub, String email, @Nullable Boolean active) {
    return new UpstreamIdentity("dept", DEPT, sub, Email.of(email), true, "Dee", active);
  }

  User user(UserId uid) {
    return f.store.transaction(tx -> tx.users().find(uid)).orElseThrow();
  }

  Optional<UpstreamLink> link(URI issuer, String sub) {
    return f.store.transaction(tx -> tx.upstreamLinks().find(issuer.toString(), sub));
  }

  List<AuditEventType> events(UserId uid) {
    return f.store.transaction(tx -> tx.audit().listBySubject(uid, 100)).stream()
        .map(AuditEvent::type)
        .toList();
  }

  boolean canSignInToVisits(UserId uid) {
    User u = user(uid);
    return f.store.transaction(
        tx -> {
          EffectivePermissions p = tx.permissions(u, f.visits);
          return p.canSignIn();
        });
  }

  // ------------------------------------------------------------------ the store

  @Test
  void linkingOneIdentityTwiceIsAConflictAndKeepsTheFirst() {
    UpstreamLink first =
        new UpstreamLink(LOGIN.toString(), "s", f.joe.uid(), "one-login", f.clock.instant());
    f.store.transaction(
        tx -> {
          tx.upstreamLinks().insert(first);
          return null;
        });

    assertThatThrownBy(
            () ->
                f.store.transaction(
                    tx -> {
                      tx.upstreamLinks()
                          .insert(
                              new UpstreamLink(
                                  LOGIN.toString(),
                                  "s",
                                  f.superadmin.uid(),
                                  "one-login",
                                  f.clock.instant()));
                      return null;
                    }))
        .isInstanceOf(ConflictException.class);
    assertThat(link(LOGIN, "s")).contains(first);
  }

  @Test
  void removingTheUserRemovesTheirLinksAndRestriction() {
    f.store.transaction(
        tx -> {
          tx.upstreamLinks()
              .insert(
                  new UpstreamLink(
                      LOGIN.toString(), "s", f.joe.uid(), "one-login", f.clock.instant()));
          tx.upstreamLinks().restrictEmailMatch(f.joe.uid(), "one-login");
          return null;
        });

    f.store.transaction(tx -> tx.users().delete(f.joe.uid()));

    assertThat(link(LOGIN, "s")).isEmpty();
    Optional<String> restriction =
        f.store.transaction(tx -> tx.upstreamLinks().emailMatchRestriction(f.joe.uid()));
    assertThat(restriction).isEmpty();
  }

  // ------------------------------------------------------------------ matching

  @Test
  void arriveWhenNewAndUntrustedThenPendingWithoutSession() {
    Arrival a = arrivals.arrive(fromLogin("sub-1", "ann@elsewhere.example", true), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.Pending.class);
    User ann = user(((Arrival.Pending) a).user());
    assertThat(ann.status()).isEqualTo(UserStatus.PENDING);
    assertThat(ann.isActive()).isFalse();
    assertThat(link(LOGIN, "sub-1")).map(UpstreamLink::user).contains(ann.uid());
    assertThat(events(ann.uid()))
        .contains(AuditEventType.ACCOUNT_PENDING, AuditEventType.UPSTREAM_LINKED);
  }

  @Test
  void arriveWhenPendingAgainThenStillPending() {
    Arrival first = arrivals.arrive(fromLogin("sub-1", "ann@elsewhere.example", true), ORIGIN);
    Arrival again = arrivals.arrive(fromLogin("sub-1", "ann@elsewhere.example", true), ORIGIN);

    assertThat(again).isEqualTo(first);
  }

  @Test
  void arriveWhenVerifiedEmailMatchesThenLinkAndSignIn() {
    Arrival a = arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.SignedIn.class);
    assertThat(((Arrival.SignedIn) a).result().user()).isEqualTo(f.joe.uid());
    assertThat(link(LOGIN, "joe-at-login")).map(UpstreamLink::user).contains(f.joe.uid());
    assertThat(events(f.joe.uid()))
        .contains(AuditEventType.UPSTREAM_LINKED, AuditEventType.SIGNED_IN);
  }

  @Test
  void arriveWhenLinkedThenMatchedBySubjectWhateverTheEmail() {
    arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);

    Arrival a = arrivals.arrive(fromLogin("joe-at-login", null, false), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.SignedIn.class);
    assertThat(((Arrival.SignedIn) a).result().user()).isEqualTo(f.joe.uid());
  }

  @Test
  void arriveWhenEmailUnverifiedThenNeverMatchedToTheAccount() {
    Arrival a = arrivals.arrive(fromLogin("impostor", "joe@example.gov.uk", false), ORIGIN);

    assertThat(a).isEqualTo(new Arrival.Refused("email_unverified"));
    assertThat(link(LOGIN, "impostor")).isEmpty();
    assertThat(user(f.joe.uid()).status()).isEqualTo(UserStatus.ACTIVE);
  }

  @Test
  void arriveWhenUnverifiedAndNewThenPendingAndNeverAutoActivated() {
    Arrival a =
        trusting()
            .arrive(
                new UpstreamIdentity(
                    "dept", DEPT, "d-1", Email.of("dee@example.gov.uk"), false, "Dee", true),
                ORIGIN);

    assertThat(a).isInstanceOf(Arrival.Pending.class);
  }

  @Test
  void arriveWhenAccountLinkedToAnotherSubjectOfTheSameUpstreamThenRefused() {
    arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);

    Arrival a = arrivals.arrive(fromLogin("second-joe", "joe@example.gov.uk", true), ORIGIN);

    assertThat(a).isEqualTo(new Arrival.Refused("linked_to_another_subject"));
  }

  @Test
  void arriveWhenEmailChangedAtUpstreamThenAccountFollowsAudited() {
    arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);

    arrivals.arrive(fromLogin("joe-at-login", "joseph@example.gov.uk", true), ORIGIN);

    assertThat(user(f.joe.uid()).email()).isEqualTo(Email.of("joseph@example.gov.uk"));
    assertThat(events(f.joe.uid())).contains(AuditEventType.UPSTREAM_EMAIL_FOLLOWED);
  }

  @Test
  void arriveWhenChangedEmailIsUnverifiedThenAccountKeepsItsEmail() {
    arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);

    arrivals.arrive(fromLogin("joe-at-login", "joseph@example.gov.uk", false), ORIGIN);

    assertThat(user(f.joe.uid()).email()).isEqualTo(Email.of("joe@example.gov.uk"));
  }

  @Test
  void arriveWhenAccountSuspendedThenRefused() {
    arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);
    f.server.admin().suspend(Actor.host(), f.joe.uid(), "left");

    Arrival a = arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);

    assertThat(a).isEqualTo(new Arrival.Refused("account_suspended"));
    assertThat(events(f.joe.uid())).contains(AuditEventType.UPSTREAM_SIGN_IN_REFUSED);
  }

  @Test
  void arriveWhenAccountDeactivatedThenRefusedByEmailMatch() {
    f.server.admin().deactivate(Actor.host(), f.joe.uid());

    Arrival a = arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);

    assertThat(a).isEqualTo(new Arrival.Refused("account_deactivated"));
    assertThat(link(LOGIN, "joe-at-login")).isEmpty();
  }

  @Test
  void arriveWhenAccountDeactivatedThenRefusedBySubject() {
    arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);
    f.server.admin().deactivate(Actor.host(), f.joe.uid());

    Arrival a = arrivals.arrive(fromLogin("joe-at-login", "joe@example.gov.uk", true), ORIGIN);

    assertThat(a).isEqualTo(new Arrival.Refused("account_deactivated"));
  }

  // ------------------------------------------------------------------ pre-activation

  @Test
  void preActivatedEmailLinksOnFirstArrivalThroughItsUpstream() {
    User pre =
        f.server
            .admin()
            .activations()
            .preActivate(
                Actor.host(),
                NewUser.of("Pat", Email.of("pat@example.gov.uk")).inOrganisation(f.moj.id()),
                List.of(UpstreamGrant.of("visits")),
                "one-login");

    Arrival a = arrivals.arrive(fromLogin("pat-sub", "pat@example.gov.uk", true), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.SignedIn.class);
    assertThat(((Arrival.SignedIn) a).result().user()).isEqualTo(pre.uid());
    assertThat(canSignInToVisits(pre.uid())).isTrue();
    assertThat(events(pre.uid()))
        .contains(AuditEventType.ACCOUNT_PRE_ACTIVATED, AuditEventType.ACCOUNT_ACTIVATED);
  }

  @Test
  void preActivatedEmailForAnotherUpstreamIsNotLinked() {
    f.server
        .admin()
        .activations()
        .preActivate(
            Actor.host(), NewUser.of("Pat", Email.of("pat@example.gov.uk")), List.of(), "dept");

    Arrival a = arrivals.arrive(fromLogin("pat-sub", "pat@example.gov.uk", true), ORIGIN);

    assertThat(a).isEqualTo(new Arrival.Refused("restricted_to_another_upstream"));
    assertThat(link(LOGIN, "pat-sub")).isEmpty();
  }

  @Test
  void preActivatedIdentityIsThatAccountWhateverItsEmail() {
    User pre =
        f.server
            .admin()
            .activations()
            .preActivateIdentity(
                Actor.host(),
                NewUser.of("Pat", Email.of("pat@example.gov.uk")),
                List.of(),
                login(),
                "pat-sub");

    Arrival a = arrivals.arrive(fromLogin("pat-sub", "someone@else.example", false), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.SignedIn.class);
    assertThat(((Arrival.SignedIn) a).result().user()).isEqualTo(pre.uid());
  }

  // ------------------------------------------------------------------ admin activation

  @Test
  void pendingAccountActivatedByAnAdminThenSignsIn() {
    UserId ann =
        ((Arrival.Pending) arrivals.arrive(fromLogin("a", "ann@elsewhere.example", true), ORIGIN))
            .user();
    assertThat(f.server.admin().activations().pending(Actor.host()))
        .extracting(User::uid)
        .containsExactly(ann);

    f.server
        .admin()
        .activations()
        .activate(
            Actor.user(f.superadmin.uid()),
            ann,
            f.moj.id(),
            UserRole.NORMAL,
            List.of(UpstreamGrant.of("visits")));

    assertThat(arrivals.arrive(fromLogin("a", "ann@elsewhere.example", true), ORIGIN))
        .isInstanceOf(Arrival.SignedIn.class);
    assertThat(canSignInToVisits(ann)).isTrue();
    assertThat(f.server.admin().activations().pending(Actor.host())).isEmpty();
  }

  @Test
  void pendingAccountRefusedByAnAdminThenRefusedOnArrival() {
    UserId ann =
        ((Arrival.Pending) arrivals.arrive(fromLogin("a", "ann@elsewhere.example", true), ORIGIN))
            .user();

    f.server.admin().activations().refuse(Actor.host(), ann, "not one of ours");

    assertThat(arrivals.arrive(fromLogin("a", "ann@elsewhere.example", true), ORIGIN))
        .isEqualTo(new Arrival.Refused("account_deactivated"));
    assertThat(events(ann)).contains(AuditEventType.ACCOUNT_REFUSED);
  }

  // ------------------------------------------------------------------ trusted upstreams

  @Test
  void trustedUpstreamActivatesActivePersonOfAllowedDomainWithDefaults() {
    Arrival a = trusting().arrive(fromDept("d-1", "dee@example.gov.uk", true), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.SignedIn.class);
    User dee = user(((Arrival.SignedIn) a).result().user());
    assertThat(dee.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(dee.organisation()).isEqualTo(f.moj.id());
    assertThat(canSignInToVisits(dee.uid())).isTrue();
    assertThat(events(dee.uid())).contains(AuditEventType.ACCOUNT_ACTIVATED);
  }

  @Test
  void trustedUpstreamLeavesOtherDomainPending() {
    Arrival a = trusting().arrive(fromDept("d-2", "dee@other.example", true), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.Pending.class);
  }

  @Test
  void trustedUpstreamLeavesPersonInactiveThereOnlyPending() {
    Arrival a = trusting().arrive(fromDept("d-3", "dee@example.gov.uk", false), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.Pending.class);
    assertThat(user(((Arrival.Pending) a).user()).isActive()).isFalse();
  }

  @Test
  void trustedUpstreamActivatesPendingPersonOnceActiveThere() {
    UpstreamArrivals t = trusting();
    t.arrive(fromDept("d-4", "dee@example.gov.uk", null), ORIGIN);

    assertThat(t.arrive(fromDept("d-4", "dee@example.gov.uk", true), ORIGIN))
        .isInstanceOf(Arrival.SignedIn.class);
  }

  @Test
  void linkedPersonNoLongerActiveAtSignonUpstreamIsRefused() {
    UpstreamArrivals t = trusting();
    t.arrive(fromDept("d-5", "dee@example.gov.uk", true), ORIGIN);

    assertThat(t.arrive(fromDept("d-5", "dee@example.gov.uk", false), ORIGIN))
        .isEqualTo(new Arrival.Refused("inactive_at_upstream"));
  }
}
