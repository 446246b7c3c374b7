package dev.signon.core.mail;

import dev.signon.core.directory.Email;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.internal.Checks;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The wording of every email a Signon host sends: invitations, password resets, unlock and sign-in
 * links, and notices about two-step verification, suspension and inactivity.
 *
 * <p>Each message is plain text in plain British English. It greets the person by name, puts any
 * link on a line of its own (so mail readers make it clickable and people can copy it whole), says
 * how long the link works, and ends with the host's name and address. There is no HTML and no
 * tracking: links are used exactly as given.
 *
 * <p>The lifetimes stated in the messages are settings, with GOV.UK Signon's defaults; set them to
 * the lifetimes the host really gives its links.
 *
 * <pre>{@code
 * SignonEmails emails = SignonEmails.builder()
 *     .serviceName("GOV.UK Signon")
 *     .serviceUrl(URI.create("https://signon.publishing.service.gov.uk"))
 *     .build();
 * sender.send(emails.passwordReset(user.email(), user.name(), resetLink));
 * }</pre>
 */
public final class SignonEmails {
  /** How long an invitation link works unless set: 2 weeks. */
  public static final Duration DEFAULT_INVITATION_VALIDITY = Duration.ofDays(14);

  /** How long a password-reset link works unless set: 6 hours. */
  public static final Duration DEFAULT_PASSWORD_RESET_VALIDITY = Duration.ofHours(6);

  /** How long a magic sign-in link works unless set: 10 minutes. */
  public static final Duration DEFAULT_MAGIC_LINK_VALIDITY = Duration.ofMinutes(10);

  /** How long a locked account stays locked unless unlocked sooner, unless set: 1 hour. */
  public static final Duration DEFAULT_LOCKOUT_DURATION = Duration.ofHours(1);

  private static final int MAX_LINK_LENGTH = 2048;

  private final String serviceName;
  private final String serviceUrl;
  private final String invitationValidity;
  private final String passwordResetValidity;
  private final String magicLinkValidity;
  private final String lockoutDuration;

  private SignonEmails(Builder b) {
    if (b.serviceName == null) {
      throw new IllegalStateException("serviceName required");
    }
    if (b.serviceUrl == null) {
      throw new IllegalStateException("serviceUrl required");
    }
    this.serviceName = b.serviceName;
    this.serviceUrl = b.serviceUrl;
    this.invitationValidity = ForPeople.duration(b.invitationValidity);
    this.passwordResetValidity = ForPeople.duration(b.passwordResetValidity);
    this.magicLinkValidity = ForPeople.duration(b.magicLinkValidity);
    this.lockoutDuration = ForPeople.duration(b.lockoutDuration);
  }

  /** A builder; {@code serviceName} and {@code serviceUrl} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An invitation to a new account: the link lets the person choose a password.
   *
   * @throws InvalidInputException if the name or link is unacceptable (see {@link Builder})
   */
  public EmailMessage invitation(Email to, String name, URI link) {
    return message(to, "You have been invited to " + serviceName)
        .hello(name)
        .paragraph("You have been invited to use " + serviceName + ".")
        .paragraph("To accept the invitation and choose your password, open this link:")
        .link(link)
        .paragraph(
            "The link works for "
                + invitationValidity
                + " and can be used only once. If it has"
                + " expired, ask the person who invited you to send a new invitation.")
        .paragraph("If you were not expecting this invitation, you can ignore this email.")
        .build();
  }

  /**
   * A password reset the person asked for. Following the link lets them choose a new password; it
   * does not sign them in.
   *
   * @throws InvalidInputException if the name or link is unacceptable
   */
  public EmailMessage passwordReset(Email to, String name, URI link) {
    return message(to, "Reset your " + serviceName + " password")
        .hello(name)
        .paragraph(
            "We received a request to reset the password for your " + serviceName + " account.")
        .paragraph("To choose a new password, open this link:")
        .link(link)
        .paragraph(
            "The link works for "
                + passwordResetValidity
                + " and can be used only once. It"
                + " does not sign you in: once you have chosen a new password, sign in with it.")
        .paragraph(
            "If you did not ask to reset your password, you can ignore this email. Your password"
                + " has not been changed.")
        .build();
  }

