package dev.signon.core.mail;

import dev.signon.core.directory.Email;
import dev.signon.core.error.InvalidInputException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One email to one person: recipient, subject, a plain-text body and, optionally, an HTML body.
 *
 * <p>The subject is a header, so a line break in it could add headers of the caller's choosing
 * (header injection): it is refused here, before anything reaches a mail server. Sizes are bounded.
 * {@link #toString()} names the recipient and the subject only, because bodies carry one-time
 * links, which are secrets.
 *
 * <pre>{@code
 * EmailMessage message = EmailMessage.builder()
 *     .to(Email.of("joe@example.com"))
 *     .subject("Reset your password")
 *     .text("Hello Joe,\n\nhttps://signon.example/reset/abc\n")
 *     .build();
 * }</pre>
 */
public final class EmailMessage {
  /** The longest subject accepted, in characters. */
  public static final int MAX_SUBJECT_LENGTH = 200;

  /** The longest body (plain or HTML) accepted, in characters. */
  public static final int MAX_BODY_LENGTH = 100_000;

  private final Email to;
  private final String subject;
  private final String text;
  private final @Nullable String html;

  private EmailMessage(Builder b) {
    this.to = required(b.to, "to");
    this.subject = subject(required(b.subject, "subject"));
    this.text = body("text", required(b.text, "text"));
    this.html = b.html == null ? null : body("html", b.html);
  }

  private static <T> T required(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalStateException(name + " required");
    }
    return value;
  }

  /** A builder; {@code to}, {@code subject} and {@code text} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The recipient. */
  public Email to() {
    return to;
  }

  /** The subject, stripped of surrounding white space; one line. */
  public String subject() {
    return subject;
  }

  /** The plain-text body, which every message has. */
  public String text() {
    return text;
  }

  /** The HTML alternative to {@link #text()}, if one was given. */
  public Optional<String> html() {
    return Optional.ofNullable(html);
  }

  private static String subject(String value) {
    String v = value.strip();
    if (v.isEmpty()) {
      throw new InvalidInputException("subject must not be blank");
    }
    if (v.length() > MAX_SUBJECT_LENGTH) {
      throw new InvalidInputException(
          "subject must be at most " + MAX_SUBJECT_LENGTH + " characters");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\r' || c == '\n' || isLineSeparator(c)) {
        throw new InvalidInputException("subject must not contain line breaks");
      }
      if (Character.getType(c) == Character.CONTROL) {
        throw new InvalidInputException("subject must not contain control characters");
      }
    }
    return v;
  }

  private static String body(String name, String value) {
    if (value.isBlank()) {
      throw new InvalidInputException(name + " must not be blank");
    }
    if (value.length() > MAX_BODY_LENGTH) {
      throw new InvalidInputException(name + " must be at most " + MAX_BODY_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\r' && c != '\t') {
        throw new InvalidInputException(name + " must not contain control characters");
      }
    }
    return value;
  }

  private static boolean isLineSeparator(char c) {
    return c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EmailMessage m
        && to.equals(m.to)
        && subject.equals(m.subject)
        && text.equals(m.text)
        && Objects.equals(html, m.html);
  }

  @Override
  public int hashCode() {
    return Objects.hash(to, subject, text, html);
  }

  /** Names the recipient and the subject; never the body, which may hold a one-time link. */
  @Override
  public String toString() {
    return "EmailMessage{to=" + to + ", subject=" + subject + "}";
  }

  /** Builds an {@link EmailMessage}; {@code to}, {@code subject} and {@code text} are required. */
  public static final class Builder {
    private @Nullable Email to;
    private @Nullable String subject;
    private @Nullable String text;
    private @Nullable String html;

    private Builder() {}

    /** The recipient. */
    public Builder to(Email to) {
      this.to = Objects.requireNonNull(to, "to");
      return this;
    }

    /** The subject: one line, at most {@value EmailMessage#MAX_SUBJECT_LENGTH} characters. */
    public Builder subject(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    /** The plain-text body, required even when there is an HTML one. */
    public Builder text(String text) {
      this.text = Objects.requireNonNull(text, "text");
      return this;
    }

    /** An HTML alternative to the plain-text body. */
    public Builder html(String html) {
      this.html = Objects.requireNonNull(html, "html");
      return this;
    }

    /**
     * Checks the values and builds the message.
     *
     * @throws IllegalStateException if {@code to}, {@code subject} or {@code text} is missing
     * @throws InvalidInputException if the subject is blank, too long or holds a line break or
     *     another control character, or a body is blank, too long or holds control characters other
     *     than line breaks and tabs
     */
    public EmailMessage build() {
      return new EmailMessage(this);
    }
  }
}
