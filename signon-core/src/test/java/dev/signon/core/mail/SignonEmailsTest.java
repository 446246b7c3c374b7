package dev.signon.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.directory.Email;
import dev.signon.core.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignonEmailsTest {
  private static final Email ANN = Email.of("ann.example@example.gov.uk");
  private static final String NAME = "Ann Example";
  private static final URI LINK = URI.create("https://signon.example.gov.uk/t/Zm9vYmFy-0123456789");
  private static final String SERVICE_URL = "https://signon.example.gov.uk";

  private final SignonEmails emails =
      SignonEmails.builder()
          .serviceName("GOV.UK Signon")
          .serviceUrl(URI.create(SERVICE_URL))
          .build();

  private final InMemoryEmailSender outbox = new InMemoryEmailSender();

  @Test
  void invitationNamesThePersonPutsTheLinkOnItsOwnLineAndLastsTwoWeeks() {
    EmailMessage m = emails.invitation(ANN, NAME, LINK);

    assertCommon(m);
    assertThat(m.subject()).isEqualTo("You have been invited to GOV.UK Signon");
    assertThat(m.text()).contains("works for 2 weeks").contains("used only once");
  }

  @Test
  void passwordResetLastsSixHoursAndSaysItDoesNotSignIn() {
    EmailMessage m = emails.passwordReset(ANN, NAME, LINK);

    assertCommon(m);
    assertThat(m.subject()).isEqualTo("Reset your GOV.UK Signon password");
    assertThat(m.text())
        .contains("works for 6 hours")
        .contains("does not sign you in")
        .contains("Your password has not been changed");
  }

  @Test
  void unlockGivesTheLinkAndSaysWhenTheAccountUnlocksByItself() {
    EmailMessage m = emails.unlock(ANN, NAME, LINK);

    assertCommon(m);
    assertThat(m.subject()).isEqualTo("Your GOV.UK Signon account has been locked");
    assertThat(m.text()).contains("too many failed attempts").contains("after 1 hour");
  }

  @Test
  void magicLinkLastsTenMinutes() {
    EmailMessage m = emails.magicLink(ANN, NAME, LINK);

    assertCommon(m);
    assertThat(m.subject()).isEqualTo("Your link to sign in to GOV.UK Signon");
    assertThat(m.text()).contains("works for 10 minutes").contains("used only once");
  }

  @Test
  void twoStepVerificationResetSaysItMustBeSetUpAgain() {
    EmailMessage m = emails.twoStepVerificationReset(ANN, NAME);

    assertNamesAndSigns(m);
    assertThat(m.text())
        .contains("An administrator has reset two-step verification")
        .contains("set it up again");
    assertThat(m.text().lines()).contains(SERVICE_URL);
  }

  @Test
  void suspendedGivesTheReasonOnItsOwnLine() {
    EmailMessage m = emails.suspended(ANN, NAME, "  Left the department on 3 March ");

    assertNamesAndSigns(m);
    assertThat(m.subject()).isEqualTo("Your GOV.UK Signon account has been suspended");
    assertThat(m.text().lines()).contains("Left the department on 3 March");
  }

  @Test
  void unsuspendedSaysANewPasswordIsNeededAndGivesTheResetLink() {
    EmailMessage m = emails.unsuspended(ANN, NAME, LINK);

    assertCommon(m);
    assertThat(m.text())
        .contains("no longer suspended")
        .contains("choose a new password")
        .contains("works for 6 hours");
  }

  @Test
  void suspensionRemindersCountTheDaysLeft() {
    for (int days : List.of(14, 7, 3, 1)) {
      outbox.send(emails.suspensionReminder(ANN, NAME, days));
    }

    assertThat(outbox.sent())
        .extracting(EmailMessage::subject)
        .containsExactly(
            "Your GOV.UK Signon account will be suspended in 14 days",
            "Your GOV.UK Signon account will be suspended in 7 days",
            "Your GOV.UK Signon account will be suspended in 3 days",
            "Your GOV.UK Signon account will be suspended in 1 day");
    assertThat(outbox.sent())
        .allSatisfy(
            m -> {
              assertNamesAndSigns(m);
              assertThat(m.text()).contains("unless you sign in before then");
              assertThat(m.text().lines()).contains(SERVICE_URL);
            });
    assertThat(outbox.lastTo(ANN)).map(EmailMessage::text).get().asString().contains("in 1 day ");
    assertThatThrownBy(() -> emails.suspensionReminder(ANN, NAME, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validitiesAreSettings() {
    SignonEmails custom =
        SignonEmails.builder()
            .serviceName("MoJ Sign On")
            .serviceUrl(URI.create("https://sso.example"))
            .invitationValidity(Duration.ofDays(3))
            .passwordResetValidity(Duration.ofMinutes(90))
            .magicLinkValidity(Duration.ofMinutes(15))
            .lockoutDuration(Duration.ofMinutes(30))
            .build();

    assertThat(custom.invitation(ANN, NAME, LINK).text()).contains("works for 3 days");
    assertThat(custom.passwordReset(ANN, NAME, LINK).text()).contains("works for 90 minutes");
    assertThat(custom.magicLink(ANN, NAME, LINK).text()).contains("works for 15 minutes");
    assertThat(custom.unlock(ANN, NAME, LINK).text()).contains("after 30 minutes");
    assertThat(custom.invitation(ANN, NAME, LINK).text())
        .endsWith("MoJ Sign On\nhttps://sso.example\n");
  }

  @Test
  void everyMessageIsPlainTextWithoutTracking() {
    for (EmailMessage m : all()) {
      assertThat(m.html()).as(m.subject()).isEmpty();
      assertThat(m.text()).as(m.subject()).doesNotContain("utm_").doesNotContain("<img");
      assertThat(m.text()).as(m.subject()).doesNotContain("color").doesNotContain("favor");
    }
  }

  @Test
  void linkThatIsNotHttpsIsRefused() {
    for (String bad :
        List.of(
            "http://signon.example/t/1",
            "javascript:alert(1)",
            "/relative/path",
            "https://user:pass@signon.example/t/1",
            "https://signon.example/" + "x".repeat(2048))) {
      assertThatThrownBy(() -> emails.passwordReset(ANN, NAME, URI.create(bad)))
          .as(bad)
          .isInstanceOf(InvalidInputException.class);
    }
    assertThat(emails.magicLink(ANN, NAME, URI.create("http://localhost:8080/t/1")).text())
        .contains("\nhttp://localhost:8080/t/1\n");
  }

  @Test
  void nameThatIsBlankOrHoldsLineBreaksIsRefused() {
    assertThatThrownBy(() -> emails.invitation(ANN, " ", LINK))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> emails.invitation(ANN, "Ann\nClick https://evil.example", LINK))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> emails.suspended(ANN, NAME, "a\nb"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void builderNamesWhatIsMissingOrWrong() {
    assertThatThrownBy(
            () -> SignonEmails.builder().serviceUrl(URI.create("https://sso.example")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("serviceName required");
    assertThatThrownBy(() -> SignonEmails.builder().serviceName("Signon").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("serviceUrl required");
    assertThatThrownBy(() -> SignonEmails.builder().serviceUrl(URI.create("http://sso.example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serviceUrl");
    assertThatThrownBy(() -> SignonEmails.builder().magicLinkValidity(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("magicLinkValidity");
  }

  private List<EmailMessage> all() {
    return List.of(
        emails.invitation(ANN, NAME, LINK),
        emails.passwordReset(ANN, NAME, LINK),
        emails.unlock(ANN, NAME, LINK),
        emails.magicLink(ANN, NAME, LINK),
        emails.twoStepVerificationReset(ANN, NAME),
        emails.suspended(ANN, NAME, "reason"),
        emails.unsuspended(ANN, NAME, LINK),
        emails.suspensionReminder(ANN, NAME, 14));
  }

  /** Addressed to the person, greeted by name, link alone on its line, signed by the host. */
  private static void assertCommon(EmailMessage m) {
    assertNamesAndSigns(m);
    assertThat(m.text().lines()).as("link on its own line").contains(LINK.toString());
  }

  private static void assertNamesAndSigns(EmailMessage m) {
    assertThat(m.to()).isEqualTo(ANN);
    assertThat(m.text()).startsWith("Hello Ann Example,\n\n");
    assertThat(m.text()).endsWith("\n\nGOV.UK Signon\n" + SERVICE_URL + "\n");
  }
}
