package dev.signon.core.orgfeed;

import static dev.signon.core.testing.TestDirectory.organisation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.ParentOrigin;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.jdbc.JdbcSignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The organisation feed sync, on the in-memory store and on the embedded JDBC store. */
class OrganisationFeedSyncTest {
  private static final UUID CABINET_OFFICE =
      UUID.fromString("96ae61d6-c2a1-48cb-8e67-da9d105ae381");
  private static final UUID GDS = UUID.fromString("af07d5a5-df63-4ddc-9383-6a666845ebe9");
  private static final UUID DSIT = UUID.fromString("f323e83c-868b-4bcb-b6e2-a8f9bb40397e");
  private static final UUID DIRECTGOV = UUID.fromString("3b1eb8b8-d8a4-4f38-8d8a-1c8ec4a6b2f9");

  @SuppressWarnings("NullAway.Init") // JUnit injects it before any test runs
  @TempDir
  static Path dir;

  private final List<SignonStore> opened = new ArrayList<>();

  static Stream<String> stores() {
    return Stream.of("memory", "jdbc");
  }

  private SignonStore store(String kind) {
    SignonStore s =
        kind.equals("memory")
            ? new InMemorySignonStore()
            : JdbcSignonStore.embedded(dir.resolve(UUID.randomUUID().toString()));
    opened.add(s);
    return s;
  }

  @AfterEach
  void close() {
    opened.forEach(SignonStore::close);
  }

  private static OrganisationFeedSync sync(SignonStore store) {
    return OrganisationFeedSync.of(store, new SecureRandom());
  }

  /** A feed serving these pages in order, the page token being the next page's index. */
  private static OrganisationFeed pages(List<List<FeedOrganisation>> pages) {
    return next -> {
      int index = next == null ? 0 : Integer.parseInt(next);
      @Nullable String following = index + 1 < pages.size() ? String.valueOf(index + 1) : null;
      return new FeedPage(pages.get(index), following);
    };
  }

  private static FeedOrganisation org(String slug, UUID contentId, String... parents) {
    return new FeedOrganisation(slug, "The " + slug, contentId, List.of(parents), false);
  }

  private static Organisation find(SignonStore store, String slug) {
    return store
        .transaction(t -> t.organisations().findBySlug(slug))
        .orElseThrow(() -> new AssertionError("no " + slug));
  }

  private static List<Organisation> list(SignonStore store) {
    return store.transaction(t -> t.organisations().list());
  }

  private static void update(SignonStore store, Organisation o) {
    store.transaction(
        t -> {
          t.organisations().update(o);
          return null;
        });
  }

  private static void insert(SignonStore store, Organisation o) {
    store.transaction(
        t -> {
          t.organisations().insert(o);
          return null;
        });
  }

