/**
 * Outgoing email: the {@link dev.signon.core.mail.EmailSender} SPI with its development (logging),
 * SMTP and in-memory implementations, the {@link dev.signon.core.mail.EmailMessage} value, and
 * {@link dev.signon.core.mail.SignonEmails}, the wording of every message a Signon host sends.
 *
 * <p>SMTP goes through Jakarta Mail (Eclipse Angus), an optional dependency: a host that calls
 * {@link dev.signon.core.mail.EmailSender#smtp(SmtpSettings)} adds {@code
 * org.eclipse.angus:angus-mail}; nothing else here loads it.
 */
@NullMarked
package dev.signon.core.mail;

import org.jspecify.annotations.NullMarked;
