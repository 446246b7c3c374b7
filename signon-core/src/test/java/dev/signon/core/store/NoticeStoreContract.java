package dev.signon.core.store;

import static dev.signon.core.testing.TestDirectory.T0;
import static dev.signon.core.testing.TestDirectory.application;
import static dev.signon.core.testing.TestDirectory.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.account.HostSession;
import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.notify.Notice;
import dev.signon.core.notify.NoticeKind;
import dev.signon.core.notify.SessionUse;
import dev.signon.core.token.TokenHash;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store's {@link NoticeStore} must have: the outbox claims the first due notice
 * of each person and application, once, and the session uses outlive their sessions until
 * forgotten. Each implementation's test extends this class.
 */
public abstract class NoticeStoreContract {
  protected SignonStore store;
  protected User joe;
  protected User ann;
  protected Application reports;
  protected Application forms;

  /** A fresh, empty store; closed after each test. */
  protected abstract SignonStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
    joe = user("joe@example.com").build();
    ann = user("ann@example.com").build();
    reports =
        application("reports")
            .supportsPushUpdates(true)
            .backchannelLogout(URI.create("https://reports.example/logout"), true)
            .build();
    forms = application("forms").build();
    store.transaction(
        tx -> {
          tx.users().insert(joe);
          tx.users().insert(ann);
          tx.applications().insert(reports);
          tx.applications().insert(forms);
          return null;
        });
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Notice notice(User u, Application app, NoticeKind kind, Instant due) {
    return new Notice(UUID.randomUUID(), 0, kind, u.uid(), app.id(), null, T0, due, 0);
  }

  private void insert(Notice... notices) {
    store.transaction(
        tx -> {
          for (Notice n : notices) {
            tx.notices().insert(n);
          }
          return null;
        });
  }

  private boolean yes(Function<StoreTransaction, Boolean> work) {
    return store.transaction(work);
  }

  private int count(Function<StoreTransaction, Integer> work) {
    return store.transaction(work);
  }

  private <T> List<T> all(Function<StoreTransaction, List<T>> work) {
    return store.transaction(work);
  }

  private <T> Optional<T> find(Function<StoreTransaction, Optional<T>> work) {
    return store.transaction(work);
  }

  private List<Notice> claim(Instant now) {
    return store.transaction(tx -> tx.notices().claim(now, now.plusSeconds(60), 10));
  }

  @Test
  void applicationKeepsItsPushAndBackChannelLogoutSettings() {
    Application read = find(tx -> tx.applications().find(reports.id())).orElseThrow();

    assertThat(read.supportsPushUpdates()).isTrue();
    assertThat(read.backchannelLogoutUri()).isEqualTo(URI.create("https://reports.example/logout"));
    assertThat(read.backchannelLogoutSessionRequired()).isTrue();
    assertThat(read.pushBaseUri()).isNull();
    assertThat(read.noticeGiveUpAfter()).isNull();
    assertThat(read).isEqualTo(reports);
  }

  @Test
  void applicationKeepsItsPushBaseAndGiveUpTimeAndClearsThem() {
    Application changed =
        reports.toBuilder()
            .pushBaseUri(URI.create("https://apps.example/reports"))
            .noticeGiveUpAfter(java.time.Duration.ofMinutes(90))
            .build();
    store.transaction(
        tx -> {
          tx.applications().update(changed);
          return null;
        });

    Application read = find(tx -> tx.applications().find(reports.id())).orElseThrow();
    assertThat(read.pushBaseUri()).isEqualTo(URI.create("https://apps.example/reports"));
    assertThat(read.noticeGiveUpAfter()).isEqualTo(java.time.Duration.ofMinutes(90));
    assertThat(read).isEqualTo(changed);

    store.transaction(
        tx -> {
          tx.applications()
              .update(changed.toBuilder().pushBaseUri(null).noticeGiveUpAfter(null).build());
          return null;
        });
    assertThat(find(tx -> tx.applications().find(reports.id())).orElseThrow()).isEqualTo(reports);
  }

  @Test
  void applicationRefusesGiveUpTimeOutOfRangeAndPushBaseWithQuery() {
    assertThatThrownBy(
            () -> reports.toBuilder().noticeGiveUpAfter(java.time.Duration.ofSeconds(30)).build())
        .isInstanceOf(dev.signon.core.error.InvalidInputException.class)
        .hasMessageContaining("between 1 minute and 30 days");
    assertThatThrownBy(
            () -> reports.toBuilder().noticeGiveUpAfter(java.time.Duration.ofDays(31)).build())
        .isInstanceOf(dev.signon.core.error.InvalidInputException.class);
    assertThatThrownBy(
            () -> reports.toBuilder().pushBaseUri(URI.create("https://a.example/x?y=1")).build())
        .isInstanceOf(dev.signon.core.error.InvalidInputException.class)
        .hasMessageContaining("push base URI");
    assertThatThrownBy(() -> reports.toBuilder().pushBaseUri(URI.create("/relative")).build())
        .isInstanceOf(dev.signon.core.error.InvalidInputException.class);
  }

