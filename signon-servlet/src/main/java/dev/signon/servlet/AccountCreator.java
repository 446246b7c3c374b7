package dev.signon.servlet;

import java.util.Optional;

/**
 * Creates the app's own account for someone who signed in through the provider and matched no
 * account, as Teaching Vacancies creates a Jobseeker from the One Login email and id. {@link
 * JdbcAccountLinker} calls it at most once per provider subject, even with several instances of the
 * app signing the same person in at once, and links the new account to that subject.
 *
 * <pre>{@code
 * AccountCreator creator = person -> Optional.of(
 *     jobseekers.create(person.email().orElseThrow(), person.subject()).id().toString());
 * }</pre>
 */
@FunctionalInterface
public interface AccountCreator {

  /**
   * Creates an account for this person.
   *
   * @param person who signed in: their provider subject and email address (always present here)
   * @return the new account's id, or empty to leave the person without an account
   */
  Optional<String> create(SignonPrincipal person);
}
