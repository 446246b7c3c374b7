package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.servlet.FallbackEvent.Trigger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fallback switched on by the provider's health checks, and off again when it recovers. */
class AutomaticFallbackTest extends FallbackTestSupport {
  private static final Duration EVERY = Duration.ofSeconds(30);
  private static final String DISCOVERY = "/.well-known/openid-configuration";

  private int discoveryChecks() {
    return wm.countRequestsMatching(
            com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(DISCOVERY))
                .build())
        .getCount();
  }

  private Browser.Answer visitAfterInterval() {
    provider.clock.advance(EVERY);
    return browser.get("/reports");
  }

  @Test
  void providerDownForThreeChecksThenFallbackOfferedAndWhenBackThenWithdrawn() {
    start(fallbackFilter().automaticFallback(3, EVERY));
    sentToProvider("/reports");

    provider.stubDiscoveryDown();
    assertThat(visitAfterInterval().location()).startsWith(provider.url("/authorize?"));
    assertThat(visitAfterInterval().location()).startsWith(provider.url("/authorize?"));
    assertThat(events).isEmpty();

    Browser.Answer third = visitAfterInterval();
    assertThat(third.status()).isEqualTo(302);
    assertThat(third.location()).isEqualTo(FallbackPages.FORM);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).on()).isTrue();
    assertThat(events.get(0).trigger()).isEqualTo(Trigger.AUTOMATIC);
    assertThat(events.get(0).reason()).contains("3 health checks in a row");
    FallbackPages.askForLink(browser, "joe@example.com");
    assertThat(FallbackPages.useLink(browser, FallbackPages.linkFromEmail(mail)).location())
        .isEqualTo("/reports");
    browser.post("/auth/signon/sign_out", java.util.Map.of());

    provider.stubDiscovery(true);
    Browser.Answer back = visitAfterInterval();
    assertThat(back.location()).startsWith(provider.url("/authorize?"));
    assertThat(events).hasSize(2);
    assertThat(events.get(1).on()).isFalse();
    assertThat(events.get(1).trigger()).isEqualTo(Trigger.AUTOMATIC);
    assertPlainPage(browser.get(FallbackPages.FORM), 404);
  }

  @Test
  void healthCheckWhenRequestsComeOftenThenRunAtMostOncePerInterval() {
    start(fallbackFilter().automaticFallback(3, EVERY));
    sentToProvider("/reports");
    int before = discoveryChecks();

    for (int i = 0; i < 10; i++) {
      provider.clock.advance(Duration.ofSeconds(5));
      sentToProvider("/reports");
    }

    assertThat(discoveryChecks() - before).isEqualTo(1);
  }

  @Test
  void healthCheckWhenOneFailureBetweenSuccessesThenCountStartsAgain() {
    start(fallbackFilter().automaticFallback(2, EVERY));
    sentToProvider("/reports");

    provider.stubDiscoveryDown();
    visitAfterInterval();
    provider.stubDiscovery(true);
    visitAfterInterval();
    provider.stubDiscoveryDown();
    assertThat(visitAfterInterval().location()).startsWith(provider.url("/authorize?"));

    assertThat(visitAfterInterval().location()).isEqualTo(FallbackPages.FORM);
  }

  @Test
  void scheduledChecksWhenProviderDownThenFallbackOnWithoutAnyRequestAndOffWhenBack() {
    SignonFilter filter = fallbackFilter().automaticFallback(2, EVERY).build();
    provider.stubDiscoveryDown();

    assertThat(filter.checkProvider()).isFalse();
    provider.clock.advance(EVERY);
    assertThat(filter.checkProvider()).isFalse();
    assertThat(events).singleElement().satisfies(e -> assertThat(e.on()).isTrue());
    assertThat(filter.fallbackOn()).isTrue();

    provider.stubDiscovery(true);
    provider.clock.advance(EVERY);
    assertThat(filter.checkProvider()).isTrue();
    assertThat(filter.fallbackOn()).isFalse();
    assertThat(events).hasSize(2);
  }

  @Test
  void providerDownWhenAppDidNotOptInThenNoAutomaticSwitch() {
    start(fallbackFilter());
    sentToProvider("/reports");
    provider.stubDiscoveryDown();

    for (int i = 0; i < 5; i++) {
      assertThat(visitAfterInterval().location()).startsWith(provider.url("/authorize?"));
    }
    assertThat(events).isEmpty();
    assertThatThrownBy(() -> fallbackFilter().build().checkProvider())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void manualSwitchWhileProviderDownThenManualWinsAndOffReturnsToAutomatic() {
    ManualFallbackSwitch manual = FallbackSwitch.manual();
    SignonFilter filter =
        fallbackFilter().fallbackSwitch(manual).automaticFallback(1, EVERY).build();
    manual.switchOn("operator");
    assertThat(filter.fallbackOn()).isTrue();
    provider.stubDiscoveryDown();
    provider.clock.advance(EVERY);
    filter.checkProvider();

    manual.switchOff("operator");

    assertThat(filter.fallbackOn()).isTrue();
    assertThat(events)
        .extracting(FallbackEvent::trigger)
        .containsExactly(Trigger.MANUAL, Trigger.AUTOMATIC);
  }
}
