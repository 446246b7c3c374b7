package dev.signon.spring.client;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link SignonClientConfigurationException} at startup into Spring Boot's "Description /
 * Action" report. Listed in {@code META-INF/spring.factories}.
 */
public final class SignonClientFailureAnalyzer
    extends AbstractFailureAnalyzer<SignonClientConfigurationException> {

  /** Made by Spring Boot's failure reporting. */
  public SignonClientFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SignonClientConfigurationException e) {
    return new FailureAnalysis(
        "Signon relying-side configuration is invalid: " + e.description(),
        e.action() + " (property " + e.property() + ")",
        e);
  }
}
