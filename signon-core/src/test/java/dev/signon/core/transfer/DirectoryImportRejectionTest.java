package dev.signon.core.transfer;

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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.User;
import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every refusal of a directory document: each names every problem with its JSON path, and leaves
 * the store exactly as it was.
 */
class DirectoryImportRejectionTest {
  private static final String ALICE = "c3d2e1f0-9a8b-4c7d-b6e5-000000000001";
  private static final String SAM = "c3d2e1f0-9a8b-4c7d-b6e5-000000000006";
  private static final String VISITS_TEAM = "7e4b1a90-2c6d-4f3e-8a27-000000000001";
  private static final String HMRC_TEAM = "7e4b1a90-2c6d-4f3e-8a27-000000000003";

  private final SignonStore store = new InMemorySignonStore();
  private final DirectoryTransfer transfer = transfer(store);

  // --- the whole document is checked, and nothing is written

  @Test
  void importWhenDocumentHasSeveralProblemsThenReportsEveryOneWithItsPathAndWritesNothing() {
    transfer.importJson(sampleJson(), null);
    String before = transfer.exportJson();
    List<AuditEvent> auditBefore = audit(store);
    ObjectNode doc = sample();
    array(entry(doc, "organisations", 1), "parents").set(1, "ghost");
    array(entry(doc, "teams", 2), "members").set(1, "not-a-uid");
    entry(doc, "users", 0).put("nickname", "Al");
    entry(doc, "users", 1).put("email", "bob@");
    entry(doc, "users", 3).remove("suspension_reason");
    entry(doc, "applications", 1).put("retired", "no");
    array(entry(doc, "grants", 0), "roles").set(1, "admin");
    entry(doc, "organisations", 3).put("name", "Renamed, but not written");

    ImportRejectedException e = rejected(json(doc));

    assertThat(e.problems())
        .containsExactly(
            problem("$.organisations[1].parents[1]", "unknown organisation slug ghost"),
            problem("$.teams[2].members[1]", "not a user id: not-a-uid"),
            problem("$.users[0].nickname", "unknown key"),
            problem("$.users[1].email", "not an email address: bob@"),
            problem("$.users[3].suspension_reason", "a suspended user needs a suspension reason"),
            problem("$.applications[1].retired", "must be true or false"),
            problem("$.grants[0].roles[1]", "application prison-visits has no role admin"));
    assertThat(transfer.exportJson()).isEqualTo(before);
    assertThat(audit(store)).isEqualTo(auditBefore);
  }

