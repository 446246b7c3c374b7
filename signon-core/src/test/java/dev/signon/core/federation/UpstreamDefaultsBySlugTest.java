package dev.signon.core.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.signin.Origin;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A trusted upstream's default organisation named by slug and grants by client id, looked up at
 * each activation: while one names what the host lacks, the person waits as pending.
 */
class UpstreamDefaultsBySlugTest {
  static final Origin ORIGIN = new Origin("203.0.113.9", "test");
  static final URI DEPT = URI.create("https://signon.dept.example");

  private final EngineFixture f = new EngineFixture(new InMemorySignonStore());

  @AfterEach
  void close() {
    f.server.close();
  }

  UpstreamArrivals trusting(String organisationSlug, UpstreamGrant grant) {
    Upstream dept =
        Upstream.builder()
            .name("dept")
            .issuer(DEPT)
            .clientId("host")
            .clientSecret("s3cret")
            .autoActivate(true)
            .defaultOrganisationSlug(organisationSlug)
            .defaultGrants(List.of(grant))
            .build();
    return SignonServer.builder()
        .issuer(URI.create(EngineFixture.ISSUER))
        .store(f.store)
        .clock(f.clock)
        .random(f.random)
        .keyEncryptionKey(f.kek)
        .federation(FederationSettings.builder().upstream(dept).build())
        .build()
        .upstreamArrivals();
  }

  static UpstreamIdentity fromDept(String sub, String email) {
    return new UpstreamIdentity("dept", DEPT, sub, Email.of(email), true, "Dee", null);
  }

  @Test
  void organisationCreatedAfterStartIsJoinedOnceItExists() {
    UpstreamArrivals arrivals = trusting("later.moj", UpstreamGrant.of("visits", "reporting"));

    Arrival early = arrivals.arrive(fromDept("sub-1", "dee@example.gov.uk"), ORIGIN);
    assertThat(early).isInstanceOf(Arrival.Pending.class);

    Organisation later = f.server.admin().ensureOrganisationPath(Actor.host(), "later.moj");
    Arrival next = arrivals.arrive(fromDept("sub-1", "dee@example.gov.uk"), ORIGIN);

    assertThat(next).isInstanceOf(Arrival.SignedIn.class);
    User dee = user("dee@example.gov.uk");
    assertThat(dee.status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(dee.organisation()).isEqualTo(later.id());
    Optional<Grant> grant =
        f.store.transaction(tx -> tx.grants().find(f.visits.id(), Grantee.user(dee.uid())));
    assertThat(grant).map(Grant::roles).contains(Set.of("signin", "reporting"));
  }

  @Test
  void roleTheApplicationLacksLeavesThePersonPendingWithNoGrant() {
    Organisation moj = f.moj;
    UpstreamArrivals arrivals = trusting(moj.slug(), UpstreamGrant.of("visits", "superuser"));

    Arrival a = arrivals.arrive(fromDept("sub-1", "dee@example.gov.uk"), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.Pending.class);
    User dee = user("dee@example.gov.uk");
    assertThat(dee.status()).isEqualTo(UserStatus.PENDING);
    Optional<Grant> grant =
        f.store.transaction(tx -> tx.grants().find(f.visits.id(), Grantee.user(dee.uid())));
    assertThat(grant).isEmpty();
  }

  @Test
  void unknownApplicationLeavesThePersonPending() {
    UpstreamArrivals arrivals = trusting(f.moj.slug(), UpstreamGrant.of("parking"));

    Arrival a = arrivals.arrive(fromDept("sub-1", "dee@example.gov.uk"), ORIGIN);

    assertThat(a).isInstanceOf(Arrival.Pending.class);
    assertThat(user("dee@example.gov.uk").status()).isEqualTo(UserStatus.PENDING);
  }

  @Test
  void unresolvedDefaultsNameTheSettingAndWhatIsMissing() {
    Upstream dept =
        Upstream.builder()
            .name("dept")
            .issuer(DEPT)
            .clientId("host")
            .autoActivate(true)
            .defaultOrganisationSlug("nowhere")
            .defaultGrants(
                List.of(UpstreamGrant.of("visits", "superuser"), UpstreamGrant.of("parking")))
            .build();

    List<Activation.UnresolvedDefault> missing =
        f.store.transaction(tx -> Activation.unresolvedDefaults(tx, dept));

    assertThat(missing)
        .containsExactly(
            new Activation.UnresolvedDefault(
                "defaultOrganisation", "nowhere", "no organisation nowhere"),
            new Activation.UnresolvedDefault(
                "defaultGrants", "visits", "application visits has no role superuser"),
            new Activation.UnresolvedDefault("defaultGrants", "parking", "no application parking"));
  }

  @Test
  void organisationByIdAndBySlugTogetherAreRefused() {
    Upstream.Builder b =
        Upstream.builder()
            .name("dept")
            .issuer(DEPT)
            .clientId("host")
            .autoActivate(true)
            .defaultOrganisation(f.moj.id())
            .defaultOrganisationSlug(f.moj.slug());

    org.assertj.core.api.Assertions.assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not both");
  }

  private User user(String email) {
    return f.store.transaction(tx -> tx.users().findByEmail(Email.of(email))).orElseThrow();
  }
}
