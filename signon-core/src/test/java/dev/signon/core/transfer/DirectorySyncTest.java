package dev.signon.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.core.SignonServer;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.application.ClientType;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.ParentOrigin;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.mail.InMemoryEmailSender;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.signin.PasswordHasher;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.testing.SignInTesting;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Production synced into staging through the directory document: what staging can do with people
 * and applications it did not make. Production is the sign-in fixture's host; staging is a second
 * host over its own store, its clock set to production's.
 */
class DirectorySyncTest extends SignInTesting {
  private static final URI STAGING = URI.create("https://signon.staging.example");

  private final MutableClock stagingClock = new MutableClock(f.clock.instant());
  private final SignonStore stagingStore = new InMemorySignonStore();
  private final SignonServer staging =
      SignonServer.builder()
          .issuer(STAGING)
          .store(stagingStore)
          .clock(stagingClock)
          .random(f.random)
          .keyEncryptionKey(KeyEncryptionKey.generate(f.random))
          .emailSender(new InMemoryEmailSender())
          .passwordHasher(PasswordHasher.argon2id(f.random, 64, 1, 1))
          .build();

  private void sync() {
    stagingClock.set(f.clock.instant());
    staging.admin().importDirectory(Actor.host(), f.server.admin().exportDirectory(Actor.host()));
  }

  private User onProduction(User u) {
    return f.store.transaction(tx -> tx.users().find(u.uid())).orElseThrow();
  }

  /** An API-only application for production, to finish with its credentials. */
  private Application.Builder reportsApi() {
    return Application.builder()
        .id(f.server.admin().newApplicationId())
        .clientId("reports-api")
        .name("Reports API")
        .apiOnly(true);
  }

  private Application onProduction(Application.Builder app) {
    return f.server.admin().createApplication(Actor.host(), app.build());
  }

  private User onStaging(User u) {
    return stagingStore.transaction(tx -> tx.users().find(u.uid())).orElseThrow();
  }

  // --- people's last sign-in and the inactivity rule

  @Test
  void syncOfPeopleActiveYesterdaySuspendsNobodyOnStaging() {
    User ann = person("ann@example.gov.uk", UserRole.NORMAL);
    User bob = person("bob@example.gov.uk", UserRole.NORMAL);
    f.clock.advance(Duration.ofDays(100)); // both created more than 45 days ago
    passwords.signIn(ann.email(), PASSWORD, null, ORIGIN);
    passwords.signIn(bob.email(), PASSWORD, null, ORIGIN);
    f.clock.advance(Duration.ofDays(1)); // active yesterday

    sync();
    int suspended = staging.housekeeping().suspendInactive();

    assertThat(onStaging(ann).status()).isEqualTo(UserStatus.ACTIVE);
    assertThat(onStaging(bob).status()).isEqualTo(UserStatus.ACTIVE);
    // Only those idle on production too: the fixture's people, created and never signed in since.
    assertThat(suspended).isEqualTo(f.server.housekeeping().suspendInactive()).isEqualTo(2);
    assertThat(onStaging(f.joe).status()).isEqualTo(UserStatus.SUSPENDED);
  }

  @Test
  void importedLastSignInIsWhereTheInactivityRuleCountsFrom() {
    User ann = person("ann@example.gov.uk", UserRole.NORMAL);
    f.clock.advance(Duration.ofDays(20));
    passwords.signIn(ann.email(), PASSWORD, null, ORIGIN);
    Instant lastSignIn = f.clock.instant();
    f.clock.advance(Duration.ofDays(1));
    sync();

    stagingClock.set(lastSignIn.plus(Duration.ofDays(45)).minus(Duration.ofMinutes(1)));
    staging.housekeeping().suspendInactive();
    assertThat(onStaging(ann).status()).isEqualTo(UserStatus.ACTIVE);
    stagingClock.set(lastSignIn.plus(Duration.ofDays(45)).plus(Duration.ofHours(1)));
    staging.housekeeping().suspendInactive();
    assertThat(onStaging(ann).status()).isEqualTo(UserStatus.SUSPENDED);
  }

