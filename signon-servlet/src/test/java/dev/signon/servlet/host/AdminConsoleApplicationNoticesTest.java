package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.notify.NoticeDelivery;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application form's notice settings, and an application's own give-up time: its notices are
 * given up after it, audited (701) and shown in the console's event log. The application is down
 * throughout: every push answers 503.
 */
class AdminConsoleApplicationNoticesTest {
  private final AtomicInteger attempts = new AtomicInteger();
  private PagesHost host;
  private Browser ada;

  @BeforeEach
  void start() throws Exception {
    host =
        PagesHost.withServer(
            b ->
                b.noticeSender(
                    request -> {
                      attempts.incrementAndGet();
                      return 503;
                    }));
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    ada = host.signedIn("ada@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private Browser.Page register(String giveUpMinutes) throws Exception {
    return ada.post(
        host.url("/admin/applications/new"),
        "name",
        "Reports",
        "client_id",
        "reports",
        "redirect_uris",
        "https://apps.example.gov.uk/reports/auth/signon/callback",
        "service_uri",
        "https://apps.example.gov.uk/reports/",
        "client_auth",
        "secret",
        "id_token_alg",
        "RS256",
        "access_token_format",
        "OPAQUE",
        "supports_push_updates",
        "yes",
        "backchannel_logout_uri",
        "https://apps.example.gov.uk/reports/auth/signon/backchannel_logout",
        "backchannel_logout_session_required",
        "yes",
        "notice_give_up_minutes",
        giveUpMinutes);
  }

  private Application stored() {
    return host.server
        .store()
        .transaction(tx -> tx.applications().findByClientId("reports"))
        .orElseThrow();
  }

  @Test
  void formSetsAndShowsWhatTheHostTellsTheApplication() throws Exception {
    assertThat(register("10").statusCode()).isEqualTo(200);

    Application app = stored();
    assertThat(app.supportsPushUpdates()).isTrue();
    assertThat(app.backchannelLogoutUri())
        .isEqualTo(
            URI.create("https://apps.example.gov.uk/reports/auth/signon/backchannel_logout"));
    assertThat(app.backchannelLogoutSessionRequired()).isTrue();
    assertThat(app.noticeGiveUpAfter()).isEqualTo(Duration.ofMinutes(10));
    String edit = ada.get(host.url("/admin/applications/" + app.id().value())).body();
    assertThat(edit)
        .contains("id=\"notice_give_up_minutes\"")
        .contains("value=\"10\"")
        .contains(
            "id=\"supports_push_updates\" name=\"supports_push_updates\" value=\"yes\" checked");
  }

  @Test
  void giveUpTimeOutOfRangeIsShownAsAnErrorLinkedToItsField() throws Exception {
    Browser.Page bad = register("0");

    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("<a href=\"#notice_give_up_minutes\">");
    assertThat(register("99999999").statusCode()).isEqualTo(422);
  }

  @Test
  void noticeGivenUpAfterTheApplicationsOwnTimeThenAuditedAndShownInTheEventLog() throws Exception {
    register("10");
    Application app = stored();
    User joe = host.person("Joe Bloggs", "joe@example.gov.uk");
    host.server.admin().grant(Actor.host(), app.id(), Grantee.user(joe.uid()), Set.of("signin"));
    NoticeDelivery delivery = host.server.noticeDelivery();
    delivery.deliverDue(); // the grant's user update: refused, retried later
    host.server.admin().suspend(Actor.host(), joe.uid(), "left");

    host.clock.advance(Duration.ofMinutes(9));
    assertThat(delivery.deliverDue().abandoned()).isZero();
    host.clock.advance(Duration.ofMinutes(1));
    NoticeDelivery.Report report = delivery.deliverDue();

    assertThat(report.abandoned()).isGreaterThanOrEqualTo(1);
    assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
    String log =
        Browser.unescape(
            ada.get(host.url("/admin/events?code=701&user=joe%40example.gov.uk")).body());
    assertThat(log).contains("(701)").contains("HTTP 503").contains("Joe Bloggs");
  }
}
