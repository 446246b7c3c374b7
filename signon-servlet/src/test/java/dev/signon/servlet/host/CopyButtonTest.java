package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The copy button beside a token shown once: the read-only field works without JavaScript, and the
 * page that shows it alone loads the host's own script, which its policy alone allows.
 */
class CopyButtonTest {
  private PagesHost host;
  private Browser ada;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    ada = host.signedIn("ada@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private Browser.Page tokenShown() throws Exception {
    User u =
        host.server
            .admin()
            .createApiUser(Actor.host(), "Publishing API", Email.of("publishing@example.gov.uk"));
    String tokens = host.url("/admin/api-users/" + u.uid().value() + "/tokens");
    String newest = Browser.field(ada.get(tokens).body(), "newest");
    return ada.post(tokens, "application", host.visits.clientId(), "newest", newest);
  }

  @Test
  void theTokenPageKeepsItsReadOnlyFieldAndLoadsTheCopyScript() throws Exception {
    Browser.Page shown = tokenShown();
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body())
        .contains("readonly")
        .contains("data-copy")
        .contains("<script src=\"/sign-in/copy.js\" defer></script>");
    assertThat(shown.header("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
  }

  @Test
  void otherPagesKeepTheStrictPolicyWithoutScripts() throws Exception {
    for (String path : new String[] {"/admin/users", "/admin/applications", "/sign-in", "/"}) {
      Browser.Page page = ada.get(host.url(path));
      assertThat(page.header("Content-Security-Policy").orElseThrow())
          .as(path)
          .doesNotContain("script-src");
      assertThat(page.body()).as(path).doesNotContain("<script");
    }
  }

  @Test
  void theScriptIsServedFromTheJar() throws Exception {
    Browser.Page js = new Browser().get(host.url("/sign-in/copy.js"));
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.header("Content-Type").orElseThrow()).startsWith("text/javascript");
    assertThat(js.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(js.body()).contains("input[data-copy]").contains("Copy to clipboard");
  }
}