  @Test
  void lastSignInOnlyMovesForwardSoASignInOnStagingIsKept() {
    User ann = person("ann@example.gov.uk", UserRole.NORMAL);
    Instant onProduction = f.clock.instant();
    f.clock.advance(Duration.ofDays(2));
    sync();
    Instant onStagingLater = stagingClock.instant();
    stagingStore.transaction(
        tx -> {
          UserCredentials c = tx.credentials().find(ann.uid()).orElseThrow();
          tx.credentials().save(c.copy().lastSignInAt(onStagingLater).build());
          return null;
        });

    ImportReport second =
        staging
            .admin()
            .importDirectory(Actor.host(), f.server.admin().exportDirectory(Actor.host()));

    assertThat(lastSignIn(ann)).contains(onStagingLater).isNotEqualTo(Optional.of(onProduction));
    assertThat(second.users().updated()).isZero();
  }

  @Test
  void aLaterSignInOnProductionIsAnUpdateOfThePerson() {
    User ann = person("ann@example.gov.uk", UserRole.NORMAL);
    sync();
    f.clock.advance(Duration.ofDays(3));
    passwords.signIn(ann.email(), PASSWORD, null, ORIGIN);

    stagingClock.set(f.clock.instant());
    ImportReport report =
        staging
            .admin()
            .importDirectory(Actor.host(), f.server.admin().exportDirectory(Actor.host()));

    assertThat(report.users().updated()).isEqualTo(1);
    assertThat(lastSignIn(ann)).contains(f.clock.instant());
  }

  private Optional<Instant> lastSignIn(User u) {
    return stagingStore.transaction(
        tx -> tx.credentials().find(u.uid()).map(UserCredentials::lastSignInAt));
  }

  // --- people's numbers

  @Test
  void syncCarriesEachPersonsNumber() {
    User ann = person("ann@example.gov.uk", UserRole.NORMAL);

    sync();

    assertThat(onStaging(ann).number()).isEqualTo(onProduction(ann).number()).isNotNull();
    assertThat(onStaging(f.joe).number()).isEqualTo(onProduction(f.joe).number());
  }

  @Test
  void aNumberTakenOnStagingIsNotGivenTwice() {
    // Staging's own test account came first and holds number 1, which production's superadmin has.
    staging
        .admin()
        .createUser(
            Actor.host(),
            dev.signon.core.admin.NewUser.of(
                "Staging Tester", dev.signon.core.directory.Email.of("tester@staging.example")));
    assertThat(onProduction(f.superadmin).number()).isEqualTo(1L);

    sync();

    List<Long> numbers =
        stagingStore.transaction(tx -> tx.users().list().stream().map(User::number).toList());
    assertThat(numbers).doesNotHaveDuplicates().doesNotContainNull();
    assertThat(onStaging(f.superadmin).number()).isNotEqualTo(1L);
    assertThat(onStaging(f.joe).number()).isEqualTo(onProduction(f.joe).number());
  }

  // --- applications' client types

  @Test
  void importedConfidentialClientCannotAuthenticateUntilAnAdminSetsASecret() {
    ClientSecret productionSecret = ClientSecret.mint(f.random);
    Application reports = onProduction(reportsApi().clientSecretHash(productionSecret.hash()));
    sync();

    Application imported =
        stagingStore.transaction(tx -> tx.applications().find(reports.id())).orElseThrow();
    assertThat(imported.clientType()).isEqualTo(ClientType.CONFIDENTIAL);
    assertThat(imported.isPublicClient()).isFalse();
    assertThat(imported.clientSecretHash()).isNull();
    assertThat(error(stagingToken("reports-api", productionSecret.value().reveal())))
        .as("production's secret never reached staging")
        .isEqualTo("invalid_client");
    assertThat(error(stagingToken(null, null, "client_id", "reports-api")))
        .as("no secret does not make it public")
        .isEqualTo("invalid_client");

    ClientSecret stagingSecret = ClientSecret.mint(f.random);
    staging
        .admin()
        .updateApplication(
            Actor.host(), imported.toBuilder().clientSecretHash(stagingSecret.hash()).build());

    ProtocolResponse ok = stagingToken("reports-api", stagingSecret.value().reveal());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(json(ok).get("access_token").asString()).isNotBlank();
  }

