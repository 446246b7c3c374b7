package dev.signon.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.account.EmailChange;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.signin.Origin;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.TokenValue;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Changing a person's email with confirmation: the address changes only when the link sent to the
 * new address is followed, once, in time, by the right person, and while no one else has taken it.
 */
class EmailChangesTest {
  final EngineFixture f = new EngineFixture();
  final Actor admin = Actor.user(f.superadmin.uid(), "192.0.2.10", "console");
  final EmailChanges changes = f.server.emailChanges();
  final Email joeNew = Email.of("joe.bloggs@justice.example.gov.uk");
  final Origin browser = new Origin("198.51.100.7", "Firefox");

  private TokenValue link(Email to) {
    EmailMessage m = f.mail.lastTo(to).orElseThrow();
    Matcher matcher =
        Pattern.compile("/sign-in/links/email-change\\?token=(\\S+)").matcher(m.text());
    assertThat(matcher.find()).as("a confirmation link in: %s", m.text()).isTrue();
    return TokenValue.presented(matcher.group(1)).orElseThrow();
  }

  private User joe() {
    return f.store.transaction(tx -> tx.users().find(f.joe.uid())).orElseThrow();
  }

  @Test
  void requestEmailsTheNewAddressALinkAndTheOldOneANoticeAndChangesNothingYet() {
    changes.request(admin, f.joe.uid(), joeNew);

    TokenValue token = link(joeNew);
    EmailMessage notice = f.mail.lastTo(f.joe.email()).orElseThrow();
    assertThat(notice.text()).contains(joeNew.value()).doesNotContain(token.reveal());
    assertThat(joe().email()).isEqualTo(f.joe.email());
    EmailChange pending = changes.pending(admin, f.joe.uid()).orElseThrow();
    assertThat(pending.newEmail()).isEqualTo(joeNew);
    // Only the hash is kept.
    assertThat(pending.hash()).isEqualTo(token.hash());
    assertThat(pending.hash().hex()).doesNotContain(token.reveal());
    assertThat(lastEvent().type()).isEqualTo(AuditEventType.EMAIL_CHANGE_REQUESTED);
  }

  @Test
  void followingTheLinkChangesTheEmailAndIsAudited() {
    changes.request(admin, f.joe.uid(), joeNew);

    User changed = changes.confirm(link(joeNew), null, browser);

    assertThat(changed.email()).isEqualTo(joeNew);
    assertThat(joe().email()).isEqualTo(joeNew);
    assertThat(changes.pending(admin, f.joe.uid())).isEmpty();
    AuditEvent e = lastEvent();
    assertThat(e.type()).isEqualTo(AuditEventType.EMAIL_CHANGED);
    assertThat(e.subject()).isEqualTo(f.joe.uid());
    assertThat(e.ipAddress()).isEqualTo("198.51.100.7");
    assertThat(e.detail()).contains(f.joe.email().value()).contains(joeNew.value());
  }

  @Test
  void confirmWhenLinkUsedTwiceThenRefused() {
    changes.request(admin, f.joe.uid(), joeNew);
    TokenValue token = link(joeNew);
    changes.confirm(token, null, browser);

    assertThatThrownBy(() -> changes.confirm(token, null, browser))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("expired or has already been used");
  }

  @Test
  void confirmWhenLinkExpiredThenRefusedAndTheEmailStays() {
    changes.request(admin, f.joe.uid(), joeNew);
    TokenValue token = link(joeNew);
    f.clock.advance(EmailChanges.VALIDITY.plus(Duration.ofSeconds(1)));

    assertThatThrownBy(() -> changes.confirm(token, null, browser))
        .isInstanceOf(InvalidInputException.class);
    assertThat(joe().email()).isEqualTo(f.joe.email());
    // Used up: the refusal was decided in the transaction and left its trace.
    assertThat(changes.pending(admin, f.joe.uid())).isEmpty();
  }

  @Test
  void confirmWhenSignedInAsAnotherPersonThenRefusedAndTheLinkStillWorks() {
    changes.request(admin, f.joe.uid(), joeNew);
    TokenValue token = link(joeNew);

    assertThatThrownBy(() -> changes.confirm(token, f.superadmin.uid(), browser))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("another person");
    assertThat(joe().email()).isEqualTo(f.joe.email());

    assertThat(changes.confirm(token, f.joe.uid(), browser).email()).isEqualTo(joeNew);
  }

  @Test
  void requestWhenAddressTakenThenRefused() {
    assertThatThrownBy(() -> changes.request(admin, f.joe.uid(), f.superadmin.email()))
        .isInstanceOf(ConflictException.class);
    assertThat(changes.pending(admin, f.joe.uid())).isEmpty();
    assertThat(f.mail.lastTo(f.superadmin.email())).isEmpty();
  }

  @Test
  void confirmWhenAddressTakenMeanwhileThenRefused() {
    changes.request(admin, f.joe.uid(), joeNew);
    TokenValue token = link(joeNew);
    f.server.admin().createUser(admin, NewUser.of("Other Joe", joeNew));

    assertThatThrownBy(() -> changes.confirm(token, null, browser))
        .isInstanceOf(ConflictException.class);
    assertThat(joe().email()).isEqualTo(f.joe.email());
  }

  @Test
  void confirmWhenCancelledThenRefused() {
    changes.request(admin, f.joe.uid(), joeNew);
    TokenValue token = link(joeNew);
    changes.cancel(admin, f.joe.uid());

    assertThat(lastEvent().type()).isEqualTo(AuditEventType.EMAIL_CHANGE_CANCELLED);
    assertThatThrownBy(() -> changes.confirm(token, null, browser))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void confirmWhenANewerRequestWasMadeThenTheOlderLinkIsRefused() {
    changes.request(admin, f.joe.uid(), joeNew);
    TokenValue first = link(joeNew);
    Email other = Email.of("joe@elsewhere.example");
    changes.request(admin, f.joe.uid(), other);

    assertThatThrownBy(() -> changes.confirm(first, null, browser))
        .isInstanceOf(InvalidInputException.class);
    assertThat(changes.confirm(link(other), null, browser).email()).isEqualTo(other);
  }

  @Test
  void requestWhenActorMayNotManageThePersonThenRefused() {
    Actor joe = Actor.user(f.joe.uid());
    UserId superadmin = f.superadmin.uid();

    assertThatThrownBy(() -> changes.request(joe, superadmin, joeNew))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(f.mail.lastTo(joeNew)).isEmpty();
  }

  @Test
  void requestWhenAddressIsTheirsAlreadyThenRefused() {
    assertThatThrownBy(() -> changes.request(admin, f.joe.uid(), f.joe.email()))
        .isInstanceOf(InvalidInputException.class);
  }

  private AuditEvent lastEvent() {
    return f.store.transaction(tx -> tx.audit().listBySubject(f.joe.uid(), 1)).get(0);
  }
}
