package dev.signon.servlet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;

/** The filter tests' set-up for the fallback: one known account, its mail, the switch events. */
abstract class FallbackTestSupport extends FilterTestSupport {
  final InMemoryEmailSender mail = new InMemoryEmailSender();
  final List<FallbackEvent> events = new CopyOnWriteArrayList<>();
  InMemoryAccountLinker accounts = new InMemoryAccountLinker();

  @BeforeEach
  void knownAccount() {
    accounts = new InMemoryAccountLinker();
    accounts.addAccount("17", "joe@example.com");
  }

  /** The usual filter with the fallback over that account, events recorded, no environment. */
  SignonFilter.Builder fallbackFilter() {
    return filter()
        .fallback(accounts, mail)
        .publicUrl("https://reports.example")
        .fallbackListener(FallbackListener.logging().andThen(events::add))
        .environment(name -> null);
  }
}