  @Test
  void theNextSyncKeepsTheSecretStagingSet() {
    onProduction(reportsApi().clientSecretHash(ClientSecret.mint(f.random).hash()));
    sync();
    Application imported =
        stagingStore
            .transaction(tx -> tx.applications().findByClientId("reports-api"))
            .orElseThrow();
    ClientSecret stagingSecret = ClientSecret.mint(f.random);
    staging
        .admin()
        .updateApplication(
            Actor.host(), imported.toBuilder().clientSecretHash(stagingSecret.hash()).build());

    sync();

    assertThat(stagingToken("reports-api", stagingSecret.value().reveal()).status()).isEqualTo(200);
  }

  @Test
  void privateKeyJwtClientIsImportedWithItsKeysAndAuthenticatesOnStaging() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("reports-2026").generate();
    onProduction(reportsApi().jwks(new JWKSet(key.toPublicJWK()).toString()));

    sync();

    Application imported =
        stagingStore
            .transaction(tx -> tx.applications().findByClientId("reports-api"))
            .orElseThrow();
    assertThat(imported.clientType()).isEqualTo(ClientType.PRIVATE_KEY_JWT);
    ProtocolResponse ok =
        stagingToken(
            null,
            null,
            "grant_type",
            "client_credentials",
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion",
            assertion(key, "reports-api", STAGING + "/oauth/token"));
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void privateKeyJwtClientWithAJwksUriIsImported() {
    ObjectNode doc = TransferTesting.sample();
    ObjectNode publisher = TransferTesting.entry(doc, "applications", 2);
    publisher.putNull("jwks");
    publisher.put("jwks_uri", "https://publisher.example/.well-known/jwks.json");

    staging.admin().importDirectory(Actor.host(), TransferTesting.json(doc));

    Application imported =
        stagingStore.transaction(tx -> tx.applications().findByClientId("publisher")).orElseThrow();
    assertThat(imported.clientType()).isEqualTo(ClientType.PRIVATE_KEY_JWT);
    assertThat(imported.jwksUri())
        .isEqualTo(URI.create("https://publisher.example/.well-known/jwks.json"));
    assertThat(imported.jwks()).isNull();
  }

