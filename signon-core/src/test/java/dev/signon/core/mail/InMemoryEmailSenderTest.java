package dev.signon.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.Email;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryEmailSenderTest extends EmailSenderContract {
  private final InMemoryEmailSender sender = new InMemoryEmailSender();

  @Override
  EmailSender sender() {
    return sender;
  }

  @Override
  List<Received> received() {
    return sender.sent().stream()
        .map(m -> new Received(m.to(), m.subject(), m.text(), m.html()))
        .toList();
  }

  @Test
  void lastToWhenSeveralMessagesThenTheMostRecentToThatPerson() {
    Email ann = Email.of("ann@example.com");
    sender.send(message().subject("one").build());
    sender.send(message().subject("two").build());
    sender.send(message().to(ann).subject("three").build());

    assertThat(sender.lastTo(JOE)).map(EmailMessage::subject).contains("two");
    assertThat(sender.lastTo(Email.of("JOE@example.com")))
        .map(EmailMessage::subject)
        .contains("two");
    assertThat(sender.lastTo(ann)).map(EmailMessage::subject).contains("three");
    assertThat(sender.lastTo(Email.of("nobody@example.com"))).isEmpty();
  }

  @Test
  void clearForgetsEverySentMessage() {
    sender.send(message().build());
    sender.clear();

    assertThat(sender.sent()).isEmpty();
    assertThat(sender.lastTo(JOE)).isEmpty();
  }

  @Test
  void sentIsAnUnmodifiableCopy() {
    sender.send(message().build());
    List<EmailMessage> before = sender.sent();
    sender.send(message().build());

    assertThat(before).hasSize(1);
    assertThatThrownBy(() -> before.add(message().build()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void sendFromManyThreadsKeepsEveryMessage() throws Exception {
    int threads = 4;
    int each = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < each; i++) {
                    sender.send(message().subject(thread + "/" + i).build());
                    sender.lastTo(JOE);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(sender.sent()).hasSize(threads * each);
    assertThat(sender.sent()).extracting(EmailMessage::subject).doesNotHaveDuplicates();
  }
}
