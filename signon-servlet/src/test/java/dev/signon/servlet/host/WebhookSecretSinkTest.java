package dev.signon.servlet.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.rotation.Credential;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import dev.signon.testing.MutableClock;
import dev.signon.testing.TestProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The signed webhook sink, against a WireMock receiver. */
class WebhookSecretSinkTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
  final TokenValue value = TokenValue.mint(new SecureRandom(), TokenKind.APPLICATION_TOKEN);

  WebhookSecretSink sink() {
    return WebhookSecretSink.create(
        URI.create(wm.baseUrl() + "/hooks/signon"), SECRET, new OkHttpClient(), clock);
  }

  Credential credential() {
    return new Credential(
        "visits@example.gov.uk",
        "Publishing API",
        "visits",
        "PUBLISHING_API_BEARER_TOKEN",
        value,
        Instant.parse("2028-04-01T10:00:00Z"));
  }

  @Test
  void postsTheCredentialSignedOverTimestampAndBody() {
    wm.stubFor(post(urlPathEqualTo("/hooks/signon")).willReturn(aResponse().withStatus(204)));

    sink().write(credential());

    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo("/hooks/signon")));
    assertThat(sent).hasSize(1);
    LoggedRequest r = sent.get(0);
    String body = r.getBodyAsString();
    assertThat(body)
        .contains("\"key\":\"PUBLISHING_API_BEARER_TOKEN\"")
        .contains("\"value\":\"" + value.reveal() + "\"")
        .contains("\"expires_at\":\"2028-04-01T10:00:00Z\"");
    long ts = clock.instant().getEpochSecond();
    assertThat(r.getHeader(WebhookSecretSink.TIMESTAMP_HEADER)).isEqualTo(Long.toString(ts));
    assertThat(r.getHeader(WebhookSecretSink.SIGNATURE_HEADER))
        .isEqualTo(WebhookSecretSink.signature(SECRET, ts, body))
        .startsWith("sha256=")
        .hasSize(7 + 64);
    wm.verify(
        postRequestedFor(urlPathEqualTo("/hooks/signon"))
            .withHeader("Content-Type", containing("application/json")));
  }

  @Test
  void signatureChangesWithTheTimestampSoAnOldOneCannotBeReplayedAsNew() {
    String body = "{\"key\":\"K\"}";
    assertThat(WebhookSecretSink.signature(SECRET, 1, body))
        .isNotEqualTo(WebhookSecretSink.signature(SECRET, 2, body));
  }

  @Test
  void refusalIsAFailureNamingTheStatusButNotTheValue() {
    wm.stubFor(post(urlPathEqualTo("/hooks/signon")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> sink().write(credential()))
        .isInstanceOf(SignonFailureException.class)
        .hasMessageContaining("503")
        .hasMessageNotContaining(value.reveal());
  }

  @Test
  void shortSecretIsRefused() {
    assertThatThrownBy(
            () ->
                WebhookSecretSink.create(
                    URI.create("https://example.gov.uk/hook"),
                    new byte[16],
                    new OkHttpClient(),
                    clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret");
  }
}
