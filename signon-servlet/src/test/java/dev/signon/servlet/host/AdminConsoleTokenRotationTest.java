package dev.signon.servlet.host;

import static dev.signon.servlet.host.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.rotation.Credential;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.SecretRoute;
import dev.signon.core.rotation.SecretSink;
import dev.signon.core.rotation.TokenRotationSettings;
import dev.signon.core.rotation.TokenRoute;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rotation of each token on an API user's manage-tokens page, over HTTP with the real
 * templates: the policy shown and changed, the route, and the delivery with the sink's failure and
 * the next try, never a token's value.
 */
class AdminConsoleTokenRotationTest {
  /** A sink that fails while {@code down}, as a secret store that refuses writes. */
  static final class Refusing implements SecretSink {
    boolean down = true;
    String last = "";

    @Override
    public void write(Credential credential) {
      if (down) {
        throw new IllegalStateException("AccessDeniedException from the secret store");
      }
      last = credential.value().reveal();
    }
  }

  private final Refusing sink = new Refusing();
  private PagesHost host;
  private Browser ada;
  private User api;

  @BeforeEach
  void start() throws Exception {
    host =
        PagesHost.withServer(
            b ->
                b.tokenRotation(
                    TokenRotationSettings.builder()
                        .sink("vault", sink)
                        .route(
                            SecretRoute.of("publishing@example.gov.uk", "visits", "vault")
                                .withTarget("publishing"))
                        .build()));
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    ada = host.signedIn("ada@example.gov.uk");
    api =
        host.server
            .admin()
            .createApiUser(Actor.host(), "Publishing API", Email.of("publishing@example.gov.uk"));
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private String tokens() {
    return host.url("/admin/api-users/" + api.uid().value() + "/tokens");
  }

  private NewApplicationToken token(Duration validity) {
    return host.server
        .applicationTokens()
        .create(Actor.host(), api.uid(), host.visits.id(), validity);
  }

  @Test
  void eachTokenShowsItsPolicyAndRoute() throws Exception {
    token(Duration.ofDays(90));

    String page = ada.get(tokens()).body();

    assertThat(page)
        .contains("<th scope=\"col\">Rotation</th>")
        .contains("30 days before expiry")
        .contains("Delivered to: vault: publishing/VISITS_BEARER_TOKEN")
        .contains("Change rotation");
  }

  @Test
  void aFailingSinkShowsThePendingDeliveryWithItsFailureAndNextTryButNoValue() throws Exception {
    NewApplicationToken old = token(Duration.ofDays(31));
    host.clock.advance(Duration.ofDays(1));
    host.server.housekeeping().run();
    // A day idle ended Ada's session: another superadmin looks.
    host.person("Bea Boss", "bea@example.gov.uk", UserRole.SUPERADMIN);
    ada = host.signedIn("bea@example.gov.uk");

    String page = ada.get(tokens()).body();

    assertThat(page)
        .contains("Delivery to vault pending: attempt 1 failed")
        .contains("AccessDeniedException from the secret store")
        .contains("next try ")
        .doesNotContain(old.value().reveal());
    assertThat(sink.last).isEmpty();

    // The store takes it at the next try: the page says it was delivered, still without a value.
    sink.down = false;
    host.clock.advance(Duration.ofMinutes(1));
    host.server.housekeeping().run();
    String after = ada.get(tokens()).body();
    assertThat(after).contains("Successor delivered to vault").doesNotContain(sink.last);
  }

  @Test
  void aSuperadminChangesATokensPolicy() throws Exception {
    NewApplicationToken t = token(Duration.ofDays(90));
    String rotation = tokens() + "/" + t.token().id() + "/rotation";

    Browser.Page form = ada.get(rotation);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("name=\"kind\"").contains("value=\"30\"");

    Browser.Page saved = ada.post(rotation, "kind", "EVERY", "days", "60");
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(location(saved)).endsWith("/tokens?done=rotationSet");
    assertThat(host.server.tokenRotations().policy(t.token().id()))
        .isEqualTo(RotationPolicy.every(Duration.ofDays(60)));
    assertThat(ada.get(host.url(location(saved))).body())
        .contains("Token rotation changed.")
        .contains("Every 60 days");

    assertThat(ada.post(rotation, "kind", "MANUAL", "days", "").statusCode()).isEqualTo(303);
    assertThat(host.server.tokenRotations().policy(t.token().id()))
        .isEqualTo(RotationPolicy.manual());
  }

  @Test
  void aBadNumberOfDaysIsRefusedWithTheFieldNamedAndNothingChanged() throws Exception {
    NewApplicationToken t = token(Duration.ofDays(90));
    String rotation = tokens() + "/" + t.token().id() + "/rotation";
    ada.get(rotation);

    Browser.Page refused = ada.post(rotation, "kind", "BEFORE_EXPIRY", "days", "soon");

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("href=\"#days\"").contains("Enter a whole number of days");
    assertThat(host.server.tokenRotations().policy(t.token().id()))
        .isEqualTo(RotationPolicy.defaults());
  }

  @Test
  void anAdminWhoIsNotASuperadminCannotChangeAPolicy() throws Exception {
    host.person("Olly Org", "olly@example.gov.uk", UserRole.ADMIN);
    Browser olly = host.signedIn("olly@example.gov.uk");
    NewApplicationToken t = token(Duration.ofDays(90));
    String rotation = tokens() + "/" + t.token().id() + "/rotation";
    olly.get(rotation);

    Browser.Page refused = olly.post(rotation, "kind", "MANUAL", "days", "");

    assertThat(refused.statusCode()).isBetween(400, 404);
    assertThat(host.server.tokenRotations().policy(t.token().id()))
        .isEqualTo(RotationPolicy.defaults());
  }

  @Test
  void aSuperadminGivesATokenARouteOfItsOwnAndClearsIt() throws Exception {
    NewApplicationToken t = token(Duration.ofDays(90));
    String rotation = tokens() + "/" + t.token().id() + "/rotation";

    Browser.Page form = ada.get(rotation);
    assertThat(form.body())
        .contains("<option value=\"vault\">vault</option>")
        .contains(">Use the host")
        .contains("value=\"publishing\"");

    Browser.Page saved =
        ada.post(rotation, "part", "route", "sink", "vault", "target", "apps/pub", "key", "TOKEN");
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(location(saved)).endsWith("/tokens?done=routeSet");
    assertThat(host.server.tokenRotations().ownRoute(t.token().id()))
        .contains(new TokenRoute("vault", "apps/pub", "TOKEN"));
    assertThat(ada.get(host.url(location(saved))).body())
        .contains("Token route changed.")
        .contains("vault: apps/pub/TOKEN");

    assertThat(
            ada.post(rotation, "part", "route", "sink", "", "target", "", "key", "").statusCode())
        .isEqualTo(303);
    assertThat(host.server.tokenRotations().ownRoute(t.token().id())).isEmpty();
    assertThat(ada.get(tokens()).body()).contains("vault: publishing/VISITS_BEARER_TOKEN");
  }

  @Test
  void aSinkTheHostHasNotConfiguredIsRefusedWithTheFieldNamed() throws Exception {
    NewApplicationToken t = token(Duration.ofDays(90));
    String rotation = tokens() + "/" + t.token().id() + "/rotation";
    ada.get(rotation);

    Browser.Page refused =
        ada.post(rotation, "part", "route", "sink", "s3", "target", "apps", "key", "TOKEN");

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body())
        .contains("href=\"#sink\"")
        .contains("Choose a sink this host has configured; there is none named s3");
    assertThat(host.server.tokenRotations().ownRoute(t.token().id())).isEmpty();
  }

  @Test
  void aBadTargetIsRefusedWithTheFieldNamedAndNothingChanged() throws Exception {
    NewApplicationToken t = token(Duration.ofDays(90));
    String rotation = tokens() + "/" + t.token().id() + "/rotation";
    ada.get(rotation);

    Browser.Page refused =
        ada.post(rotation, "part", "route", "sink", "vault", "target", "../etc", "key", "TOKEN");

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("href=\"#target\"");
    assertThat(host.server.tokenRotations().ownRoute(t.token().id())).isEmpty();
  }

  @Test
  void anAdminWhoIsNotASuperadminCannotSetARoute() throws Exception {
    host.person("Olly Org", "olly@example.gov.uk", UserRole.ADMIN);
    Browser olly = host.signedIn("olly@example.gov.uk");
    NewApplicationToken t = token(Duration.ofDays(90));
    String rotation = tokens() + "/" + t.token().id() + "/rotation";
    olly.get(rotation);

    Browser.Page refused =
        olly.post(rotation, "part", "route", "sink", "vault", "target", "apps", "key", "TOKEN");

    assertThat(refused.statusCode()).isBetween(400, 404);
    assertThat(host.server.tokenRotations().ownRoute(t.token().id())).isEmpty();
  }
}
