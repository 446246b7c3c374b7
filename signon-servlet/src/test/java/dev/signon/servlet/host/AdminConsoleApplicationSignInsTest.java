package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.directory.UserRole;
import dev.signon.core.testing.EngineFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An application's console page counts the sign-ins to it in each calendar month (UTC). */
class AdminConsoleApplicationSignInsTest {
  private static final String AUTHORIZE =
      "/oauth/authorize?response_type=code&client_id=visits&redirect_uri="
          + URLEncoder.encode(EngineFixture.CALLBACK, StandardCharsets.UTF_8)
          + "&scope=openid&state=xyz&nonce=n-0S6_WzA2Mj&code_challenge="
          + EngineFixture.challenge(EngineFixture.VERIFIER)
          + "&code_challenge_method=S256";

  private PagesHost host;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    host.person("Joe Bloggs", "joe@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private void signInToVisits(Browser b) throws Exception {
    Browser.Page r = b.get(host.url(AUTHORIZE));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    assertThat(Browser.location(r)).startsWith(EngineFixture.CALLBACK).contains("code=");
  }

  private static String row(String html, String month) {
    Matcher m =
        Pattern.compile("<td>" + month + "</td><td class=\"numeric\">(\\d+)</td>").matcher(html);
    return m.find() ? m.group(1) : "missing";
  }

  @Test
  void signInsAreCountedInTheMonthTheyHappenAcrossAMonthBoundary() throws Exception {
    host.clock.set(Instant.parse("2026-04-30T23:58:00Z"));
    Browser joe = host.signedIn("joe@example.gov.uk");
    signInToVisits(joe);
    signInToVisits(joe);
    host.clock.set(Instant.parse("2026-05-01T00:00:30Z"));
    signInToVisits(joe);

    Browser ada = host.signedIn("ada@example.gov.uk");
    String page = ada.get(host.url("/admin/applications/" + host.visits.id().value())).body();

    assertThat(page).contains("<h2>Sign-ins per month</h2>");
    assertThat(row(page, "May 2026")).isEqualTo("1");
    assertThat(row(page, "April 2026")).isEqualTo("2");
    assertThat(row(page, "March 2026")).isEqualTo("0");
    assertThat(row(page, "June 2025")).isEqualTo("0");
    assertThat(row(page, "May 2025")).as("twelve months shown").isEqualTo("missing");
    assertThat(page.indexOf("May 2026")).isLessThan(page.indexOf("April 2026"));
  }

  @Test
  void aRefusedSignInIsNotCounted() throws Exception {
    host.person("Ann Other", "ann@example.gov.uk");
    host.server
        .admin()
        .setRoles(
            dev.signon.core.admin.Actor.host(),
            host.visits.id(),
            dev.signon.core.access.Grantee.user(
                host.server
                    .store()
                    .transaction(
                        tx ->
                            tx.users()
                                .findByEmail(
                                    dev.signon.core.directory.Email.of("ann@example.gov.uk")))
                    .orElseThrow()
                    .uid()),
            java.util.Set.of());
    Browser ann = host.signedIn("ann@example.gov.uk");
    assertThat(ann.get(host.url(AUTHORIZE)).statusCode()).isEqualTo(403);

    Browser ada = host.signedIn("ada@example.gov.uk");
    String page = ada.get(host.url("/admin/applications/" + host.visits.id().value())).body();
    assertThat(page).doesNotContain("<td class=\"numeric\">1</td>");
  }
}
