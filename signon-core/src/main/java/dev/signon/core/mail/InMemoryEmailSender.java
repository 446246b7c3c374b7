package dev.signon.core.mail;

import dev.signon.core.directory.Email;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps every message instead of sending it, for tests and examples. Thread-safe.
 *
 * <pre>{@code
 * InMemoryEmailSender outbox = new InMemoryEmailSender();
 * // ... the host under test sends a password reset ...
 * EmailMessage reset = outbox.lastTo(Email.of("joe@example.com")).orElseThrow();
 * }</pre>
 */
public final class InMemoryEmailSender implements EmailSender {
  private final Object lock = new Object();
  private final List<EmailMessage> sent = new ArrayList<>();

  /** An empty outbox. */
  public InMemoryEmailSender() {}

  /** Keeps the message. */
  @Override
  public void send(EmailMessage message) {
    Objects.requireNonNull(message, "message");
    synchronized (lock) {
      sent.add(message);
    }
  }

  /** Every message kept since creation or the last {@link #clear()}, oldest first; a copy. */
  public List<EmailMessage> sent() {
    synchronized (lock) {
      return List.copyOf(sent);
    }
  }

  /** The most recent message to {@code to}, if any. */
  public Optional<EmailMessage> lastTo(Email to) {
    Objects.requireNonNull(to, "to");
    synchronized (lock) {
      for (int i = sent.size() - 1; i >= 0; i--) {
        if (sent.get(i).to().equals(to)) {
          return Optional.of(sent.get(i));
        }
      }
      return Optional.empty();
    }
  }

  /** Forgets every message kept so far. */
  public void clear() {
    synchronized (lock) {
      sent.clear();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "InMemoryEmailSender{" + sent.size() + " sent}";
    }
  }
}
