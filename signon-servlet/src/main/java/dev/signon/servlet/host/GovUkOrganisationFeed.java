package dev.signon.servlet.host;

import dev.signon.core.error.SignonFailureException;
import dev.signon.core.orgfeed.FeedOrganisation;
import dev.signon.core.orgfeed.FeedPage;
import dev.signon.core.orgfeed.OrganisationFeed;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads GOV.UK's organisations API ({@code https://www.gov.uk/api/organisations}): pages of {@code
 * results}, each with {@code title}, {@code details.slug}, {@code details.content_id}, {@code
 * details.govuk_status} ({@code closed} when closed) and {@code parent_organisations} whose {@code
 * id} URL ends in the parent's slug, linked by {@code next_page_url}.
 *
 * <p>The next page must be on the same origin as the first, so a tampered answer cannot send the
 * host elsewhere. A result without a slug or content id is skipped and logged.
 *
 * <pre>{@code
 * OrganisationFeed feed = GovUkOrganisationFeed.create(GovUkOrganisationFeed.GOV_UK, httpClient);
 * OrganisationFeedSync.of(store, random).run(feed);
 * }</pre>
 */
public final class GovUkOrganisationFeed implements OrganisationFeed {
  /** GOV.UK's own register. */
  public static final URI GOV_UK = URI.create("https://www.gov.uk/api/organisations");

  private static final Logger log = LoggerFactory.getLogger(GovUkOrganisationFeed.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_PAGE_BYTES = 16 << 20;

  private final HttpUrl first;
  private final OkHttpClient http;

  private GovUkOrganisationFeed(HttpUrl first, OkHttpClient http) {
    this.first = first;
    this.http = http;
  }

  /**
   * A reader of the register at {@code url} through {@code http} (its timeouts apply).
   *
   * @throws IllegalArgumentException if {@code url} is not an http(s) URL
   */
  public static GovUkOrganisationFeed create(URI url, OkHttpClient http) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(http, "http");
    HttpUrl parsed = HttpUrl.parse(url.toString());
    if (parsed == null) {
      throw new IllegalArgumentException("url: not an http(s) URL: " + url);
    }
    return new GovUkOrganisationFeed(parsed, http);
  }

  @Override
  public FeedPage read(@Nullable String next) {
    HttpUrl url = next == null ? first : sameOrigin(next);
    JsonNode page = fetch(url);
    JsonNode results = page.get("results");
    if (results == null || !results.isArray()) {
      throw failure("page " + url + " has no results array", null);
    }
    List<FeedOrganisation> organisations = new ArrayList<>();
    for (JsonNode result : results) {
      FeedOrganisation o = organisation(result);
      if (o != null) {
        organisations.add(o);
      }
    }
    JsonNode nextUrl = page.get("next_page_url");
    return new FeedPage(
        organisations, nextUrl != null && nextUrl.isString() ? nextUrl.stringValue() : null);
  }

  private HttpUrl sameOrigin(String next) {
    HttpUrl url = HttpUrl.parse(next);
    if (url == null
        || !url.scheme().equals(first.scheme())
        || !url.host().equals(first.host())
        || url.port() != first.port()) {
      throw failure("next_page_url is not on " + first.host() + ": " + next, null);
    }
    return url;
  }

  private JsonNode fetch(HttpUrl url) {
    Request request = new Request.Builder().url(url).header("Accept", "application/json").build();
    try (Response response = http.newCall(request).execute()) {
      if (response.code() != 200) {
        throw failure(url + " answered " + response.code(), null);
      }
      byte[] body = response.body().byteStream().readNBytes(MAX_PAGE_BYTES + 1);
      if (body.length > MAX_PAGE_BYTES) {
        throw failure(url + " answered a page too large to read", null);
      }
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw failure(url + " answered something that is not a JSON object", null);
      }
      return node;
    } catch (IOException | JacksonException e) {
      throw failure(url + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static @Nullable FeedOrganisation organisation(JsonNode result) {
    JsonNode details = result.path("details");
    String slug = text(details, "slug");
    String contentId = text(details, "content_id");
    String title = text(result, "title");
    if (slug == null || contentId == null || title == null) {
      log.warn("organisation feed: a result without slug, content_id or title is skipped");
      return null;
    }
    UUID id;
    try {
      id = UUID.fromString(contentId);
    } catch (IllegalArgumentException e) {
      log.warn("organisation feed: {} has a content_id that is not a UUID; skipped", slug);
      return null;
    }
    List<String> parents = new ArrayList<>();
    for (JsonNode parent : result.path("parent_organisations")) {
      String apiUrl = text(parent, "id");
      if (apiUrl != null) {
        String trimmed = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        parents.add(trimmed.substring(trimmed.lastIndexOf('/') + 1));
      }
    }
    boolean closed = "closed".equals(text(details, "govuk_status"));
    return new FeedOrganisation(slug, title, id, parents, closed);
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() && !value.stringValue().isBlank()
        ? value.stringValue()
        : null;
  }

  private static SignonFailureException failure(String message, @Nullable Throwable cause) {
    return new SignonFailureException("server_error", "organisation feed: " + message, cause);
  }

  @Override
  public String toString() {
    return "GovUkOrganisationFeed[" + first + "]";
  }
}
