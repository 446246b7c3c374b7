package dev.signon.servlet;

import java.util.Optional;

/**
 * The accounts the fallback sign-in may sign in while the provider is down: only people the app
 * already knows, found by email address.
 *
 * <p>{@link InMemoryAccountLinker} is one; an app with its own user table answers from it, with the
 * roles it last saw for the person.
 *
 * <pre>{@code
 * FallbackAccounts accounts = email -> users.findByEmail(email)
 *     .map(u -> SignonPrincipal.builder(u.providerSubject())
 *         .accountId(u.id().toString()).email(u.email()).name(u.name())
 *         .roles(u.lastKnownRoles()).build());
 * }</pre>
 */
@FunctionalInterface
public interface FallbackAccounts {

  /**
   * The person who owns this email address, as they should be signed in.
   *
   * @param email the address as typed, trimmed; compare it case-insensitively
   * @return the person, or empty when the address belongs to no known account
   */
  Optional<SignonPrincipal> findByEmail(String email);
}
