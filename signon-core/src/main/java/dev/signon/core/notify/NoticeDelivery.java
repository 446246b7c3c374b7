package dev.signon.core.notify;

import dev.signon.core.application.Application;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import dev.signon.core.internal.Ids;
import dev.signon.core.store.SignonStore;
import dev.signon.core.token.TokenValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery worker: claims the notices that are due, sends each through the {@link
 * NoticeSender}, and removes it once the application answers 2xx. A failed notice is tried again
 * after an exponential backoff with jitter, and given up (with an audit event) once the
 * application's own {@link Application#noticeGiveUpAfter() give-up time}, or else {@link
 * NoticeSettings#giveUpAfter()}, has passed since the change. Notices of one person to one
 * application go one at a time, in order. Several host instances may run it at once over one
 * database: each notice is claimed by one.
 *
 * <p>Run {@link #deliverDue()} from a scheduler every few seconds (the starter does); keep one
 * instance per process, as it holds the push tokens it issued (see {@code PushCredentials}).
 *
 * <pre>{@code
 * NoticeDelivery delivery = server.noticeDelivery();
 * scheduler.scheduleWithFixedDelay(delivery::deliverDue, 5, 5, TimeUnit.SECONDS);
 * }</pre>
 */
public final class NoticeDelivery {
  private static final Logger log = LoggerFactory.getLogger(NoticeDelivery.class);
  private static final int MAX_ROUNDS = 20;

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final NoticeSettings settings;
  private final NoticeSender sender;
  private final NoticeFormats formats;
  private final Outbox outbox;
  private final PushCredentials credentials;

  private NoticeDelivery(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      NoticeSettings settings,
      NoticeSender sender,
      NoticeFormats formats) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.formats = Objects.requireNonNull(formats, "formats");
    this.outbox = Outbox.create(random);
    this.credentials = new PushCredentials(store, random, settings.pushTokenValidity());
  }

  /**
   * A worker over {@code store}; {@link dev.signon.core.SignonServer#noticeDelivery()} makes the
   * host's.
   */
  public static NoticeDelivery create(
      SignonStore store,
      Clock clock,
      SecureRandom random,
      NoticeSettings settings,
      NoticeSender sender,
      NoticeFormats formats) {
    return new NoticeDelivery(store, clock, random, settings, sender, formats);
  }

  /**
   * What one run did.
   *
   * @param delivered notices the applications accepted
   * @param retried notices that failed and wait for a retry
   * @param abandoned notices given up, each with an audit event
   * @param endedSessions session uses whose ended sessions were turned into logout notices
   */
  public record Report(int delivered, int retried, int abandoned, int endedSessions) {}

  /**
   * Sends every notice that is due now, and turns sessions that ended unannounced into logout
   * notices first. Never throws for an application's failure; a storage failure propagates.
   */
  public Report deliverDue() {
    Instant start = clock.instant();
    int ended = store.transaction(tx -> outbox.endedSessions(tx, start, settings.batchSize()));
    int delivered = 0;
    int retried = 0;
    int abandoned = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Instant now = clock.instant();
      List<Notice> claimed =
          store.transaction(
              tx -> tx.notices().claim(now, now.plus(settings.claim()), settings.batchSize()));
      if (claimed.isEmpty()) {
        break;
      }
      for (Notice n : claimed) {
        switch (deliver(n)) {
          case DELIVERED -> delivered++;
          case RETRIED -> retried++;
          case ABANDONED -> abandoned++;
        }
      }
    }
    return new Report(delivered, retried, abandoned, ended);
  }

  private enum Outcome {
    DELIVERED,
    RETRIED,
    ABANDONED
  }

  private Outcome deliver(Notice n) {
    Instant now = clock.instant();
    Optional<NoticeRequest> request;
    try {
      request = request(n, now);
    } catch (RuntimeException e) {
      log.warn("could not prepare notice {} ({}): {}", n.id(), n.kind(), e.toString());
      return failed(n, "could not prepare: " + e.getClass().getSimpleName());
    }
    if (request.isEmpty()) {
      // The application or the person is gone, or no longer takes such notices: nobody to tell.
      store.transaction(tx -> tx.notices().delete(n.id()));
      return Outcome.DELIVERED;
    }
    String failure;
    try {
      int status = sender.send(request.get());
      if (status >= 200 && status < 300) {
        store.transaction(tx -> tx.notices().delete(n.id()));
        log.debug("delivered {}", request.get());
        return Outcome.DELIVERED;
      }
      failure = "HTTP " + status;
    } catch (IOException | RuntimeException e) {
      failure = e.getClass().getSimpleName();
    }
    log.info("{} failed ({}), attempt {}", request.get(), failure, n.attempts() + 1);
    return failed(n, failure);
  }

  private Outcome failed(Notice n, String why) {
    Instant now = clock.instant();
    Duration giveUpAfter =
        store.transaction(
            tx ->
                tx.applications()
                    .find(n.application())
                    .map(app -> PushTargets.giveUpAfter(app, settings))
                    .orElse(settings.giveUpAfter()));
    if (!now.isBefore(n.createdAt().plus(giveUpAfter))) {
      store.transaction(
          tx -> {
            if (tx.notices().delete(n.id())) {
              tx.audit()
                  .append(
                      new AuditEvent(
                          Ids.randomUuid(random),
                          now,
                          AuditEventType.NOTICE_ABANDONED,
                          n.user(),
                          null,
                          n.application(),
                          n.id().toString(),
                          null,
                          null,
                          n.kind().name().toLowerCase(java.util.Locale.ROOT)
                              + " after "
                              + (n.attempts() + 1)
                              + " attempts; last: "
                              + why));
            }
            return null;
          });
      log.warn("gave up notice {} ({}) to {}: {}", n.id(), n.kind(), n.application(), why);
      return Outcome.ABANDONED;
    }
    Notice again = n.failedOnce(now.plus(backoff(n.attempts() + 1)));
    store.transaction(tx -> tx.notices().retry(again));
    return Outcome.RETRIED;
  }

  /**
   * The delay before retry number {@code attempt}: {@code firstRetry} doubled per earlier attempt,
   * capped, then a random point in its upper half ("equal jitter"), so that notices that failed
   * together do not all come back at once.
   */
  Duration backoff(int attempt) {
    long first = settings.firstRetry().toMillis();
    long cap = settings.maxRetryDelay().toMillis();
    long base = attempt >= 31 ? cap : Math.min(cap, first << Math.max(0, attempt - 1));
    long half = base / 2;
    return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
  }

  private Optional<NoticeRequest> request(Notice n, Instant now) {
    record Loaded(Application app, Optional<User> user, String body) {}
    Optional<Loaded> loaded =
        store.transaction(
            tx -> {
              Optional<Application> app = tx.applications().find(n.application());
              if (app.isEmpty() || app.get().retired()) {
                return Optional.empty();
              }
              Optional<User> user = tx.users().find(n.user());
              String body =
                  n.kind() == NoticeKind.USER_UPDATE && user.isPresent()
                      ? formats.userJson(tx, user.get(), app.get())
                      : "";
              return Optional.of(new Loaded(app.get(), user, body));
            });
    if (loaded.isEmpty()) {
      return Optional.empty();
    }
    Application app = loaded.get().app();
    switch (n.kind()) {
      case BACKCHANNEL_LOGOUT -> {
        URI uri = app.backchannelLogoutUri();
        if (uri == null) {
          return Optional.empty();
        }
        String token = formats.logoutToken(app, n.user(), n.sid(), now);
        return Optional.of(
            new NoticeRequest(
                "POST",
                uri,
                null,
                "application/x-www-form-urlencoded",
                "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
      }
      case USER_UPDATE, REAUTH -> {
        Optional<String> base = PushTargets.base(app);
        if (!app.supportsPushUpdates() || base.isEmpty() || loaded.get().user().isEmpty()) {
          return Optional.empty();
        }
        URI user = PushTargets.user(base.get(), n.user().toString());
        TokenValue bearer = credentials.tokenFor(app.id(), now);
        return Optional.of(
            n.kind() == NoticeKind.REAUTH
                ? new NoticeRequest("POST", URI.create(user + "/reauth"), bearer, "text/plain", "")
                : new NoticeRequest("PUT", user, bearer, "application/json", loaded.get().body()));
      }
    }
    return Optional.empty();
  }
}
