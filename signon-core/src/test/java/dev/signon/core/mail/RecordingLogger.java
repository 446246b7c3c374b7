package dev.signon.core.mail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that keeps what it is given, enabled from a chosen level up. */
final class RecordingLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  /** One logging call: its level, the formatted message and the arguments. */
  record Event(Level level, String message, List<@Nullable Object> arguments) {}

  private final Level threshold;
  private final List<Event> events = new ArrayList<>();

  RecordingLogger(Level threshold) {
    this.threshold = threshold;
    this.name = "recording";
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  synchronized List<Event> at(Level level) {
    return events.stream().filter(e -> e.level() == level).toList();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return RecordingLogger.class.getName();
  }

  @Override
  protected synchronized void handleNormalizedLoggingCall(
      Level level,
      @Nullable Marker marker,
      String messagePattern,
      @Nullable Object @Nullable [] arguments,
      @Nullable Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
    events.add(
        new Event(
            level, message, arguments == null ? List.of() : Arrays.asList(arguments.clone())));
  }

  private boolean enabled(Level level) {
    return level.toInt() >= threshold.toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }
}