  /**
   * The account was locked after too many failed sign-in attempts; the link unlocks it now,
   * otherwise it unlocks by itself after the lockout duration.
   *
   * @throws InvalidInputException if the name or link is unacceptable
   */
  public EmailMessage unlock(Email to, String name, URI link) {
    return message(to, "Your " + serviceName + " account has been locked")
        .hello(name)
        .paragraph(
            "Your "
                + serviceName
                + " account has been locked because there were too many failed attempts to sign"
                + " in.")
        .paragraph("To unlock it now, open this link:")
        .link(link)
        .paragraph(
            "The link can be used only once. If you do nothing, your account will unlock by"
                + " itself after "
                + lockoutDuration
                + ".")
        .paragraph(
            "If you did not try to sign in, someone else may have been guessing your password."
                + " Choose a new one after you unlock your account.")
        .build();
  }

  /**
   * A one-time link that signs the person in without a password.
   *
   * @throws InvalidInputException if the name or link is unacceptable
   */
  public EmailMessage magicLink(Email to, String name, URI link) {
    return message(to, "Your link to sign in to " + serviceName)
        .hello(name)
        .paragraph("To sign in to " + serviceName + ", open this link:")
        .link(link)
        .paragraph(
            "The link works for "
                + magicLinkValidity
                + " and can be used only once. Do not"
                + " forward this email: anyone with the link can sign in as you.")
        .paragraph("If you did not ask to sign in, you can ignore this email.")
        .build();
  }

  /**
   * A one-time link to an application token made for an API user, sent to the API user's address
   * (the consuming team's) instead of the token itself.
   *
   * @param name the API user's name
   * @param application the name of the application the token is for
   * @param validity how long the link works
   * @throws InvalidInputException if a name or the link is unacceptable
   */
  public EmailMessage applicationTokenLink(
      Email to, String name, String application, URI link, Duration validity) {
    String app = Checks.text("application", application, 255);
    return message(to, "Your application token for " + app)
        .hello(name)
        .paragraph(
            "An administrator of "
                + serviceName
                + " has made an application token for "
                + name
                + " to use with "
                + app
                + ". To see it, open this link:")
        .link(link)
        .paragraph(
            "The link works for "
                + ForPeople.duration(validity)
                + " and shows the token only once: store it securely as soon as you see it. Do"
                + " not forward this email. If the link has expired or was already used, ask the"
                + " administrator for a new token.")
        .build();
  }

  /**
   * Sent to the new address when an administrator changes a person's email: following the link
   * makes the change.
   *
   * @param validity how long the link works
   * @throws InvalidInputException if the name or link is unacceptable
   */
  public EmailMessage emailChangeConfirmation(Email to, String name, URI link, Duration validity) {
    return message(to, "Confirm your new email address for " + serviceName)
        .hello(name)
        .paragraph(
            "An administrator has asked to change the email address of your "
                + serviceName
                + " account to this one. To confirm it, open this link:")
        .link(link)
        .paragraph(
            "The link works for "
                + ForPeople.duration(validity)
                + " and can be used only once. Until you confirm, your account keeps its old"
                + " address.")
        .paragraph("If you were not expecting this, you can ignore this email.")
        .build();
  }

  /**
   * Sent to the old address when an administrator asks to change a person's email, so they hear of
   * it before it takes effect.
   *
   * @throws InvalidInputException if the name is unacceptable
   */
  public EmailMessage emailChangeNotice(Email to, String name, Email newEmail) {
    return message(to, "Your " + serviceName + " email address is changing")
        .hello(name)
        .paragraph(
            "An administrator has asked to change the email address of your "
                + serviceName
                + " account to "
                + newEmail.value()
                + ". The change takes effect when the link sent to that address is followed.")
        .paragraph("If you were not expecting this, contact the person who manages your account.")
        .build();
  }

  /**
   * An administrator reset the person's two-step verification; they must set it up again at their
   * next sign-in.
   *
   * @throws InvalidInputException if the name is unacceptable
   */
  public EmailMessage twoStepVerificationReset(Email to, String name) {
    return message(to, "Your " + serviceName + " two-step verification has been reset")
        .hello(name)
        .paragraph(
            "An administrator has reset two-step verification on your " + serviceName + " account.")
        .paragraph(
            "The next time you sign in, you will be asked to set it up again with an"
                + " authenticator app. Browsers you had asked us to remember will ask for a code"
                + " again.")
        .paragraph("To sign in, go to:")
        .line(serviceUrl)
        .paragraph("If you were not expecting this, contact the person who manages your account.")
        .build();
  }

