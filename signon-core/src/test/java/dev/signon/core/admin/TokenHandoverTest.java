package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.admin.ApplicationTokenAdmin.SentApplicationToken;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.pages.HostPages;
import dev.signon.core.pages.PageRenderer;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.TokenHandover;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenValue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * GOV.UK Signon's runbooks: "Copy it to your clipboard and then manually email it to the team email
 * address"; "For a token used in an application outside of GOV.UK (e.g. by HMRC): securely send the
 * token to the consumer." Here the admin sends a one-time link instead.
 */
class TokenHandoverTest {
  private static final String PAGE = "/sign-in/links/application-token";
  private static final String CSRF = "c".repeat(43);

  final EngineFixture f = new EngineFixture();
  final Actor me = Actor.user(f.superadmin.uid(), "192.0.2.10", "runbook");
  final Recorder renderer = new Recorder();
  final HostPages pages = f.server.pages(renderer);
  final User hmrc =
      f.server.admin().createApiUser(me, "HMRC tariff", Email.of("tariff-team@hmrc.example"));

  /** Renders a template as its name, keeping the models it was given. */
  static final class Recorder implements PageRenderer {
    final List<Map<String, Object>> models = new ArrayList<>();

    @Override
    public String render(String template, Map<String, Object> model) {
      models.add(new LinkedHashMap<>(model));
      return "<" + template + ">";
    }

    @Override
    public String qrCode(String text) {
      return text;
    }

    @Override
    public String asset(String name) {
      return name;
    }

    Map<String, Object> last() {
      return models.get(models.size() - 1);
    }

    String lastValue(String key) {
      return String.valueOf(last().get(key));
    }
  }

  private String linkToken(Email to) {
    EmailMessage m = f.mail.lastTo(to).orElseThrow();
    Matcher matcher = Pattern.compile(PAGE + "\\?token=(\\S+)").matcher(m.text());
    assertThat(matcher.find()).as("a hand-over link in: %s", m.text()).isTrue();
    return matcher.group(1);
  }

  private ProtocolResponse open(String token) {
    return pages.answer(
        PAGE, ProtocolRequest.builder("GET", URI.create(PAGE + "?token=" + token)).build());
  }

  private ProtocolResponse show(String token) {
    return pages.answer(
        PAGE,
        ProtocolRequest.builder("POST", URI.create(PAGE))
            .header("Cookie", "signon_csrf=" + CSRF)
            .remoteAddress("198.51.100.4")
            .formParameter("csrf_token", CSRF)
            .formParameter("token", token)
            .build());
  }

  private int userDetailsStatus(String token) {
    return f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", token)).status();
  }

  private List<AuditEvent> audit() {
    return f.store.transaction(tx -> tx.audit().listBySubject(hmrc.uid(), 100));
  }

  @Test
  void securelySendTheTokenToTheConsumerAsALinkThatShowsItOnceAndTheTokenWorks() {
    SentApplicationToken sent =
        f.server.applicationTokens().createAndSend(me, hmrc.uid(), f.visits.id());

    assertThat(sent.sentTo()).isEqualTo(hmrc.email());
    assertThat(sent.linkExpiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofHours(24)));
    EmailMessage email = f.mail.lastTo(hmrc.email()).orElseThrow();
    assertThat(email.text()).contains("Prison visits").contains("1 day").contains("only once");
    String link = linkToken(hmrc.email());

    // Opening the link (as a mail scanner would) only shows a button.
    ProtocolResponse button = open(link);
    assertThat(button.status()).isEqualTo(200);
    assertThat(button.body()).isEqualTo("<link>");
    assertThat(renderer.last()).containsEntry("action", "application-token");

