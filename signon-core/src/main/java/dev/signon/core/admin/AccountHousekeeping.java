package dev.signon.core.admin;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.internal.Ids;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.mail.EmailSender;
import dev.signon.core.mail.SignonEmails;
import dev.signon.core.signin.SignInSettings;
import dev.signon.core.store.SignonStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The scheduled care of accounts: inactivity reminders, suspension for inactivity, and removing
 * invitations never accepted. Each job runs at most once an hour across every host instance over
 * the store, so every instance may call them on the same schedule.
 */
final class AccountHousekeeping {
  private final SignonStore store;
  private final Clock clock;
  private final SignInSettings settings;
  private final EmailSender mailer;
  private final SignonEmails emails;
  private final SecureRandom random;
  private final AdminService admin;

  AccountHousekeeping(
      SignonStore store,
      Clock clock,
      SignInSettings settings,
      EmailSender mailer,
      SignonEmails emails,
      SecureRandom random,
      AdminService admin) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.emails = Objects.requireNonNull(emails, "emails");
    this.random = Objects.requireNonNull(random, "random");
    this.admin = Objects.requireNonNull(admin, "admin");
  }

  /**
   * Runs {@code job} unless another host instance claimed it for this period; so several instances
   * may call the jobs on the same schedule and only one does the work.
   */
  private int once(String job, Duration period, Supplier<Integer> work) {
    Instant now = clock.instant();
    long slot = now.getEpochSecond() / period.getSeconds();
    boolean mine =
        store.transaction(
            tx -> tx.oneTimeUses().claim("job:" + job + ":" + slot, now.plus(period).plus(period)));
    return mine ? work.get() : 0;
  }

  /**
   * Suspends people who have not signed in for the inactivity period (45 days), skipping anyone
   * unsuspended recently (7 days), and emails them. Call it on a schedule (hourly); safe on several
   * host instances at once.
   *
   * @return how many were suspended
   */
  int suspendInactive() {
    return once("suspend-inactive", Duration.ofHours(1), this::doSuspendInactive);
  }

  private int doSuspendInactive() {
    Instant now = clock.instant();
    List<UserId> due =
        store.transaction(
            tx -> {
              List<UserId> out = new ArrayList<>();
              for (User u : tx.users().list()) {
                if (u.apiUser() || !u.isActive()) {
                  continue;
                }
                UserCredentials c =
                    tx.credentials().find(u.uid()).orElse(UserCredentials.none(u.uid()));
                Instant unsuspended = c.unsuspendedAt();
                if (!inactiveSince(u, c).plus(settings.inactivitySuspension()).isAfter(now)
                    && (unsuspended == null
                        || !unsuspended.plus(settings.unsuspensionGrace()).isAfter(now))) {
                  out.add(u.uid());
                }
              }
              return out;
            });
    String reason = "Not signed in for " + settings.inactivitySuspension().toDays() + " days";
    int suspended = 0;
    for (UserId uid : due) {
      try {
        // The same suspension an admin makes: tokens and sessions end, audited, emailed.
        admin.suspend(Actor.host(), uid, reason);
        suspended++;
      } catch (dev.signon.core.error.SignonRejectedException e) {
        // Changed since it was listed (signed in, deactivated, removed): nothing to do.
      }
    }
    return suspended;
  }

  private static Instant inactiveSince(User u, UserCredentials c) {
    Instant last = c.lastSignInAt();
    Instant since = last == null ? u.createdAt() : last;
    Instant unsuspended = c.unsuspendedAt();
    return unsuspended != null && unsuspended.isAfter(since) ? unsuspended : since;
  }

  /**
   * Emails people whose account will be suspended for inactivity in 14, 7, 3 or 1 days, each
   * reminder once. Call it on a schedule (hourly); safe on several host instances at once.
   *
   * @return how many reminders were sent
   */
  int sendInactivityReminders() {
    return once("inactivity-reminders", Duration.ofHours(1), this::doSendReminders);
  }

  private int doSendReminders() {
    Instant now = clock.instant();
    List<EmailMessage> messages =
        store.transaction(
            tx -> {
              List<EmailMessage> out = new ArrayList<>();
              for (User u : tx.users().list()) {
                if (u.apiUser() || !u.isActive()) {
                  continue;
                }
                UserCredentials c =
                    tx.credentials().find(u.uid()).orElse(UserCredentials.none(u.uid()));
                Instant suspendAt = inactiveSince(u, c).plus(settings.inactivitySuspension());
                if (!now.isBefore(suspendAt)) {
                  continue; // suspendInactive() deals with it
                }
                long hoursLeft = Duration.between(now, suspendAt).toHours();
                int daysLeft = (int) Math.max(1, (hoursLeft + 23) / 24);
                // The nearest reminder not yet sent: e.g. 5 days left is the 7-day reminder.
                boolean due = false;
                List<Integer> sent = new ArrayList<>(c.remindersSent());
                for (int d : settings.reminderDays()) {
                  if (d >= daysLeft && !sent.contains(d)) {
                    sent.add(d);
                    due = true;
                  }
                }
                if (due) {
                  tx.credentials().save(c.copy().remindersSent(sent).build());
                  out.add(emails.suspensionReminder(u.email(), u.name(), daysLeft));
                }
              }
              return out;
            });
    messages.forEach(mailer::send);
    return messages.size();
  }

  /**
   * Removes invited people who never signed in within the stale-invitation period (90 days). Call
   * it on a schedule; safe on several host instances at once.
   *
   * @return how many were removed
   */
  int removeStaleInvitations() {
    return once(
        "stale-invitations",
        Duration.ofHours(1),
        () -> {
          Instant now = clock.instant();
          return store.transaction(
              tx -> {
                int n = 0;
                for (User u : tx.users().list()) {
                  if (u.status() == UserStatus.INVITED
                      && !u.createdAt().plus(settings.staleInvitation()).isAfter(now)) {
                    tx.users().delete(u.uid());
                    tx.audit()
                        .append(
                            new AuditEvent(
                                Ids.randomUuid(random),
                                clock.instant(),
                                AuditEventType.USER_DEACTIVATED,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                "invitation never accepted: " + u.uid()));
                    n++;
                  }
                }
                return n;
              });
        });
  }
}