  /**
   * The account was suspended, with the reason the administrator gave.
   *
   * @throws InvalidInputException if the name or reason is unacceptable (blank, over 1000
   *     characters, or holding control characters)
   */
  public EmailMessage suspended(Email to, String name, String reason) {
    String why = Checks.text("reason", reason, 1000);
    return message(to, "Your " + serviceName + " account has been suspended")
        .hello(name)
        .paragraph(
            "Your "
                + serviceName
                + " account has been suspended. You cannot sign in, or use the services you"
                + " reached through it.")
        .paragraph("The reason given was:")
        .line(why)
        .paragraph("If you think this is a mistake, contact the person who manages your account.")
        .build();
  }

  /**
   * The account was unsuspended; the person must choose a new password, through the link, before
   * they can sign in.
   *
   * @throws InvalidInputException if the name or link is unacceptable
   */
  public EmailMessage unsuspended(Email to, String name, URI passwordResetLink) {
    return message(to, "Your " + serviceName + " account has been unsuspended")
        .hello(name)
        .paragraph("Your " + serviceName + " account is no longer suspended.")
        .paragraph(
            "Before you can sign in again you need to choose a new password. To do that, open"
                + " this link:")
        .link(passwordResetLink)
        .paragraph(
            "The link works for "
                + passwordResetValidity
                + " and can be used only once. If it has expired, ask for a new one on the"
                + " sign-in page.")
        .build();
  }

  /**
   * A reminder that the account will be suspended for lack of use unless the person signs in within
   * {@code daysLeft} days (GOV.UK Signon sends these 14, 7, 3 and 1 days before).
   *
   * @throws IllegalArgumentException unless {@code daysLeft} is between 1 and 365
   * @throws InvalidInputException if the name is unacceptable
   */
  public EmailMessage suspensionReminder(Email to, String name, int daysLeft) {
    if (daysLeft < 1 || daysLeft > 365) {
      throw new IllegalArgumentException("daysLeft must be between 1 and 365: " + daysLeft);
    }
    String when = "in " + ForPeople.count(daysLeft, "day");
    return message(to, "Your " + serviceName + " account will be suspended " + when)
        .hello(name)
        .paragraph(
            "You have not signed in to "
                + serviceName
                + " for some time. Your account will be suspended "
                + when
                + " unless you sign in before then: unused accounts are suspended to keep them"
                + " secure.")
        .paragraph("To keep your account, sign in at:")
        .line(serviceUrl)
        .paragraph("If you no longer need your account, you do not need to do anything.")
        .build();
  }

  /**
   * A warning to an API user's address that one of its application tokens expires in {@code
   * daysLeft} days and will not be replaced by itself: someone must rotate it (GOV.UK Signon's "API
   * user token expires soon" alert, sent 30, 14, 7 and 1 days before).
   *
   * @param name the API user's name
   * @param application the name of the application the token is for
   * @throws IllegalArgumentException unless {@code daysLeft} is between 1 and 3650
   * @throws InvalidInputException if a name is unacceptable
   */
  public EmailMessage applicationTokenExpiring(
      Email to, String name, String application, int daysLeft) {
    if (daysLeft < 1 || daysLeft > 3650) {
      throw new IllegalArgumentException("daysLeft must be between 1 and 3650: " + daysLeft);
    }
    String app = Checks.text("application", application, 255);
    String when = "in " + ForPeople.count(daysLeft, "day");
    return message(to, "Your application token for " + app + " expires " + when)
        .hello(name)
        .paragraph(
            "The application token "
                + name
                + " uses with "
                + app
                + " expires "
                + when
                + ", and "
                + serviceName
                + " will not replace it by itself. After it expires, calls made with it will be"
                + " refused.")
        .paragraph(
            "Ask an administrator of "
                + serviceName
                + " to rotate the token (or to rotate it automatically), then update it where"
                + " the application reads it. If the token is no longer used, ask for it to be"
                + " revoked.")
        .line(serviceUrl)
        .build();
  }

  private Text message(Email to, String subject) {
    return new Text(Objects.requireNonNull(to, "to"), subject);
  }