    ProtocolResponse shown = show(link);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.body()).isEqualTo("<application-token>");
    assertThat(shown.header("Cache-Control")).contains("no-store");
    String value = renderer.lastValue("value");
    assertThat(value).startsWith("sgn_t_");
    assertThat(renderer.last()).containsEntry("application", "Prison visits");
    assertThat(userDetailsStatus(value)).isEqualTo(200);
  }

  @Test
  void secondViewShowsNothing() {
    f.server.applicationTokens().createAndSend(me, hmrc.uid(), f.visits.id());
    String link = linkToken(hmrc.email());
    assertThat(show(link).status()).isEqualTo(200);

    ProtocolResponse again = show(link);

    assertThat(again.status()).isEqualTo(410);
    assertThat(again.body()).isEqualTo("<message>");
    assertThat(renderer.last()).doesNotContainKey("value");
    assertThat(renderer.lastValue("text")).contains("already been used");
  }

  @Test
  void expiredLinkShowsNothingAndTheLifetimeIsConfigurable() {
    f.server.applicationTokens().createAndSend(me, hmrc.uid(), f.visits.id());
    String link = linkToken(hmrc.email());
    f.clock.advance(Duration.ofHours(24));
    assertThat(show(link).status()).isEqualTo(410);

    EngineFixture shorter =
        new EngineFixture(
            URI.create(EngineFixture.ISSUER),
            new InMemorySignonStore(),
            true,
            b -> b.applicationTokenLinkValidity(Duration.ofHours(2)));
    User api =
        shorter.server.admin().createApiUser(Actor.host(), "Other", Email.of("o@example.gov.uk"));
    SentApplicationToken sent =
        shorter
            .server
            .applicationTokens()
            .createAndSend(Actor.host(), api.uid(), shorter.visits.id());
    assertThat(sent.linkExpiresAt()).isEqualTo(shorter.clock.instant().plus(Duration.ofHours(2)));
    assertThat(shorter.mail.lastTo(api.email()).orElseThrow().text()).contains("2 hours");
  }

  @Test
  void aGuessedLinkOrATokenOfAnotherKindShowsNothing() {
    f.server.applicationTokens().createAndSend(me, hmrc.uid(), f.visits.id());
    String link = linkToken(hmrc.email());

    assertThat(show("sgn_l_" + "A".repeat(43)).status()).isEqualTo(410);
    assertThat(show(link.replace("sgn_l_", "sgn_t_")).status()).isEqualTo(410);
    assertThat(show("").status()).isEqualTo(410);
    assertThat(audit()).noneMatch(e -> e.type() == AuditEventType.APPLICATION_TOKEN_LINK_VIEWED);
    // The real link is still unused.
    assertThat(show(link).status()).isEqualTo(200);
  }

  @Test
  void sendingAndViewingAreAudited() {
    SentApplicationToken sent =
        f.server.applicationTokens().createAndSend(me, hmrc.uid(), f.visits.id());
    assertThat(audit())
        .filteredOn(e -> e.type() == AuditEventType.APPLICATION_TOKEN_LINK_SENT)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type().code()).isEqualTo(312);
              assertThat(e.initiator()).isEqualTo(f.superadmin.uid());
              assertThat(e.target()).isEqualTo("application-token:" + sent.token().id());
            });
    assertThat(audit()).noneMatch(e -> e.type() == AuditEventType.APPLICATION_TOKEN_LINK_VIEWED);

    show(linkToken(hmrc.email()));

    assertThat(audit())
        .filteredOn(e -> e.type() == AuditEventType.APPLICATION_TOKEN_LINK_VIEWED)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type().code()).isEqualTo(313);
              assertThat(e.application()).isEqualTo(f.visits.id());
              assertThat(e.target()).isEqualTo("application-token:" + sent.token().id());
              assertThat(e.ipAddress()).isEqualTo("198.51.100.4");
            });
  }

  @Test
  void whileWaitingTheTokenIsStoredOnlySealedAndViewingErasesIt() {
    f.server.applicationTokens().createAndSend(me, hmrc.uid(), f.visits.id());
    String link = linkToken(hmrc.email());
    TokenHandover waiting = handover(link);
    assertThat(waiting.sealedValue()).isNotEmpty().doesNotContain("sgn_t_");
    assertThat(waiting.hash().hex()).doesNotContain(link);

    show(link);
    String value = renderer.lastValue("value");

    TokenHandover viewed = handover(link);
    assertThat(viewed.sealedValue()).isEmpty();
    assertThat(viewed.viewedAt()).isEqualTo(f.clock.instant());
    assertThat(waiting.sealedValue()).doesNotContain(value);
  }

  @Test
  void rotatingCanSendTheSuccessorByLinkAndARevokedTokensLinkShowsNothing() {
    NewApplicationToken first = f.server.applicationTokens().create(me, hmrc.uid(), f.visits.id());
    SentApplicationToken next = f.server.applicationTokens().rotateAndSend(me, first.token().id());
    assertThat(next.token().replaces()).isEqualTo(first.token().id());
    assertThat(audit())
        .extracting(AuditEvent::type)
        .contains(
            AuditEventType.APPLICATION_TOKEN_ROTATED, AuditEventType.APPLICATION_TOKEN_LINK_SENT);

    f.server.applicationTokens().revoke(me, next.token().id());

    assertThat(show(linkToken(hmrc.email())).status()).isEqualTo(410);
  }

  private TokenHandover handover(String link) {
    TokenHash hash = TokenValue.presented(link).orElseThrow().hash();
    return f.store.transaction(tx -> tx.tokenHandovers().find(hash)).orElseThrow();
  }
}
