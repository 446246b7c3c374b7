package dev.signon.servlet;

import java.util.Optional;

/**
 * Connects the people who sign in through the provider to the app's own accounts, for apps with a
 * user table of their own. {@link SignonFilter} calls it once at every sign-in and puts the answer
 * in {@link SignonPrincipal#accountId()}.
 *
 * <p>An implementation should follow the rules GOV.UK One Login asks of its relying services (and
 * Teaching Vacancies follows):
 *
 * <ol>
 *   <li>Find the account already linked to the provider's subject ({@link
 *       SignonPrincipal#subject()}). If the provider now gives a different email address, update
 *       the account's address: the provider is the authority on it.
 *   <li>Otherwise find the account by email address, compared case-insensitively. If it is not yet
 *       linked to any subject, link it to this one (first use) and answer it. If it is already
 *       linked to another subject, do not relink it: answer empty.
 *   <li>Otherwise answer empty, or create an account if the app lets anyone in.
 * </ol>
 *
 * <p>Never use the subject as the local primary key: a person may one day sign in through another
 * provider. Implementations must be thread-safe.
 *
 * <pre>{@code
 * AccountLinker linker = person -> users.findBySubject(person.subject())
 *     .map(u -> users.updateEmail(u, person.email().orElse(u.email())))
 *     .or(() -> person.email().flatMap(users::findUnlinkedByEmail)
 *         .map(u -> users.link(u, person.subject())))
 *     .map(u -> u.id().toString());
 * }</pre>
 */
@FunctionalInterface
public interface AccountLinker {

  /**
   * Finds, links or updates the local account of someone who just signed in.
   *
   * @param person who signed in, with their roles; {@link SignonPrincipal#accountId()} is empty
   * @return the local account id, or empty when the person has no local account
   */
  Optional<String> link(SignonPrincipal person);

  /** A linker for apps without accounts of their own: always empty. */
  static AccountLinker none() {
    return person -> Optional.empty();
  }
}