  /** Puts a message together paragraph by paragraph, then signs it. */
  private final class Text {
    private final Email to;
    private final String subject;
    private final StringBuilder body = new StringBuilder();

    Text(Email to, String subject) {
      this.to = to;
      this.subject = subject;
    }

    Text hello(String name) {
      return paragraph("Hello " + Checks.text("name", name, 255) + ",");
    }

    Text paragraph(String text) {
      body.append(text).append("\n\n");
      return this;
    }

    Text link(URI link) {
      return line(checkedUrl("link", link));
    }

    Text line(String line) {
      body.append(line).append("\n\n");
      return this;
    }

    EmailMessage build() {
      body.append(serviceName).append('\n').append(serviceUrl).append('\n');
      return EmailMessage.builder().to(to).subject(subject).text(body.toString()).build();
    }
  }

  /**
   * An absolute http(s) URL as text; https unless the host is this machine (for development). A
   * link must not carry a user name or password.
   */
  private static String checkedUrl(String name, URI uri) {
    Objects.requireNonNull(uri, name);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (!uri.isAbsolute() || host == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new InvalidInputException(name + " must be an absolute https URL");
    }
    if (scheme.equals("http") && !isLoopback(host)) {
      throw new InvalidInputException(name + " must use https");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidInputException(name + " must not carry a user name or password");
    }
    String text = uri.toASCIIString();
    if (text.length() > MAX_LINK_LENGTH) {
      throw new InvalidInputException(name + " must be at most " + MAX_LINK_LENGTH + " characters");
    }
    return text;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  /** Builds {@link SignonEmails}; {@code serviceName} and {@code serviceUrl} are required. */
  public static final class Builder {
    private @Nullable String serviceName;
    private @Nullable String serviceUrl;
    private Duration invitationValidity = DEFAULT_INVITATION_VALIDITY;
    private Duration passwordResetValidity = DEFAULT_PASSWORD_RESET_VALIDITY;
    private Duration magicLinkValidity = DEFAULT_MAGIC_LINK_VALIDITY;
    private Duration lockoutDuration = DEFAULT_LOCKOUT_DURATION;

    private Builder() {}

    /**
     * The host's name as people know it, such as "GOV.UK Signon"; it appears in subjects and signs
     * every message.
     *
     * @throws IllegalArgumentException if blank, longer than 100 characters or holding control
     *     characters
     */
    public Builder serviceName(String serviceName) {
      Objects.requireNonNull(serviceName, "serviceName");
      try {
        this.serviceName = Checks.text("serviceName", serviceName, 100);
      } catch (InvalidInputException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      return this;
    }

    /**
     * The host's address, where people sign in; it signs every message.
     *
     * @throws IllegalArgumentException unless an absolute https URL (http only for this machine)
     *     without user name or password
     */
    public Builder serviceUrl(URI serviceUrl) {
      try {
        this.serviceUrl = checkedUrl("serviceUrl", serviceUrl);
      } catch (InvalidInputException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      return this;
    }

    /** How long invitation links work; 2 weeks by default. */
    public Builder invitationValidity(Duration validity) {
      this.invitationValidity = checked("invitationValidity", validity);
      return this;
    }

    /** How long password-reset links work; 6 hours by default. */
    public Builder passwordResetValidity(Duration validity) {
      this.passwordResetValidity = checked("passwordResetValidity", validity);
      return this;
    }

    /** How long magic sign-in links work; 10 minutes by default. */
    public Builder magicLinkValidity(Duration validity) {
      this.magicLinkValidity = checked("magicLinkValidity", validity);
      return this;
    }

    /** How long a locked account stays locked if not unlocked by link; 1 hour by default. */
    public Builder lockoutDuration(Duration duration) {
      this.lockoutDuration = checked("lockoutDuration", duration);
      return this;
    }

    /**
     * Builds the templates.
     *
     * @throws IllegalStateException if {@code serviceName} or {@code serviceUrl} is missing
     */
    public SignonEmails build() {
      return new SignonEmails(this);
    }

    private static Duration checked(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero() || !d.truncatedTo(ChronoUnit.SECONDS).equals(d)) {
        throw new IllegalArgumentException(name + " must be a positive number of seconds");
      }
      return d;
    }
  }
}
