package dev.signon.spring.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link SignonConfigurationException} at start into Spring Boot's "Description / Action"
 * report, so the console says which property is wrong and what to do rather than printing a stack
 * trace. Registered in {@code META-INF/spring.factories}.
 */
public final class SignonConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<SignonConfigurationException> {

  /** Called by Spring Boot. */
  public SignonConfigurationFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SignonConfigurationException cause) {
    return new FailureAnalysis(String.valueOf(cause.getMessage()), cause.action(), cause);
  }
}