  @Test
  void importWhenApplicationIsBrokenThenGrantsOfItAreStillCheckedAgainstItsRoles() {
    ObjectNode doc = sample();
    entry(doc, "applications", 1).put("name", " ");
    array(entry(doc, "grants", 1), "roles").add("publisher");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.applications[1].name", "name must not be blank"),
            problem("$.grants[1].roles[2]", "application prison-visits has no role publisher"));
    assertThat(transfer.exportJson()).isEqualTo(transfer(new InMemorySignonStore()).exportJson());
  }

  @Test
  void rejectionHasErrorCodeInvalidRequestAndAnImmutableListOfProblems() {
    ImportRejectedException e = rejected("{\"signon_directory\": 3}");

    assertThat(e).isInstanceOf(SignonRejectedException.class);
    assertThat(e.errorCode()).isEqualTo("invalid_request");
    assertThat(e.getMessage())
        .contains("$.signon_directory: unsupported version 3; this host reads versions 1 and 2");
    assertThatThrownBy(() -> e.problems().add(problem("$", "more")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // --- not a directory document at all

  @Test
  void importWhenJsonMalformedThenOneProblemAtTheRootWithLineAndColumn() {
    String broken =
        "{\n  \"signon_directory\": 1,\n  \"organisations\": [\n    {\"id\": }\n  ]\n}\n";

    assertThat(rejected(broken).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$");
              assertThat(p.message()).startsWith("malformed JSON at line 4, column 12: ");
            });
  }

  @Test
  void importWhenAKeyIsRepeatedInOneObjectThenMalformed() {
    String twice = "{\"signon_directory\": 1,\n \"signon_directory\": 1}";

    assertThat(rejected(twice).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$");
              assertThat(p.message())
                  .startsWith("malformed JSON at line 2, column ")
                  .contains("Duplicate Object property \"signon_directory\"");
            });
  }

  @Test
  void importWhenTextFollowsTheDocumentThenMalformed() {
    assertThat(rejected("{\"signon_directory\": 1} {}").problems())
        .singleElement()
        .extracting(ImportProblem::message)
        .asString()
        .startsWith("malformed JSON at line 1, column ");
  }

  @Test
  void importWhenDocumentEmptyOrNotAnObjectThenRefused() {
    assertThat(rejected("  ").problems()).containsExactly(problem("$", "the document is empty"));
    assertThat(rejected("[]").problems())
        .containsExactly(problem("$", "must be a JSON object holding \"signon_directory\": 2"));
  }

  @Test
  void importWhenVersionUnknownThenRefusedWithoutReadingFurther() {
    assertThat(rejected("{\"signon_directory\": 3, \"users\": \"everyone\"}").problems())
        .containsExactly(
            problem(
                "$.signon_directory", "unsupported version 3; this host reads versions 1 and 2"));
    assertThat(rejected("{\"users\": []}").problems())
        .containsExactly(
            problem("$.signon_directory", "required; this host reads versions 1 and 2"));
    assertThat(rejected("{\"signon_directory\": \"1\"}").problems())
        .containsExactly(
            problem(
                "$.signon_directory", "must be a whole number; this host reads versions 1 and 2"));
    assertThat(rejected("{\"signon_directory\": 1.0}").problems())
        .containsExactly(
            problem(
                "$.signon_directory", "must be a whole number; this host reads versions 1 and 2"));
  }

  // --- shape

  @Test
  void importWhenValuesHaveWrongTypesThenEachIsReported() {
    ObjectNode doc = sample();
    doc.put("teams", "none");
    entry(doc, "organisations", 0).put("id", 7).put("two_step_mandated", "yes");
    entry(doc, "organisations", 1).put("parents", "moj");
    ((ArrayNode) doc.get("users")).set(2, "carol");
    entry(doc, "users", 3).putNull("name").remove("created_at");
    ((ArrayNode) entry(doc, "applications", 1).get("roles")).set(1, 42);
    entry(doc, "api_users", 0).put("first_name", false);
    entry(doc, "grants", 3).putNull("user");
    entry(doc, "grants", 4).put("team", VISITS_TEAM);

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.organisations[0].id", "must be a string"),
            problem("$.organisations[0].two_step_mandated", "must be true or false"),
            problem("$.organisations[1].parents", "must be an array"),
            problem("$.teams", "must be an array"),
            problem("$.users[2]", "must be an object"),
            problem("$.users[3].name", "must not be null"),
            problem("$.users[3].created_at", "required"),
            problem("$.api_users[0].first_name", "must be a string or null"),
            problem("$.applications[1].roles[1]", "must be an object"),
            problem("$.grants[3]", "must name exactly one grantee: either team or user"),
            problem("$.grants[4]", "must name exactly one grantee: either team or user"));
  }

  @Test
  void importWhenKeysAreUnknownThenEachIsReported() {
    ObjectNode doc = sample();
    doc.putArray("widgets");
    entry(doc, "organisations", 0).put("colour", "blue");
    ((ObjectNode) entry(doc, "applications", 1).get("roles").get(1)).put("colour", "red");
    entry(doc, "api_users", 0).put("role", "superadmin");
    entry(doc, "grants", 0).put("odd key", 1);

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.organisations[0].colour", "unknown key"),
            problem("$.api_users[0].role", "unknown key"),
            problem("$.applications[1].roles[1].colour", "unknown key"),
            problem("$.grants[0]['odd key']", "unknown key"),
            problem("$.widgets", "unknown key")); // last in the document, so last here
  }

  @Test
  void importWhenValuesBreakTheDomainsRulesThenEachIsReportedAtItsField() {
    ObjectNode doc = sample();
    entry(doc, "organisations", 0).put("slug", "Cabinet Office").put("content_id", "nope");
    entry(doc, "teams", 0).put("name", "");
    array(entry(doc, "teams", 2), "admins").add("c3d2e1f0-9a8b-4c7d-b6e5-000000000004");
    entry(doc, "users", 0).put("role", "king").put("status", "asleep");
    entry(doc, "users", 1).put("created_at", "yesterday");
    entry(doc, "applications", 0).put("client_id", "legacy reports");
    array(entry(doc, "applications", 1), "redirect_uris").add("https://visits.example/#top");
    entry(doc, "applications", 2).put("service_uri", "/relative");
    ((ObjectNode) entry(doc, "applications", 3).get("roles").get(1)).put("name", " read");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.organisations[0].slug", "not an organisation slug: Cabinet Office"),
            problem("$.organisations[0].content_id", "not a UUID: nope"),
            // References resolve against the slug as written, valid or not: this one no longer
            // does.
            problem("$.organisations[1].parents[0]", "unknown organisation slug cabinet-office"),
            problem("$.teams[0].name", "name must not be blank"),
            problem("$.teams[2].admins[1]", "every team admin must be a member of the team"),
            problem("$.users[0].role", "unknown user role: king"),
            problem("$.users[0].status", "unknown user status: asleep"),
            problem(
                "$.users[1].created_at",
                "not an ISO-8601 instant such as 2026-01-05T09:30:00Z: yesterday"),
            problem("$.applications[0].client_id", "not a client id: legacy reports"),
            problem(
                "$.applications[1].redirect_uris[2]",
                "redirect URI must not have a fragment: https://visits.example/#top"),
            problem("$.applications[2].service_uri", "service URI must be absolute: /relative"),
            problem("$.applications[3].roles[1].name", "not a role name:  read"));
  }

  @Test
  void importWhenDocumentRepeatsAnEntityOrANaturalKeyThenEachRepeatIsReported() {
    ObjectNode doc = sample();
    ArrayNode orgs = (ArrayNode) doc.get("organisations");
    orgs.add(((ObjectNode) orgs.get(2)).deepCopy().put("slug", "hmrc-again")); // same id as hmrc
    orgs.add(
        ((ObjectNode) orgs.get(2))
            .deepCopy()
            .put("id", "0f0a6c1e-5d3b-4c2a-9e11-000000000077")); // same slug
    entry(doc, "api_users", 0).put("email", "ALICE@justice.example");
    array(entry(doc, "teams", 2), "members").add(ALICE);
    ArrayNode grants = (ArrayNode) doc.get("grants");
    grants.add(
        ((ObjectNode) grants.get(2)).deepCopy().put("id", "9d8c7b6a-5f4e-4d3c-a2b1-000000000077"));
    array(entry(doc, "grants", 0), "roles").add("signin");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.organisations[5].id", "duplicate of $.organisations[2].id"),
            problem("$.organisations[6].slug", "duplicate of $.organisations[2].slug"),
            problem("$.teams[2].members[3]", "duplicate of $.teams[2].members[0]"),
            problem("$.api_users[0].email", "duplicate of $.users[0].email"),
            problem("$.grants[0].roles[2]", "duplicate of $.grants[0].roles[1]"),
            problem("$.grants[5]", "grants the same application to the same team as $.grants[2]"));
  }

  // --- references

  @Test
  void importWhenReferencesResolveNeitherInTheDocumentNorInTheStoreThenEachIsReported() {
    ObjectNode doc = sample();
    entry(doc, "teams", 1).put("organisation", "treasury");
    array(entry(doc, "teams", 1), "members").add("c3d2e1f0-9a8b-4c7d-b6e5-000000000099");
    entry(doc, "users", 4).put("organisation", "no10");
    entry(doc, "grants", 2).put("application", "whitehall");
    entry(doc, "grants", 3).put("user", "c3d2e1f0-9a8b-4c7d-b6e5-000000000098");
    entry(doc, "grants", 1).put("team", "7e4b1a90-2c6d-4f3e-8a27-000000000097");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.teams[1].organisation", "unknown organisation slug treasury"),
            problem(
                "$.teams[1].members[1]", "unknown user uid c3d2e1f0-9a8b-4c7d-b6e5-000000000099"),
            problem("$.users[4].organisation", "unknown organisation slug no10"),
            problem("$.grants[1].team", "unknown team id 7e4b1a90-2c6d-4f3e-8a27-000000000097"),
            problem("$.grants[2].application", "unknown application client id whitehall"),
            problem("$.grants[3].user", "unknown user uid c3d2e1f0-9a8b-4c7d-b6e5-000000000098"));
  }

  @Test
  void importWhenAnEntryCannotBeReadThenReferencesToItAreNotAlsoReportedAsUnknown() {
    ObjectNode doc = sample();
    ((ArrayNode) doc.get("users")).set(2, "carol"); // carol is a member and admin of a team
    entry(doc, "applications", 1).put("client_id", 12); // prison-visits, granted twice

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.users[2]", "must be an object"),
            problem("$.applications[1].client_id", "must be a string"));
  }

  @Test
  void importWhenReferenceIsToAnEntityOnlyTheStoreHoldsThenItResolves() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = TransferTesting.JSON.createObjectNode().put("signon_directory", 2);
    ObjectNode grant = doc.putArray("grants").addObject();
    grant.put("id", "9d8c7b6a-5f4e-4d3c-a2b1-000000000066");
    grant.put("application", "visits-api");
    grant.put("team", VISITS_TEAM);
    grant.putArray("roles").add("read");

    ImportReport report = transfer.importJson(json(doc), null);

    assertThat(report.grants()).isEqualTo(new ImportReport.Counts(1, 0, 0));
  }

  // --- clashes with the store

  @Test
  void importWhenEmailIsTakenByAnotherUserInTheStoreThenRefusedAtThatEmail() {
    User someone = user("someone@justice.example").build();
    store.transaction(
        tx -> {
          tx.users().insert(someone);
          return null;
        });
    String before = transfer.exportJson();
    ObjectNode doc = sample();
    entry(doc, "users", 1).put("email", "Someone@Justice.example");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.users[1].email", "taken by another user (uid " + someone.uid() + ")"));
    assertThat(transfer.exportJson()).isEqualTo(before);
  }

  @Test
  void importWhenSlugOrClientIdIsTakenInTheStoreUnderAnotherIdThenRefused() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = sample();
    entry(doc, "organisations", 2).put("id", "0f0a6c1e-5d3b-4c2a-9e11-000000000044");
    entry(doc, "applications", 2).put("id", "a1b2c3d4-e5f6-4a7b-8c9d-000000000022");
    ((ArrayNode) doc.get("grants")).remove(3);
    ((ArrayNode) doc.get("grants")).remove(2);

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem(
                "$.organisations[2].slug",
                "taken by another organisation (id 0f0a6c1e-5d3b-4c2a-9e11-000000000004)"),
            problem(
                "$.applications[2].client_id",
                "taken by another application (id a1b2c3d4-e5f6-4a7b-8c9d-000000000002)"));
  }

  @Test
  void importWhenPersonWouldBecomeAnApiUserThenRefused() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = sample();
    ObjectNode sam = entry(doc, "users", 4);
    sam.remove("role");
    sam.remove("last_sign_in_at");
    ((ArrayNode) doc.get("users")).remove(4);
    ((ArrayNode) doc.get("api_users")).add(sam);

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.api_users[1].uid", "is a person in the store, not an API user"));
  }

  @Test
  void importWhenGrantWouldChangeItsGranteeThenRefused() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = sample();
    entry(doc, "grants", 2).put("team", "7e4b1a90-2c6d-4f3e-8a27-000000000002");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem(
                "$.grants[2]",
                "grant 9d8c7b6a-5f4e-4d3c-a2b1-000000000003 is stored for another application or"
                    + " grantee; a grant's application and grantee never change, so give the new"
                    + " one a new id"));
  }

  @Test
  void importWhenGranteeAlreadyHoldsAGrantOfTheApplicationUnderAnotherIdThenRefused() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = sample();
    entry(doc, "grants", 2).put("id", "9d8c7b6a-5f4e-4d3c-a2b1-000000000033");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem(
                "$.grants[2]",
                "the team already has a grant of this application,"
                    + " 9d8c7b6a-5f4e-4d3c-a2b1-000000000003"));
  }

  // --- the organisation graph

  @Test
  void importWhenOrganisationsWouldFormACycleThenRefused() {
    String doc =
        """
        {
          "signon_directory": 1,
          "organisations": [
            {"id": "0f0a6c1e-5d3b-4c2a-9e11-0000000000a1", "slug": "a.b", "name": "A B",
             "content_id": "5e6f7a8b-9c0d-4e1f-a2b3-0000000000a1", "parents": ["b"],
             "two_step_mandated": false},
            {"id": "0f0a6c1e-5d3b-4c2a-9e11-0000000000b1", "slug": "b", "name": "B",
             "content_id": "5e6f7a8b-9c0d-4e1f-a2b3-0000000000b1", "parents": ["a.b"],
             "two_step_mandated": false}
          ]
        }
        """;

    assertThat(rejected(doc).problems())
        .containsExactly(problem("$.organisations", "cycle through a.b -> b -> a.b"));
    assertThat(transfer.exportJson()).isEqualTo(transfer(new InMemorySignonStore()).exportJson());
  }

  @Test
  void importWhenStoredOrganisationWouldMoveBelowItsOwnDescendantThenRefused() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = TransferTesting.JSON.createObjectNode().put("signon_directory", 2);
    ObjectNode moj = entry(sample(), "organisations", 3);
    array(moj, "parents").add("prisons.moj");
    doc.putArray("organisations").add(moj);

    assertThat(rejected(json(doc)).problems())
        .containsExactly(problem("$.organisations", "cycle through moj -> prisons.moj -> moj"));
  }

  @Test
  void importWhenOrganisationNamesItselfAsParentThenRefused() {
    ObjectNode doc = sample();
    array(entry(doc, "organisations", 2), "parents").add("hmrc");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem("$.organisations[2].parents[0]", "an organisation cannot be its own parent"));
  }

  // --- visibility: an application with an owner is granted only within its subtree

  @Test
  void importWhenGrantIsToATeamOutsideTheApplicationsOrganisationThenRefused() {
    ObjectNode doc = sample();
    ObjectNode grant = ((ArrayNode) doc.get("grants")).addObject();
    grant.put("id", "9d8c7b6a-5f4e-4d3c-a2b1-000000000010");
    grant.put("application", "prison-visits");
    grant.put("team", HMRC_TEAM);
    grant.putArray("roles").add("signin");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem(
                "$.grants[5].team",
                "team HMRC operations belongs to organisation hmrc, outside organisation moj,"
                    + " which owns application prison-visits"));
  }

  @Test
  void importWhenGrantIsToAUserOutsideTheSubtreeOrInNoOrganisationThenRefused() {
    ObjectNode doc = sample();
    ArrayNode grants = (ArrayNode) doc.get("grants");
    grants
        .addObject()
        .put("id", "9d8c7b6a-5f4e-4d3c-a2b1-000000000011")
        .put("application", "visits-api")
        .put("user", "c3d2e1f0-9a8b-4c7d-b6e5-000000000003") // carol, in digital.moj
        .putArray("roles");
    grants
        .addObject()
        .put("id", "9d8c7b6a-5f4e-4d3c-a2b1-000000000012")
        .put("application", "prison-visits")
        .put("user", SAM)
        .putArray("roles");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem(
                "$.grants[5].user",
                "user c3d2e1f0-9a8b-4c7d-b6e5-000000000003 belongs to organisation digital.moj,"
                    + " outside organisation prisons.moj, which owns application visits-api"),
            problem(
                "$.grants[6].user",
                "user "
                    + SAM
                    + " belongs to no organisation, outside organisation moj, which owns"
                    + " application prison-visits"));
  }

  @Test
  void importWhenOrganisationMoveTakesAGrantedTeamOutOfTheSubtreeThenRefused() {
    ObjectNode doc = sample();
    // prisons.moj leaves moj; the Visits team in it holds prison-visits, which moj owns.
    array(entry(doc, "organisations", 4), "parents").removeAll().add("cabinet-office");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem(
                "$.grants[0].team",
                "team Visits team belongs to organisation prisons.moj, outside organisation moj,"
                    + " which owns application prison-visits"));
  }

  // --- stored grants the document does not mention must stay sound

  @Test
  void importWhenApplicationDropsARoleAStoredGrantGivesThenRefused() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = TransferTesting.JSON.createObjectNode().put("signon_directory", 2);
    ObjectNode visits = entry(sample(), "applications", 1);
    ((ArrayNode) visits.get("roles")).remove(2); // editor, which grant 2 gives the Visits team
    doc.putArray("applications").add(visits);

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem(
                "$.applications[0].roles",
                "would break stored grant 9d8c7b6a-5f4e-4d3c-a2b1-000000000002 (not in this"
                    + " document): application prison-visits has no role editor"));
  }

  @Test
  void importWhenTeamMovesOutOfTheSubtreeOfAStoredGrantsApplicationThenRefused() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = TransferTesting.JSON.createObjectNode().put("signon_directory", 2);
    doc.putArray("teams").add(entry(sample(), "teams", 2).put("organisation", "hmrc"));

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem(
                "$.teams[0].organisation",
                "would break stored grant 9d8c7b6a-5f4e-4d3c-a2b1-000000000002 (not in this"
                    + " document): team Visits team belongs to organisation hmrc, outside"
                    + " organisation moj, which owns application prison-visits"));
  }

  @Test
  void importWhenOrganisationMoveTakesAStoredGrantsTeamOutOfTheSubtreeThenRefusedAtOrganisations() {
    transfer.importJson(sampleJson(), null);
    ObjectNode doc = TransferTesting.JSON.createObjectNode().put("signon_directory", 2);
    ObjectNode prisons = entry(sample(), "organisations", 4);
    array(prisons, "parents").removeAll().add("hmrc");
    doc.putArray("organisations").add(prisons);
    doc.putArray("applications").add(entry(sample(), "applications", 1)); // unchanged

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            problem(
                "$.organisations",
                "would break stored grant 9d8c7b6a-5f4e-4d3c-a2b1-000000000002 (not in this"
                    + " document): team Visits team belongs to organisation prisons.moj, outside"
                    + " organisation moj, which owns application prison-visits"));
  }

  // --- helpers

  private ImportRejectedException rejected(String json) {
    ImportRejectedException e =
        catchThrowableOfType(ImportRejectedException.class, () -> transfer.importJson(json, null));
    assertThat(e).as("the import should have been refused").isNotNull();
    return e;
  }

  private static ImportProblem problem(String path, String message) {
    return new ImportProblem(path, message);
  }
}