  @Test
  void claimWhenSeveralStreamsThenFirstOfEachInOrder() {
    Notice joeReports1 = notice(joe, reports, NoticeKind.USER_UPDATE, T0);
    Notice joeReports2 = notice(joe, reports, NoticeKind.REAUTH, T0);
    Notice annReports = notice(ann, reports, NoticeKind.REAUTH, T0);
    Notice joeForms = notice(joe, forms, NoticeKind.USER_UPDATE, T0);
    insert(joeReports1, joeReports2, annReports, joeForms);

    List<Notice> claimed = claim(T0);

    assertThat(claimed)
        .extracting(Notice::id)
        .containsExactly(joeReports1.id(), annReports.id(), joeForms.id());
    assertThat(claimed.get(0).position()).isLessThan(claimed.get(1).position());
  }

  @Test
  void claimWhenAlreadyClaimedThenNotAgainUntilTheClaimLapses() {
    Notice n = notice(joe, reports, NoticeKind.REAUTH, T0);
    insert(n);

    assertThat(claim(T0)).hasSize(1);
    assertThat(claim(T0.plusSeconds(59))).isEmpty();
    assertThat(claim(T0.plusSeconds(60))).extracting(Notice::id).containsExactly(n.id());
  }

  @Test
  void claimWhenNotDueThenNothing() {
    insert(notice(joe, reports, NoticeKind.REAUTH, T0.plusSeconds(30)));

    assertThat(claim(T0)).isEmpty();
    assertThat(claim(T0.plusSeconds(30))).hasSize(1);
  }

  @Test
  void laterNoticeWaitsUntilTheFirstOfItsStreamIsDeleted() {
    Notice first = notice(joe, reports, NoticeKind.USER_UPDATE, T0);
    Notice second = notice(joe, reports, NoticeKind.REAUTH, T0);
    insert(first, second);
    claim(T0);

    assertThat(claim(T0.plusSeconds(120))).extracting(Notice::id).containsExactly(first.id());
    assertThat(yes(tx -> tx.notices().delete(first.id()))).isTrue();

    assertThat(claim(T0.plusSeconds(120))).extracting(Notice::id).containsExactly(second.id());
  }

  @Test
  void retryReleasesTheClaimAndStoresTheAttempt() {
    Notice n = notice(joe, reports, NoticeKind.REAUTH, T0);
    insert(n);
    Notice claimed = claim(T0).get(0);

    assertThat(yes(tx -> tx.notices().retry(claimed.failedOnce(T0.plusSeconds(5))))).isTrue();

    assertThat(claim(T0.plusSeconds(4))).isEmpty();
    List<Notice> again = claim(T0.plusSeconds(5));
    assertThat(again).hasSize(1);
    assertThat(again.get(0).attempts()).isEqualTo(1);
    assertThat(again.get(0).dueAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void insertWhenTransactionRollsBackThenNoNotice() {
    assertThatThrownBy(
            () ->
                store.transaction(
                    tx -> {
                      tx.notices().insert(notice(joe, reports, NoticeKind.REAUTH, T0));
                      throw new IllegalStateException("the change failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(all(tx -> tx.notices().list(10))).isEmpty();
  }

  @Test
  void sessionUsesAreFoundBySessionUserAndFamilyUntilForgotten() {
    TokenHash live = TokenHash.of("live-session");
    TokenHash gone = TokenHash.of("ended-session");
    store.transaction(
        tx -> {
          tx.sessions()
              .insert(
                  new HostSession(live, joe.uid(), HostSession.SessionState.SIGNED_IN, T0, T0, T0));
          return null;
        });
    SessionUse inLive =
        new SessionUse(UUID.randomUUID(), live, "sid-1", joe.uid(), reports.id(), T0);
    SessionUse inGone =
        new SessionUse(
            UUID.randomUUID(),
            gone,
            "sid-2",
            joe.uid(),
            forms.id(),
            T0.plus(Duration.ofMinutes(1)));
    store.transaction(
        tx -> {
          tx.notices().recordUse(inLive);
          tx.notices().recordUse(inGone);
          return null;
        });

    assertThat(find(tx -> tx.notices().findUse(inLive.family()))).contains(inLive);
    assertThat(all(tx -> tx.notices().usesOfSession(live))).containsExactly(inLive);
    assertThat(all(tx -> tx.notices().usesOfUser(joe.uid()))).containsExactly(inLive, inGone);
    assertThat(all(tx -> tx.notices().usesOfEndedSessions(10))).containsExactly(inGone);

    assertThat(count(tx -> tx.notices().forgetUses(List.of(inGone.family())))).isEqualTo(1);
    assertThat(all(tx -> tx.notices().usesOfEndedSessions(10))).isEmpty();
  }
}
