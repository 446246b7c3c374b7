package dev.signon.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.signon.core.directory.Email;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.SignonException;
import dev.signon.core.error.SignonFailureException;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sends through a real SMTP server (GreenMail) on 127.0.0.1 and a free port. */
class SmtpEmailSenderTest extends EmailSenderContract {
  private static final String USERNAME = "signon-mailer";
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final Email FROM = Email.of("signon@example.com");
  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

  @RegisterExtension
  final GreenMailExtension server =
      new GreenMailExtension(
              new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)
              })
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("signon@example.com", USERNAME, PASSWORD))
          .withPerMethodLifecycle(true);

  private @Nullable EmailSender sender;

  @Override
  EmailSender sender() {
    if (sender == null) {
      sender = sender(settings().build());
    }
    return sender;
  }

  private static EmailSender sender(SmtpSettings settings) {
    return new SmtpEmailSender(settings, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Plain SMTP to the test server: GreenMail offers no STARTTLS. */
  private SmtpSettings.Builder settings() {
    return SmtpSettings.builder()
        .host("127.0.0.1")
        .port(port())
        .startTls(SmtpSettings.StartTls.NONE)
        .from(FROM)
        .fromName("GOV.UK Signon")
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(5))
        .sessionProperty("mail.smtp.localhost", "signon.test");
  }

  private int port() {
    return server.getSmtp().getPort();
  }

  @Override
  List<Received> received() {
    List<Received> out = new ArrayList<>();
    for (MimeMessage m : server.getReceivedMessages()) {
      try {
        Address[] to = m.getAllRecipients();
        String text;
        Optional<String> html = Optional.empty();
        if (m.getContent() instanceof Multipart parts) {
          text = content(parts.getBodyPart(0));
          html = Optional.of(content(parts.getBodyPart(1)));
        } else {
          text = (String) m.getContent();
        }
        out.add(
            new Received(
                Email.of(((InternetAddress) to[0]).getAddress()), m.getSubject(), text, html));
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static String content(BodyPart part) throws MessagingException, IOException {
    return (String) part.getContent();
  }

  @Test
  void sendDeliversPlainTextWithSubjectFromToAndDate() throws Exception {
    sender().send(message().build());

    assertThat(server.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage received = server.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo("Reset your password");
    assertThat(received.getFrom())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(((InternetAddress) a).getAddress()).isEqualTo("signon@example.com");
              assertThat(((InternetAddress) a).getPersonal()).isEqualTo("GOV.UK Signon");
            });
    assertThat(received.getRecipients(jakarta.mail.Message.RecipientType.TO))
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("joe@example.com");
    assertThat(received.getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
    assertThat(((String) received.getContent()).replace("\r\n", "\n"))
        .isEqualTo("Hello Joe,\n\nhttps://signon.example/reset/abc");
    assertThat(received.getSentDate()).isEqualTo(Date.from(NOW));
    assertThat(received.getHeader("Message-ID")).singleElement().asString().endsWith(">");
  }

  @Test
  void sendWithHtmlDeliversMultipartAlternativeWithPlainTextFirst() throws Exception {
    sender().send(message().html("<p>Hello Joe</p>").build());

    MimeMessage received = server.getReceivedMessages()[0];
    assertThat(received.getContentType()).startsWith("multipart/alternative");
    Multipart parts = (Multipart) received.getContent();
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
  }

  @Test
  void sendWithCorrectCredentialsAuthenticatesAndDelivers() {
    EmailSender authenticated =
        sender(settings().credentials(USERNAME, PASSWORD).allowCredentialsWithoutTls().build());

    authenticated.send(message().build());

    assertThat(received()).singleElement().extracting(Received::to).isEqualTo(JOE);
  }

  @Test
  void sendWithWrongPasswordThenEmailUnavailableWithoutThePassword() {
    String wrong = "wrong-password-do-not-leak";
    EmailSender authenticated =
        sender(settings().credentials(USERNAME, wrong).allowCredentialsWithoutTls().build());

    assertThatThrownBy(() -> authenticated.send(message().build()))
        .isInstanceOfSatisfying(SignonFailureException.class, e -> assertUnavailable(e, wrong));
    assertThat(received()).isEmpty();
  }

  @Test
  void sendWhenServerStoppedThenEmailUnavailableWithoutThePassword() {
    EmailSender authenticated =
        sender(settings().credentials(USERNAME, PASSWORD).allowCredentialsWithoutTls().build());
    server.stop();

    assertThatThrownBy(() -> authenticated.send(message().build()))
        .isInstanceOfSatisfying(SignonFailureException.class, e -> assertUnavailable(e, PASSWORD));
  }

  @Test
  void sendWhenNothingListensOnThePortThenEmailUnavailableWithoutThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    EmailSender wrongPort =
        sender(
            settings()
                .port(closedPort)
                .credentials(USERNAME, PASSWORD)
                .allowCredentialsWithoutTls()
                .build());

    assertThatThrownBy(() -> wrongPort.send(message().build()))
        .isInstanceOfSatisfying(SignonFailureException.class, e -> assertUnavailable(e, PASSWORD));
    assertThat(received()).isEmpty();
  }

  @Test
  void sendWhenStartTlsRequiredAndServerDoesNotOfferItThenRefusedRatherThanSentInClear() {
    EmailSender strict =
        sender(
            settings()
                .startTls(SmtpSettings.StartTls.REQUIRED)
                .credentials(USERNAME, PASSWORD)
                .build());

    assertThatThrownBy(() -> strict.send(message().build()))
        .isInstanceOfSatisfying(SignonFailureException.class, e -> assertUnavailable(e, PASSWORD));
    assertThat(received()).isEmpty();
  }

  @Test
  void sendWithImplicitTlsWhenCertificateIsNotTrustedThenRefused() {
    // GreenMail's SMTPS certificate is self-signed and names no host: strict settings refuse it.
    EmailSender tls =
        sender(
            settings()
                .startTls(SmtpSettings.StartTls.NONE)
                .implicitTls(true)
                .port(server.getSmtps().getPort())
                .credentials(USERNAME, PASSWORD)
                .build());

    assertThatThrownBy(() -> tls.send(message().build()))
        .isInstanceOfSatisfying(SignonFailureException.class, e -> assertUnavailable(e, PASSWORD));
    assertThat(received()).isEmpty();
  }

  @Test
  void sendWithImplicitTlsDeliversOverTls() {
    // Session properties are the escape hatch: here, to accept the test server's certificate.
    EmailSender tls =
        sender(
            settings()
                .startTls(SmtpSettings.StartTls.NONE)
                .implicitTls(true)
                .port(server.getSmtps().getPort())
                .credentials(USERNAME, PASSWORD)
                .sessionProperty("mail.smtp.ssl.trust", "127.0.0.1")
                .sessionProperty("mail.smtp.ssl.checkserveridentity", "false")
                .build());

    tls.send(message().build());

    assertThat(received()).singleElement().extracting(Received::to).isEqualTo(JOE);
  }

  @Test
  void subjectWithLineBreakIsRefusedBeforeAnythingIsSent() {
    for (String subject :
        List.of("Hello\r\nBcc: victim@example.com", "Hello\nBcc: x@example.com", "Hi\rthere")) {
      assertThatThrownBy(() -> sender().send(message().subject(subject).build()))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.errorCode()).isEqualTo("invalid_request"));
    }
    assertThat(received()).isEmpty();
  }

  @Test
  void failureWhenTheCauseQuotesThePasswordThenTheCauseIsWithheld() {
    SmtpEmailSender authenticated =
        new SmtpEmailSender(
            settings().credentials(USERNAME, PASSWORD).allowCredentialsWithoutTls().build(),
            Clock.systemUTC());
    MessagingException quoting = new MessagingException("535 bad credentials");
    quoting.setNextException(new IOException("AUTH PLAIN " + PASSWORD));
    MessagingException suppressing = new MessagingException("failed");
    suppressing.addSuppressed(new IllegalStateException(PASSWORD));

    for (MessagingException cause : List.of(quoting, suppressing)) {
      SignonFailureException e = authenticated.failure("could not hand the email over", cause);

      assertUnavailable(e, PASSWORD);
      assertThat(e.getCause()).isNull();
      assertThat(e).hasMessageContaining("withheld");
    }
    SignonFailureException harmless =
        authenticated.failure("could not hand the email over", new MessagingException("421 busy"));
    assertThat(harmless.getCause()).isNotNull();
    assertThat(harmless).hasMessageEndingWith(": 421 busy");
  }

  @Test
  void sendWhenAddressHoldsWhatSmtpCannotCarryThenRefusedAsInput() {
    for (String address :
        List.of("joe,ann@example.com", "joe<ann>@example.com", "jo;e@example.com")) {
      EmailMessage m = message().to(Email.of(address)).build();

      assertThatThrownBy(() -> sender().send(m))
          .as(address)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.errorCode()).isEqualTo("invalid_request"));
    }
    assertThat(received()).isEmpty();
  }

  @Test
  void smtpFactoryBuildsASenderThatDelivers() {
    EmailSender production = EmailSender.smtp(settings().build());

    production.send(message().build());

    assertThat(received()).hasSize(1);
    assertThat(production.toString()).contains("127.0.0.1:" + port()).doesNotContain(PASSWORD);
  }

  private static void assertUnavailable(SignonFailureException e, String password) {
    assertThat(e.errorCode()).isEqualTo("email_unavailable");
    assertThat(e).hasMessageContaining("127.0.0.1:");
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(password);
      assertThat(t.toString()).doesNotContain(password);
      if (t instanceof MessagingException m && m.getNextException() != null) {
        assertThat(m.getNextException().toString()).doesNotContain(password);
      }
    }
    assertThat(e).isInstanceOf(SignonException.class);
  }
}
