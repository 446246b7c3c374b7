package dev.signon.examples.browser;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core on the page the browser shows and fails on any violation of WCAG 2.0, 2.1 or 2.2 at
 * level A or AA, naming each rule, its help text and the elements that break it.
 */
final class Accessibility {
  private static final List<String> WCAG_22_AA =
      List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa");

  private Accessibility() {}

  /** Checks the current page. */
  static void check(WebDriver browser) {
    Results results = new AxeBuilder().withTags(WCAG_22_AA).analyze(browser);
    if (results.isErrored()) {
      throw new AssertionError("axe-core could not check " + browser.getCurrentUrl());
    }
    List<Rule> violations = results.getViolations();
    if (!violations.isEmpty()) {
      throw new AssertionError(
          "WCAG 2.2 AA violations on "
              + browser.getCurrentUrl()
              + ":\n"
              + violations.stream().map(Accessibility::describe).collect(Collectors.joining("\n")));
    }
  }

  private static String describe(Rule rule) {
    return "- "
        + rule.getId()
        + " ("
        + rule.getImpact()
        + "): "
        + rule.getHelp()
        + "\n    "
        + rule.getNodes().stream()
            .map(n -> String.valueOf(n.getTarget()) + " " + n.getHtml())
            .collect(Collectors.joining("\n    "));
  }
}