  private String assertion(ECKey key, String clientId, String audience) throws Exception {
    Instant now = stagingClock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private ProtocolResponse stagingToken(String clientId, String secret) {
    return stagingToken(clientId, secret, "grant_type", "client_credentials");
  }

  private ProtocolResponse stagingToken(
      @Nullable String basicClient, @Nullable String basicSecret, String... form) {
    return EngineFixture.token(staging.authorizationServer(), basicClient, basicSecret, form);
  }

  private static JsonNode json(ProtocolResponse r) {
    return TransferTesting.JSON.readTree(r.body());
  }

  private static String error(ProtocolResponse r) {
    return json(r).get("error").asString();
  }

  /** Stores an organisation on production as the register and an admin would have left it. */
  private Organisation organisationOnProduction(
      String slug, Set<Organisation> parents, Set<Organisation> fromRegister, boolean closed) {
    Organisation o =
        Organisation.builder()
            .id(new OrganisationId(UUID.randomUUID()))
            .slug(slug)
            .name(slug)
            .contentId(UUID.randomUUID())
            .parents(parents.stream().map(Organisation::id).collect(Collectors.toSet()))
            .feedParents(fromRegister.stream().map(Organisation::id).collect(Collectors.toSet()))
            .closed(closed)
            .build();
    f.store.transaction(
        tx -> {
          tx.organisations().insert(o);
          return null;
        });
    return o;
  }

  private Organisation onStaging(Organisation o) {
    return stagingStore.transaction(tx -> tx.organisations().find(o.id())).orElseThrow();
  }

  @Test
  void aClosedOrganisationStaysClosedAndALocalParentStaysLocalOnStaging() {
    Organisation cabinetOffice =
        organisationOnProduction("cabinet-office", Set.of(), Set.of(), false);
    Organisation gds = organisationOnProduction("gds", Set.of(), Set.of(), false);
    Organisation closedUnit =
        organisationOnProduction(
            "old-unit", Set.of(cabinetOffice, gds), Set.of(cabinetOffice), true);

    sync();

    Organisation synced = onStaging(closedUnit);
    assertThat(synced.closed()).isTrue();
    assertThat(synced.parents()).containsExactlyInAnyOrder(cabinetOffice.id(), gds.id());
    assertThat(synced.parentOrigin(cabinetOffice.id())).isEqualTo(ParentOrigin.FEED);
    assertThat(synced.parentOrigin(gds.id())).isEqualTo(ParentOrigin.LOCAL);
    assertThat(onStaging(gds).closed()).isFalse();
  }

  @Test
  void aVersion1DocumentNeverReopensAClosedOrganisationNorForgetsWhereParentsCameFrom() {
    Organisation cabinetOffice =
        organisationOnProduction("cabinet-office", Set.of(), Set.of(), false);
    Organisation closedUnit =
        organisationOnProduction("old-unit", Set.of(cabinetOffice), Set.of(cabinetOffice), true);
    sync();
    ObjectNode v1 =
        (ObjectNode) TransferTesting.JSON.readTree(f.server.admin().exportDirectory(Actor.host()));
    v1.put("signon_directory", 1);
    for (JsonNode o : v1.get("organisations")) {
      ((ObjectNode) o).remove(List.of("closed", "feed_parents"));
    }
    // Version 1 knows nothing of people's numbers, sign-ins or client settings either.
    for (String section : List.of("users", "api_users")) {
      for (JsonNode u : v1.get(section)) {
        ((ObjectNode) u).remove(List.of("number", "last_sign_in_at"));
      }
    }
    for (JsonNode a : v1.get("applications")) {
      ((ObjectNode) a)
          .remove(
              List.of(
                  "client_type",
                  "jwks",
                  "jwks_uri",
                  "id_token_signing_alg",
                  "access_token_format",
                  "post_logout_redirect_uris",
                  "supports_push_updates",
                  "push_base_uri",
                  "backchannel_logout_uri",
                  "backchannel_logout_session_required",
                  "notice_give_up_after"));
    }

    staging.admin().importDirectory(Actor.host(), v1.toString());

    Organisation synced = onStaging(closedUnit);
    assertThat(synced.closed()).isTrue();
    assertThat(synced.parentOrigin(cabinetOffice.id())).isEqualTo(ParentOrigin.FEED);
  }

  @Test
  void aFeedParentThatIsNotAParentIsRefused() {
    Organisation cabinetOffice =
        organisationOnProduction("cabinet-office", Set.of(), Set.of(), false);
    organisationOnProduction("unit", Set.of(), Set.of(), false);
    ObjectNode doc =
        (ObjectNode) TransferTesting.JSON.readTree(f.server.admin().exportDirectory(Actor.host()));
    for (JsonNode o : doc.get("organisations")) {
      if (o.get("slug").asString().equals("unit")) {
        ((ObjectNode) o).putArray("feed_parents").add(cabinetOffice.slug());
      }
    }

    assertThatThrownBy(() -> staging.admin().importDirectory(Actor.host(), doc.toString()))
        .isInstanceOf(ImportRejectedException.class)
        .hasMessageContaining("a feed parent must also be one of the parents");
  }
}