  private static OrganisationFeed whitehall() {
    return pages(
        List.of(
            List.of(
                org("cabinet-office", CABINET_OFFICE),
                org(
                    "government-digital-service",
                    GDS,
                    "department-for-science-innovation-and-technology")),
            List.of(org("department-for-science-innovation-and-technology", DSIT))));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void syncWhenFeedHasTwoPagesThenEveryOrganisationCreatedWithFeedParents(String kind) {
    SignonStore store = store(kind);

    FeedSyncResult result = sync(store).run(whitehall());

    assertThat(result.read()).isEqualTo(3);
    assertThat(result.created()).isEqualTo(3);
    assertThat(result.problems()).isEmpty();
    Organisation gds = find(store, "government-digital-service");
    Organisation dsit = find(store, "department-for-science-innovation-and-technology");
    assertThat(gds.name()).isEqualTo("The government-digital-service");
    assertThat(gds.contentId()).isEqualTo(GDS);
    assertThat(gds.parents()).containsExactly(dsit.id());
    assertThat(gds.parentOrigin(dsit.id())).isEqualTo(ParentOrigin.FEED);
  }

  @ParameterizedTest
  @MethodSource("stores")
  void manualParentFixWillNotResetWhenTheOrganisationsAreImportedFromWhitehall(String kind) {
    // Seed 000: "This can be applied manually for the day (it will reset when the organisations
    // are imported from Whitehall)". Here a parent added locally survives every import.
    SignonStore store = store(kind);
    sync(store).run(whitehall());
    Organisation gds = find(store, "government-digital-service");
    Organisation cabinetOffice = find(store, "cabinet-office");
    Set<OrganisationId> fixed = new HashSet<>(gds.parents());
    fixed.add(cabinetOffice.id());
    update(store, gds.toBuilder().parents(fixed).build());

    sync(store).run(whitehall());
    FeedSyncResult again = sync(store).run(whitehall());

    Organisation after = find(store, "government-digital-service");
    Organisation dsit = find(store, "department-for-science-innovation-and-technology");
    assertThat(after.parents()).containsExactlyInAnyOrder(dsit.id(), cabinetOffice.id());
    assertThat(after.parentOrigin(cabinetOffice.id())).isEqualTo(ParentOrigin.LOCAL);
    assertThat(after.parentOrigin(dsit.id())).isEqualTo(ParentOrigin.FEED);
    assertThat(again.updated()).isZero();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void syncWhenFeedMovesAnOrganisationThenFeedParentReplacedAndLocalParentKept(String kind) {
    SignonStore store = store(kind);
    sync(store).run(whitehall());
    Organisation local = organisation("local-board").build();
    insert(store, local);
    Organisation gds = find(store, "government-digital-service");
    Set<OrganisationId> parents = new HashSet<>(gds.parents());
    parents.add(local.id());
    update(store, gds.toBuilder().parents(parents).build());

    sync(store)
        .run(
            pages(
                List.of(
                    List.of(
                        org("cabinet-office", CABINET_OFFICE),
                        org("government-digital-service", GDS, "cabinet-office")))));

    Organisation after = find(store, "government-digital-service");
    assertThat(after.parents())
        .containsExactlyInAnyOrder(find(store, "cabinet-office").id(), local.id());
    assertThat(after.feedParents()).containsExactly(find(store, "cabinet-office").id());
  }

  @ParameterizedTest
  @MethodSource("stores")
  void syncWhenFeedClosesAnOrganisationThenMarkedClosedNeverDeleted(String kind) {
    SignonStore store = store(kind);
    sync(store).run(whitehall());

    FeedSyncResult result =
        sync(store)
            .run(
                pages(
                    List.of(
                        List.of(
                            new FeedOrganisation(
                                "directgov", "Directgov", DIRECTGOV, List.of(), true),
                            new FeedOrganisation(
                                "cabinet-office",
                                "Cabinet Office",
                                CABINET_OFFICE,
                                List.of(),
                                true)))));

    assertThat(result.closed()).isEqualTo(1);
    assertThat(find(store, "cabinet-office").closed()).isTrue();
    assertThat(find(store, "directgov").closed()).isTrue();
    // Not listed this time, and still here.
    assertThat(find(store, "government-digital-service").closed()).isFalse();
    assertThat(list(store)).hasSize(4);
  }

  @ParameterizedTest
  @MethodSource("stores")
  void syncWhenSlugChangesThenSameOrganisationFoundByContentId(String kind) {
    SignonStore store = store(kind);
    sync(store).run(whitehall());
    Organisation before = find(store, "cabinet-office");

    sync(store).run(pages(List.of(List.of(org("the-cabinet-office", CABINET_OFFICE)))));

    Organisation after = find(store, "the-cabinet-office");
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(list(store)).extracting(Organisation::slug).doesNotContain("cabinet-office");
  }

  @ParameterizedTest
  @MethodSource("stores")
  void syncWhenRecordMalformedOrParentUnknownThenReportedAndTheRestApplied(String kind) {
    SignonStore store = store(kind);

    FeedSyncResult result =
        sync(store)
            .run(
                pages(
                    List.of(
                        List.of(
                            org("Not A Slug", UUID.randomUUID()),
                            org("cabinet-office", CABINET_OFFICE, "no-such-parent")))));

    assertThat(result.created()).isEqualTo(1);
    assertThat(result.problems())
        .hasSize(2)
        .anyMatch(p -> p.startsWith("Not A Slug"))
        .anyMatch(p -> p.contains("no-such-parent"));
    assertThat(find(store, "cabinet-office").parents()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void syncWhenFeedFailsHalfWayThenNothingWritten(String kind) {
    SignonStore store = store(kind);
    OrganisationFeed failing =
        next -> {
          if (next == null) {
            return new FeedPage(List.of(org("cabinet-office", CABINET_OFFICE)), "2");
          }
          throw new SignonFailureException("server_error", "register unreachable", null);
        };

    assertThatThrownBy(() -> sync(store).run(failing)).isInstanceOf(SignonFailureException.class);
    assertThat(list(store)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void syncWhenFeedRepeatsAPageThenRefusedAndNothingWritten(String kind) {
    SignonStore store = store(kind);
    OrganisationFeed looping =
        next -> new FeedPage(List.of(org("cabinet-office", CABINET_OFFICE)), "same");

    assertThatThrownBy(() -> sync(store).run(looping))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("repeats");
    assertThat(list(store)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void syncWhenFeedLinkWouldMakeACycleWithALocalLinkThenSkipped(String kind) {
    SignonStore store = store(kind);
    sync(store)
        .run(
            pages(
                List.of(
                    List.of(
                        org("cabinet-office", CABINET_OFFICE),
                        org("government-digital-service", GDS)))));
    Organisation co = find(store, "cabinet-office");
    Organisation gds = find(store, "government-digital-service");
    // Locally, cabinet-office is put under GDS; the register then says GDS is under cabinet-office.
    update(store, co.toBuilder().parents(Set.of(gds.id())).build());

    FeedSyncResult result =
        sync(store)
            .run(
                pages(
                    List.of(
                        List.of(
                            org("cabinet-office", CABINET_OFFICE),
                            org("government-digital-service", GDS, "cabinet-office")))));

    assertThat(result.problems()).anyMatch(p -> p.contains("cycle"));
    assertThat(find(store, "government-digital-service").parents()).isEmpty();
    assertThat(find(store, "cabinet-office").parents()).containsExactly(gds.id());
  }
}
