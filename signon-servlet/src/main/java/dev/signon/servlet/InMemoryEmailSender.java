package dev.signon.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link EmailSender} that keeps every message in memory, for tests.
 *
 * <pre>{@code
 * InMemoryEmailSender mail = new InMemoryEmailSender();
 * // ... ask for a sign-in link ...
 * String body = mail.sent().get(0).body();
 * }</pre>
 */
public final class InMemoryEmailSender implements EmailSender {
  private final List<Email> sent = new ArrayList<>();

  /** A message that was sent. */
  public record Email(String to, String subject, String body) {
    /** Checks every component is present. */
    public Email {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(body, "body");
    }

    /** Names the recipient and subject; the body holds a secret link. */
    @Override
    public String toString() {
      return "Email[to=" + to + ", subject=" + subject + "]";
    }
  }

  /** Creates an empty sender. */
  public InMemoryEmailSender() {}

  @Override
  public synchronized void send(String to, String subject, String body) {
    sent.add(new Email(to, subject, body));
  }

  /** Every message sent so far, oldest first. */
  public synchronized List<Email> sent() {
    return List.copyOf(sent);
  }

  /** Forgets every message. */
  public synchronized void clear() {
    sent.clear();
  }
}
