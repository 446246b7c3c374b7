package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.servlet.FallbackEvent.Trigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fallback switched while the app runs: a flag file, a switch in code, the environment. */
class FallbackSwitchTest extends FallbackTestSupport {
  private static final Duration POLL = Duration.ofSeconds(10);

  @SuppressWarnings("NullAway.Init") // set by JUnit before each test
  @TempDir
  Path dir;

  private void sentToForm(String path) {
    Browser.Answer answer = browser.get(path);
    assertThat(answer.status()).as("%s", answer).isEqualTo(302);
    assertThat(answer.location()).isEqualTo(FallbackPages.FORM);
  }

  @Test
  void flagFileWhenCreatedThenFallbackOnWithoutRestartAndWhenRemovedOff() throws IOException {
    Path flag = dir.resolve("fallback");
    start(fallbackFilter().fallbackSwitch(FallbackSwitch.flagFile(flag, POLL)));
    sentToProvider("/reports");

    Files.createFile(flag);
    provider.clock.advance(POLL);
    sentToForm("/reports");
    assertThat(FallbackPages.askForLink(browser, "joe@example.com").status()).isEqualTo(200);
    assertThat(mail.sent()).hasSize(1);

    Files.delete(flag);
    provider.clock.advance(POLL);
    sentToProvider("/reports");
    assertPlainPage(browser.get(FallbackPages.FORM), 404);

    assertThat(events)
        .extracting(FallbackEvent::on, FallbackEvent::trigger)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(true, Trigger.MANUAL),
            org.assertj.core.groups.Tuple.tuple(false, Trigger.MANUAL));
    assertThat(events.get(0).reason()).contains("flag file").contains(flag.toString());
    assertThat(events.get(0).at()).isEqualTo(provider.clock.instant().minus(POLL));
  }

  @Test
  void flagFileWhenCheckedLatelyThenNotLookedAtAgainUntilIntervalPasses() throws IOException {
    Path flag = dir.resolve("fallback");
    start(fallbackFilter().fallbackSwitch(FallbackSwitch.flagFile(flag, POLL)));
    sentToProvider("/reports");

    Files.createFile(flag);
    provider.clock.advance(POLL.minusSeconds(1));
    sentToProvider("/reports");

    provider.clock.advance(Duration.ofSeconds(1));
    sentToForm("/reports");
  }

  @Test
  void flagFileWhenItSaysOffThenOffAndWhenItSaysOnThenOn() throws IOException {
    Path flag = dir.resolve("fallback");
    Files.writeString(flag, "false\n", StandardCharsets.UTF_8);
    start(fallbackFilter().fallbackSwitch(FallbackSwitch.flagFile(flag, Duration.ZERO)));
    sentToProvider("/reports");

    Files.writeString(flag, "true\n", StandardCharsets.UTF_8);
    sentToForm("/reports");
  }

  @Test
  void manualSwitchWhenFlippedThenNextRequestFollowsAndEachSwitchAuditedWithReason() {
    ManualFallbackSwitch fallback = FallbackSwitch.manual();
    start(fallbackFilter().fallbackSwitch(fallback));
    sentToProvider("/reports");

    fallback.switchOn("incident 42");
    sentToForm("/reports");
    fallback.switchOff("incident 42 over");
    sentToProvider("/reports");

    assertThat(events).extracting(FallbackEvent::on).containsExactly(true, false);
    assertThat(events.get(0).reason()).isEqualTo("switched on by manual switch: incident 42");
    assertThat(events.get(1).reason()).isEqualTo("switched off by manual switch: incident 42 over");
  }

  @Test
  void switchWhenNotFlippedThenNothingAuditedTwice() {
    ManualFallbackSwitch fallback = FallbackSwitch.manual();
    start(fallbackFilter().fallbackSwitch(fallback));
    fallback.switchOn("incident");

    sentToForm("/reports");
    sentToForm("/other");
    sentToForm("/reports");

    assertThat(events).hasSize(1);
  }

  @Test
  void environmentVariableWhenNamedThenThatVariableSwitches() {
    Map<String, String> env = Map.of("AUTHENTICATION_FALLBACK_FOR_JOBSEEKERS", "true");
    start(
        fallbackFilter()
            .fallbackVariable("AUTHENTICATION_FALLBACK_FOR_JOBSEEKERS")
            .environment(env::get));

    sentToForm("/reports");
    assertThat(events.get(0).reason())
        .isEqualTo("switched on by environment variable AUTHENTICATION_FALLBACK_FOR_JOBSEEKERS");
  }

  @Test
  void switchesWhenCombinedThenEitherTurnsItOn() throws IOException {
    Path flag = dir.resolve("fallback");
    ManualFallbackSwitch manual = FallbackSwitch.manual();
    start(fallbackFilter().fallbackSwitch(FallbackSwitch.flagFile(flag, Duration.ZERO).or(manual)));
    sentToProvider("/reports");

    manual.switchOn("admin page");
    sentToForm("/reports");
    manual.switchOff("admin page");
    Files.createFile(flag);
    sentToForm("/reports");
  }

  @Test
  void switchWhenItThrowsThenOff() {
    start(
        fallbackFilter()
            .fallbackSwitch(
                now -> {
                  throw new IllegalStateException("broken");
                }));

    sentToProvider("/reports");
  }

  @Test
  void builderWhenFlagFileIntervalOrLinkLifetimeOutOfRangeThenRefused() {
    Path flag = dir.resolve("fallback");
    assertThatThrownBy(() -> FallbackSwitch.flagFile(flag, Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkEvery");
    assertThatThrownBy(() -> fallbackFilter().fallbackLinkLifetime(Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fallbackLinkLifetime");
    assertThatThrownBy(() -> fallbackFilter().automaticFallback(0, Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failuresInARow");
    assertThatThrownBy(() -> filter().automaticFallback(3, Duration.ofSeconds(30)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fallback accounts required");
  }
}
