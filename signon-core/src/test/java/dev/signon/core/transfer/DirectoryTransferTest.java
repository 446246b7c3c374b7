package dev.signon.core.transfer;

import static dev.signon.core.testing.TestDirectory.T0;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.organisation;
import static dev.signon.core.testing.TestDirectory.team;
import static dev.signon.core.testing.TestDirectory.user;
import static dev.signon.core.transfer.TransferTesting.array;
import static dev.signon.core.transfer.TransferTesting.audit;
import static dev.signon.core.transfer.TransferTesting.entry;
import static dev.signon.core.transfer.TransferTesting.json;
import static dev.signon.core.transfer.TransferTesting.sample;
import static dev.signon.core.transfer.TransferTesting.sampleJson;
import static dev.signon.core.transfer.TransferTesting.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.store.memory.InMemorySignonStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class DirectoryTransferTest {
  private static final ImportReport.Counts NONE = ImportReport.Counts.NONE;

  private final SignonStore store = new InMemorySignonStore();
  private final DirectoryTransfer transfer = transfer(store);

  // --- export and round trip

  @Test
  void exportThenImportIntoEmptyStoreThenExportAgainGivesIdenticalJson() {
    fill(store, Directory.build(), false);
    String exported = transfer.exportJson();

    SignonStore empty = new InMemorySignonStore();
    transfer(empty).importJson(exported, null);

    assertThat(transfer(empty).exportJson()).isEqualTo(exported);
  }

  @Test
  void exportThenImportRecreatesEveryEntityExactly() {
    Directory d = Directory.build();
    fill(store, d, false);

    SignonStore copy = new InMemorySignonStore();
    transfer(copy).importJson(transfer.exportJson(), null);

    copy.transaction(
        tx -> {
          assertThat(tx.organisations().list())
              .containsExactlyInAnyOrderElementsOf(d.organisations);
          assertThat(tx.users().list()).containsExactlyInAnyOrderElementsOf(d.users);
          assertThat(tx.teams().list()).containsExactlyInAnyOrderElementsOf(d.teams);
          assertThat(tx.applications().list()).containsExactlyInAnyOrderElementsOf(d.applications);
          assertThat(tx.grants().list()).containsExactlyInAnyOrderElementsOf(d.grants);
          return null;
        });
  }

  @Test
  void exportIsTheSameWhateverOrderTheStoreWasFilledIn() {
    Directory d = Directory.build();
    fill(store, d, false);
    SignonStore reversed = new InMemorySignonStore();
    fill(reversed, d, true);

    assertThat(transfer(reversed).exportJson()).isEqualTo(transfer.exportJson());
  }

  @Test
  void exportOfEmptyStoreHoldsTheVersionAndEmptyLists() {
    assertThat(transfer.exportJson())
        .isEqualTo(
            """
            {
              "signon_directory": 2,
              "organisations": [],
              "teams": [],
              "users": [],
              "api_users": [],
              "applications": [],
              "grants": []
            }
            """);
  }

  @Test
  void exportWritesExactlyTheDocumentedKeysOfEachEntityAndNoOther() {
    // Guards the promise that nothing else, credentials above all, ever leaves in an export: a new
    // field must be added here and to docs/DIRECTORY-FORMAT.md on purpose.
    transfer.importJson(sampleJson(), null);
    ObjectNode exported = (ObjectNode) TransferTesting.JSON.readTree(transfer.exportJson());

    assertThat(keys(exported))
        .containsExactly(
            "signon_directory",
            "organisations",
            "teams",
            "users",
            "api_users",
            "applications",
            "grants");
    assertThat(keys(entry(exported, "organisations", 0)))
        .containsExactly(
            "id",
            "slug",
            "name",
            "content_id",
            "parents",
            "two_step_mandated",
            "closed",
            "feed_parents");
    assertThat(keys(entry(exported, "teams", 0)))
        .containsExactly("id", "name", "organisation", "members", "admins");
    assertThat(keys(entry(exported, "users", 0)))
        .containsExactly(
            "uid",
            "number",
            "name",
            "first_name",
            "last_name",
            "email",
            "role",
            "organisation",
            "status",
            "suspension_reason",
            "created_at",
            "last_sign_in_at");
    assertThat(keys(entry(exported, "api_users", 0)))
        .containsExactly(
            "uid",
            "number",
            "name",
            "first_name",
            "last_name",
            "email",
            "organisation",
            "status",
            "suspension_reason",
            "created_at");
    assertThat(keys(entry(exported, "applications", 0)))
        .containsExactly(
            "id",
            "client_id",
            "name",
            "description",
            "roles",
            "redirect_uris",
            "service_uri",
            "organisation",
            "retired",
            "api_only",
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
            "notice_give_up_after");
    assertThat(keys((ObjectNode) entry(exported, "applications", 0).get("roles").get(0)))
        .containsExactly("name", "description", "delegated");
    assertThat(keys(entry(exported, "grants", 0)))
        .containsExactly("id", "application", "team", "roles");
    assertThat(keys(entry(exported, "grants", 3)))
        .containsExactly("id", "application", "user", "roles");
  }

  @Test
  void exportToStreamWritesTheSameUtf8TextAndLeavesTheStreamUsable() {
    transfer.importJson(sampleJson(), null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    transfer.exportJson(out);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(transfer.exportJson());
  }

  // --- the sample document

  @Test
  void importOfSampleThenExportGivesTheSampleByteForByte() {
    transfer.importJson(sampleJson(), null);

    assertThat(transfer.exportJson()).isEqualTo(sampleJson());
  }

  @Test
  void importIntoEmptyStoreCreatesEveryEntityAndCountsThemByKind() {
    ImportReport report = transfer.importJson(sampleJson(), null);

    assertThat(report)
        .isEqualTo(
            new ImportReport(
                new ImportReport.Counts(5, 0, 0),
                new ImportReport.Counts(3, 0, 0),
                new ImportReport.Counts(5, 0, 0),
                new ImportReport.Counts(1, 0, 0),
                new ImportReport.Counts(4, 0, 0),
                new ImportReport.Counts(5, 0, 0)));
    assertThat(report.changed()).isTrue();
    User api = find(tx -> tx.users().find(UserId.of("c3d2e1f0-9a8b-4c7d-b6e5-000000000005")));
    assertThat(api.apiUser()).isTrue();
  }

  @Test
  void importFromStreamReadsUtf8() {
    ImportReport report =
        transfer.importJson(
            new ByteArrayInputStream(sampleJson().getBytes(StandardCharsets.UTF_8)), null);

    assertThat(report.organisations().created()).isEqualTo(5);
    assertThat(transfer.exportJson()).isEqualTo(sampleJson());
  }

  // --- idempotence and audit

  @Test
  void reimportOfSameDocumentReportsEverythingUnchangedAndWritesNoAuditEvent() {
    transfer.importJson(sampleJson(), null);
    List<AuditEvent> before = audit(store);

    ImportReport again = transfer.importJson(sampleJson(), null);

    assertThat(again)
        .isEqualTo(
            new ImportReport(
                new ImportReport.Counts(0, 0, 5),
                new ImportReport.Counts(0, 0, 3),
                new ImportReport.Counts(0, 0, 5),
                new ImportReport.Counts(0, 0, 1),
                new ImportReport.Counts(0, 0, 4),
                new ImportReport.Counts(0, 0, 5)));
    assertThat(again.changed()).isFalse();
    assertThat(audit(store)).isEqualTo(before);
    assertThat(transfer.exportJson()).isEqualTo(sampleJson());
  }

  @Test
  void reimportOfAnExportOfItsOwnStoreChangesNothing() {
    fill(store, Directory.build(), false);

    ImportReport report = transfer.importJson(transfer.exportJson(), null);

    assertThat(report.changed()).isFalse();
    assertThat(audit(store)).isEmpty();
  }

  @Test
  void importThatChangesSomethingWritesOneAuditEventWithInitiatorAndCounts() {
    UserId operator = UserId.of("c3d2e1f0-9a8b-4c7d-b6e5-000000000006");

    ImportReport report = transfer.importJson(sampleJson(), operator);

    List<AuditEvent> events = audit(store);
    assertThat(events).hasSize(1);
    AuditEvent event = events.get(0);
    assertThat(event.type()).isEqualTo(AuditEventType.DIRECTORY_IMPORTED);
    assertThat(event.type().code()).isEqualTo(150);
    assertThat(event.initiator()).isEqualTo(operator);
    assertThat(event.subject()).isNull();
    assertThat(event.occurredAt()).isEqualTo(T0);
    assertThat(event.detail())
        .isEqualTo("directory import: " + report.summary())
        .contains("organisations 5 created, 0 updated, 0 unchanged")
        .contains("grants 5 created, 0 updated, 0 unchanged");
  }

  @Test
  void importByTheHostItselfRecordsNoInitiator() {
    transfer.importJson(sampleJson(), null);

    assertThat(audit(store)).singleElement().extracting(AuditEvent::initiator).isNull();
  }

  // --- updates by id

  @Test
  void importWhenIdIsStoredWithOtherValuesThenUpdatesItAndLeavesTheRestUnchanged() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = sample();
    entry(doc, "organisations", 3).put("name", "Ministry of Justice (HQ)"); // moj
    ArrayNode digitalParents = array(entry(doc, "organisations", 1), "parents");
    digitalParents.removeAll().add("moj"); // digital.moj leaves cabinet-office
    entry(doc, "users", 1).put("status", "active"); // bob accepts his invitation
    array(entry(doc, "grants", 0), "roles").removeAll().add("signin"); // no more editor
    entry(doc, "applications", 2).put("description", "Publishes GOV.UK content");

    ImportReport report = transfer.importJson(json(doc), null);

    assertThat(report.organisations()).isEqualTo(new ImportReport.Counts(0, 2, 3));
    assertThat(report.users()).isEqualTo(new ImportReport.Counts(0, 1, 4));
    assertThat(report.applications()).isEqualTo(new ImportReport.Counts(0, 1, 3));
    assertThat(report.grants()).isEqualTo(new ImportReport.Counts(0, 1, 4));
    assertThat(report.teams()).isEqualTo(new ImportReport.Counts(0, 0, 3));
    assertThat(report.apiUsers()).isEqualTo(new ImportReport.Counts(0, 0, 1));
    Organisation moj = find(tx -> tx.organisations().findBySlug("moj"));
    Organisation digital = find(tx -> tx.organisations().findBySlug("digital.moj"));
    assertThat(moj.name()).isEqualTo("Ministry of Justice (HQ)");
    assertThat(digital.parents()).containsExactly(moj.id());
    User bob = find(tx -> tx.users().find(UserId.of("c3d2e1f0-9a8b-4c7d-b6e5-000000000002")));
    assertThat(bob.status()).isEqualTo(UserStatus.ACTIVE);
    Grant visits = find(tx -> tx.grants().find(GrantId.of("9d8c7b6a-5f4e-4d3c-a2b1-000000000002")));
    assertThat(visits.roles()).isEqualTo(Set.of("signin"));
    assertThat(transfer.exportJson()).isEqualTo(exportOf(doc));
  }

  @Test
  void importWhenSlugEmailOrClientIdChangesUnderTheSameIdThenRenamesInPlace() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = sample();
    entry(doc, "organisations", 2).put("slug", "hm-revenue"); // hmrc, referred to by slug below
    entry(doc, "teams", 1).put("organisation", "hm-revenue");
    entry(doc, "users", 3).put("organisation", "hm-revenue").put("email", "Dave@HMRC.example");
    entry(doc, "applications", 0).put("client_id", "old-reports");

    ImportReport report = transfer.importJson(json(doc), null);

    assertThat(report.organisations().updated()).isEqualTo(1);
    assertThat(report.teams().unchanged()).isEqualTo(3); // same organisation id: no change
    assertThat(report.users().updated()).isEqualTo(0); // the email normalises to the stored one
    assertThat(report.applications().updated()).isEqualTo(1);
    assertThat(find(tx -> tx.organisations().findBySlug("hm-revenue")).id())
        .isEqualTo(OrganisationId.of("0f0a6c1e-5d3b-4c2a-9e11-000000000004"));
    Optional<Application> old =
        store.transaction(tx -> tx.applications().findByClientId("legacy-reports"));
    assertThat(old).isEmpty();
  }

  @Test
  void importLeavesEntitiesTheDocumentDoesNotMentionAlone() {
    transfer.importJson(sampleJson(), null);
    Organisation extraOrg = organisation("staging-only").build();
    User extraUser = user("tester@staging.example").organisation(extraOrg.id()).build();
    Team extraTeam =
        team("Testers", extraOrg.id())
            .members(Set.of(extraUser.uid()))
            .admins(Set.of(extraUser.uid()))
            .build();
    Grant extraGrant =
        new Grant(
            new GrantId(UUID.randomUUID()),
            find(tx -> tx.applications().findByClientId("publisher")).id(),
            Grantee.team(extraTeam.id()),
            Set.of("signin"));
    run(
        tx -> {
          tx.organisations().insert(extraOrg);
          tx.users().insert(extraUser);
          tx.teams().insert(extraTeam);
          tx.grants().insert(extraGrant);
        });
    ObjectNode onlyMoj = TransferTesting.JSON.createObjectNode().put("signon_directory", 2);
    onlyMoj.putArray("organisations").add(entry(sample(), "organisations", 3).put("name", "MoJ"));

    ImportReport report = transfer.importJson(json(onlyMoj), null);

    assertThat(report.organisations()).isEqualTo(new ImportReport.Counts(0, 1, 0));
    assertThat(report.users()).isEqualTo(NONE);
    assertThat(report.grants()).isEqualTo(NONE);
    Organisation org = find(tx -> tx.organisations().find(extraOrg.id()));
    User tester = find(tx -> tx.users().find(extraUser.uid()));
    Team testers = find(tx -> tx.teams().find(extraTeam.id()));
    Grant grant = find(tx -> tx.grants().find(extraGrant.id()));
    List<User> everyone = store.transaction(tx -> tx.users().list());
    assertThat(org).isEqualTo(extraOrg);
    assertThat(tester).isEqualTo(extraUser);
    assertThat(testers).isEqualTo(extraTeam);
    assertThat(grant).isEqualTo(extraGrant);
    assertThat(everyone).hasSize(7);
  }

  // --- organisations

  @Test
  void importCreatesOrganisationWithSeveralParentsAndGrantsReachItThroughEither() {
    ObjectNode doc = sample();
    // digital.moj has two parents, cabinet-office and moj; prison-visits belongs to moj and is
    // granted to a team in digital.moj. Owning publisher by cabinet-office grants through the
    // other.
    entry(doc, "applications", 2).put("organisation", "cabinet-office");
    ObjectNode grant = ((ArrayNode) doc.get("grants")).addObject();
    grant.put("id", "9d8c7b6a-5f4e-4d3c-a2b1-000000000009");
    grant.put("application", "publisher");
    grant.put("team", "7e4b1a90-2c6d-4f3e-8a27-000000000002");
    grant.putArray("roles").add("signin");
    ((ArrayNode) doc.get("grants")).remove(3); // sam, without an organisation, loses publisher
    ((ArrayNode) doc.get("grants")).remove(2); // so does HMRC

    transfer.importJson(json(doc), null);

    Organisation digital = find(tx -> tx.organisations().findBySlug("digital.moj"));
    assertThat(digital.parents())
        .containsExactlyInAnyOrder(
            find(tx -> tx.organisations().findBySlug("moj")).id(),
            find(tx -> tx.organisations().findBySlug("cabinet-office")).id());
    List<Grant> grants = store.transaction(tx -> tx.grants().list());
    assertThat(grants).hasSize(4);
  }

  @Test
  void importWritesParentsBeforeChildrenWhateverTheDocumentOrder() {
    ObjectNode doc = sample();
    List<JsonNode> organisations = new ArrayList<>();
    doc.get("organisations").forEach(organisations::add);
    Collections.reverse(organisations);
    doc.putArray("organisations").addAll(organisations);

    transfer.importJson(json(doc), null);

    assertThat(transfer.exportJson()).isEqualTo(sampleJson());
  }

  @Test
  void importWhenStoredOrganisationMovesBelowOneTheDocumentCreatesThenCreatesTheParentFirst() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = TransferTesting.JSON.createObjectNode().put("signon_directory", 2);
    ArrayNode orgs = doc.putArray("organisations");
    ObjectNode hmrc = entry(sample(), "organisations", 2);
    array(hmrc, "parents").add("treasury");
    orgs.add(hmrc);
    orgs.addObject()
        .put("id", "0f0a6c1e-5d3b-4c2a-9e11-000000000099")
        .put("slug", "treasury")
        .put("name", "HM Treasury")
        .put("content_id", "5e6f7a8b-9c0d-4e1f-a2b3-000000000099")
        .put("two_step_mandated", false)
        .putArray("parents");

    ImportReport report = transfer.importJson(json(doc), null);

    assertThat(report.organisations()).isEqualTo(new ImportReport.Counts(1, 1, 0));
    assertThat(find(tx -> tx.organisations().findBySlug("hmrc")).parents())
        .containsExactly(OrganisationId.of("0f0a6c1e-5d3b-4c2a-9e11-000000000099"));
  }

  @Test
  void importAcceptsOptionalFieldsLeftOutAsNull() {
    ObjectNode doc = sample();
    entry(doc, "users", 0)
        .remove(List.of("first_name", "last_name", "suspension_reason", "organisation"));
    entry(doc, "applications", 3).remove(List.of("service_uri", "organisation"));

    transfer.importJson(json(doc), null);

    User alice = find(tx -> tx.users().findByEmail(Email.of("alice@justice.example")));
    assertThat(alice.organisation()).isNull();
    assertThat(alice.givenFirstName()).isNull();
    Application api = find(tx -> tx.applications().findByClientId("visits-api"));
    assertThat(api.organisation()).isNull();
    assertThat(api.serviceUri()).isNull();
  }

  // --- builder

  @Test
  void buildWhenPartMissingThenNamesIt() {
    assertThatThrownBy(() -> DirectoryTransfer.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("store required");
    assertThatThrownBy(() -> DirectoryTransfer.builder().store(store).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock required");
    assertThatThrownBy(
            () -> DirectoryTransfer.builder().store(store).clock(TransferTesting.CLOCK).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("random required");
    assertThat(
            DirectoryTransfer.builder()
                .store(store)
                .clock(TransferTesting.CLOCK)
                .random(new SecureRandom())
                .build())
        .isNotNull();
  }

  // --- helpers

  private String exportOf(ObjectNode doc) {
    SignonStore other = new InMemorySignonStore();
    transfer(other).importJson(json(doc), null);
    return transfer(other).exportJson();
  }

  private <T> T find(java.util.function.Function<StoreTransaction, java.util.Optional<T>> read) {
    return store.transaction(read).orElseThrow();
  }

  private void run(Consumer<StoreTransaction> work) {
    store.transaction(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  private static List<String> keys(ObjectNode node) {
    return new ArrayList<>(node.propertyNames());
  }

  /** A directory with one of everything the format carries. */
  private static final class Directory {
    final List<Organisation> organisations = new ArrayList<>();
    final List<User> users = new ArrayList<>();
    final List<Team> teams = new ArrayList<>();
    final List<Application> applications = new ArrayList<>();
    final List<Grant> grants = new ArrayList<>();

    static Directory build() {
      Directory d = new Directory();
      Organisation moj = organisation("moj").name("Ministry of Justice").build();
      Organisation co = organisation("cabinet-office").build();
      Organisation digital =
          organisation("digital.moj")
              .parents(Set.of(moj.id(), co.id()))
              .twoStepMandated(true)
              .build();
      d.organisations.addAll(List.of(moj, co, digital));
      User joe =
          user("joe@example.com")
              .name("Joe Bloggs")
              .firstName("Joseph")
              .lastName("Bloggs")
              .role(UserRole.SUPER_ORGANISATION_ADMIN)
              .organisation(digital.id())
              .status(UserStatus.ACTIVE)
              .number(1L) // numbers asked for, so that the order of filling does not matter
              .build();
      User ann =
          user("ann@example.com")
              .name("Ann Other")
              .status(UserStatus.SUSPENDED)
              .suspensionReason("left the department")
              .organisation(moj.id())
              .number(2L)
              .build();
      User admin = user("admin@example.com").role(UserRole.SUPERADMIN).number(3L).build();
      User api =
          user("publisher-api@example.com")
              .name("Publisher API")
              .apiUser(true)
              .status(UserStatus.ACTIVE)
              .organisation(co.id())
              .number(4L)
              .build();
      d.users.addAll(List.of(joe, ann, admin, api));
      Team reporting =
          team("Reporting", digital.id())
              .members(Set.of(joe.uid(), ann.uid()))
              .admins(Set.of(joe.uid()))
              .build();
      Team empty = team("Empty", co.id()).build();
      d.teams.addAll(List.of(reporting, empty));
      Application visits =
          application("prison-visits")
              .name("Prison visits (production)")
              .description("Book visits")
              .role(new Role("reporting", "See statistics", true))
              .role(Role.of("editor"))
              .redirectUri(RedirectUri.of("https://visits.example/admin/callback"))
              .serviceUri(URI.create("https://visits.example/"))
              .organisation(moj.id())
              .build();
      Application publisher =
          application("publisher").role(new Role("signin", "Sign in", true)).retired(true).build();
      Application apiOnly =
          Application.builder()
              .id(new ApplicationId(UUID.randomUUID()))
              .clientId("search-api")
              .name("Search API")
              .apiOnly(true)
              .build();
      d.applications.addAll(List.of(visits, publisher, apiOnly));
      d.grants.add(
          new Grant(
              new GrantId(UUID.randomUUID()),
              visits.id(),
              Grantee.team(reporting.id()),
              Set.of("signin", "reporting")));
      d.grants.add(
          new Grant(
              new GrantId(UUID.randomUUID()),
              visits.id(),
              Grantee.user(joe.uid()),
              Set.of("editor")));
      d.grants.add(
          new Grant(
              new GrantId(UUID.randomUUID()), publisher.id(), Grantee.team(empty.id()), Set.of()));
      d.grants.add(
          new Grant(
              new GrantId(UUID.randomUUID()),
              apiOnly.id(),
              Grantee.user(api.uid()),
              Set.of("signin")));
      return d;
    }
  }

  /** Writes {@code d} into {@code store}, parents first; {@code reversed} flips each list. */
  private static void fill(SignonStore store, Directory d, boolean reversed) {
    store.transaction(
        tx -> {
          tx.organisations().insert(d.organisations.get(0));
          tx.organisations().insert(d.organisations.get(1));
          tx.organisations().insert(d.organisations.get(2));
          order(d.users, reversed).forEach(tx.users()::insert);
          order(d.teams, reversed).forEach(tx.teams()::insert);
          order(d.applications, reversed).forEach(tx.applications()::insert);
          order(d.grants, reversed).forEach(tx.grants()::insert);
          return null;
        });
  }

  private static <T> List<T> order(List<T> list, boolean reversed) {
    List<T> out = new ArrayList<>(list);
    if (reversed) {
      Collections.reverse(out);
    }
    return out;
  }
}
