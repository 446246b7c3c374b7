package dev.signon.servlet.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.ParentOrigin;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.orgfeed.FeedSyncResult;
import dev.signon.core.orgfeed.OrganisationFeedSync;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.testing.TestProvider;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GOV.UK's organisations API, two pages of it served by WireMock, read and synced. */
class GovUkOrganisationFeedTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private static final String CABINET_OFFICE = "96ae61d6-c2a1-48cb-8e67-da9d105ae381";
  private static final String GDS = "af07d5a5-df63-4ddc-9383-6a666845ebe9";
  private static final String DIRECTGOV = "3b1eb8b8-d8a4-4f38-8d8a-1c8ec4a6b2f9";

  private final SignonStore store = new InMemorySignonStore();

  @BeforeEach
  void servePages() {
    wm.stubFor(
        get(urlPathEqualTo("/api/organisations"))
            .withQueryParam("page", WireMock.absent())
            .willReturn(okJson(page1())));
    wm.stubFor(
        get(urlPathEqualTo("/api/organisations"))
            .withQueryParam("page", WireMock.equalTo("2"))
            .willReturn(okJson(page2())));
  }

  private String api(String slug) {
    return wm.baseUrl() + "/api/organisations/" + slug;
  }

  private String result(
      String title,
      String slug,
      String contentId,
      String status,
      List<String> parents,
      List<String> children) {
    return "{\"id\":\""
        + api(slug)
        + "\",\"title\":\""
        + title
        + "\",\"format\":\"Ministerial department\",\"updated_at\":\"2026-11-02T10:00:00.000+00:00\","
        + "\"web_url\":\"https://www.gov.uk/government/organisations/"
        + slug
        + "\",\"details\":{\"slug\":\""
        + slug
        + "\",\"abbreviation\":null,\"logo_formatted_name\":\""
        + title
        + "\",\"organisation_brand_colour_class_name\":null,\"organisation_logo_type_class_name\":null,"
        + "\"closed_at\":null,\"govuk_status\":\""
        + status
        + "\",\"govuk_closed_status\":null,\"content_id\":\""
        + contentId
        + "\"},\"analytics_identifier\":\"D1\","
        + "\"parent_organisations\":"
        + links(parents)
        + ",\"child_organisations\":"
        + links(children)
        + ",\"superseded_organisations\":[],\"superseding_organisations\":[]}";
  }

  private String links(List<String> slugs) {
    StringBuilder out = new StringBuilder("[");
    for (String slug : slugs) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append("{\"id\":\"")
          .append(api(slug))
          .append("\",\"web_url\":\"https://www.gov.uk/government/organisations/")
          .append(slug)
          .append("\"}");
    }
    return out.append(']').toString();
  }

  private String page1() {
    return "{\"results\":["
        + result(
            "Cabinet Office",
            "cabinet-office",
            CABINET_OFFICE,
            "live",
            List.of(),
            List.of("government-digital-service"))
        + ","
        + result(
            "Government Digital Service",
            "government-digital-service",
            GDS,
            "live",
            List.of("cabinet-office"),
            List.of())
        + "],\"total\":3,\"pages\":2,\"current_page\":1,\"page_size\":2,\"start_index\":1,"
        + "\"next_page_url\":\""
        + wm.baseUrl()
        + "/api/organisations?page=2\"}";
  }

  private String page2() {
    return "{\"results\":["
        + result(
            "Directgov", "directgov", DIRECTGOV, "closed", List.of("cabinet-office"), List.of())
        + "],\"total\":3,\"pages\":2,\"current_page\":2,\"page_size\":2,\"start_index\":3,"
        + "\"previous_page_url\":\""
        + wm.baseUrl()
        + "/api/organisations?page=1\"}";
  }

  private FeedSyncResult sync() {
    return OrganisationFeedSync.of(store, new SecureRandom())
        .run(
            GovUkOrganisationFeed.create(
                URI.create(wm.baseUrl() + "/api/organisations"), new TestProvider(wm).http()));
  }

  private Organisation find(String slug) {
    return store.transaction(t -> t.organisations().findBySlug(slug)).orElseThrow();
  }

  @Test
  void syncWhenRegisterHasTwoPagesThenEveryOrganisationWithItsParentAndClosedState() {
    FeedSyncResult result = sync();

    assertThat(result.read()).isEqualTo(3);
    assertThat(result.created()).isEqualTo(3);
    assertThat(result.problems()).isEmpty();
    Organisation co = find("cabinet-office");
    Organisation gds = find("government-digital-service");
    Organisation directgov = find("directgov");
    assertThat(co.name()).isEqualTo("Cabinet Office");
    assertThat(co.contentId()).isEqualTo(UUID.fromString(CABINET_OFFICE));
    assertThat(co.closed()).isFalse();
    assertThat(gds.parents()).containsExactly(co.id());
    assertThat(gds.parentOrigin(co.id())).isEqualTo(ParentOrigin.FEED);
    assertThat(directgov.closed()).isTrue();
    assertThat(directgov.parents()).containsExactly(co.id());
  }

  @Test
  void manualParentFixWillNotResetWhenTheOrganisationsAreImportedFromWhitehall() {
    // Seed 000: a parent applied by hand "will reset when the organisations are imported from
    // Whitehall". Ours is kept: the next import replaces only the register's own links.
    sync();
    Organisation local =
        Organisation.builder()
            .id(new OrganisationId(UUID.randomUUID()))
            .slug("digital-profession")
            .name("Digital profession")
            .contentId(UUID.randomUUID())
            .build();
    Organisation gds = find("government-digital-service");
    Set<OrganisationId> parents = new HashSet<>(gds.parents());
    parents.add(local.id());
    store.transaction(
        t -> {
          t.organisations().insert(local);
          t.organisations().update(gds.toBuilder().parents(parents).build());
          return null;
        });

    FeedSyncResult again = sync();

    Organisation after = find("government-digital-service");
    assertThat(after.parents()).containsExactlyInAnyOrder(find("cabinet-office").id(), local.id());
    assertThat(after.parentOrigin(local.id())).isEqualTo(ParentOrigin.LOCAL);
    assertThat(again.created()).isZero();
    assertThat(again.updated()).isZero();
  }

  @Test
  void syncWhenSecondPageFailsThenNothingWritten() {
    wm.stubFor(
        get(urlPathEqualTo("/api/organisations"))
            .withQueryParam("page", WireMock.equalTo("2"))
            .willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(this::sync)
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("503");
    List<Organisation> stored = store.transaction(t -> t.organisations().list());
    assertThat(stored).isEmpty();
  }

  @Test
  void readWhenNextPageUrlNamesAnotherHostThenRefused() {
    wm.stubFor(
        get(urlPathEqualTo("/api/organisations"))
            .withQueryParam("page", WireMock.absent())
            .willReturn(
                okJson("{\"results\":[],\"next_page_url\":\"https://elsewhere.example/api/x\"}")));

    assertThatThrownBy(this::sync)
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("not on");
  }

  @Test
  void readWhenAnswerIsNotAPageThenFailure() {
    wm.stubFor(
        get(urlPathEqualTo("/api/organisations"))
            .withQueryParam("page", WireMock.absent())
            .willReturn(okJson("{\"organisations\":[]}")));

    assertThatThrownBy(this::sync)
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("no results");
  }
}
