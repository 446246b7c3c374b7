package dev.signon.servlet;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AccountLinker} and {@link FallbackAccounts} over accounts held in memory, following the
 * rules {@link AccountLinker} describes. It links only accounts added with {@link #addAccount}; it
 * remembers the name and roles each person last signed in with, and the fallback signs them in with
 * those.
 *
 * <pre>{@code
 * InMemoryAccountLinker accounts = new InMemoryAccountLinker();
 * accounts.addAccount("17", "joe@example.com");
 * SignonFilter filter = SignonFilter.builder(client)
 *     .accountLinker(accounts)
 *     .fallback(accounts, emailSender)
 *     .build();
 * }</pre>
 */
public final class InMemoryAccountLinker implements AccountLinker, FallbackAccounts {
  private static final Logger log = LoggerFactory.getLogger(InMemoryAccountLinker.class);

  private static final class Account {
    final String id;
    String email;
    @Nullable String subject;
    @Nullable SignonPrincipal lastSignIn;

    Account(String id, String email) {
      this.id = id;
      this.email = email;
    }
  }

  private final Map<String, Account> accounts = new LinkedHashMap<>();

  /** Creates a linker with no accounts. */
  public InMemoryAccountLinker() {}

  /**
   * Adds an account the app knows by email address, not yet linked to a provider subject.
   *
   * @throws IllegalArgumentException if {@code accountId} is blank or taken, or {@code email} is
   *     blank or belongs to another account
   */
  public synchronized void addAccount(String accountId, String email) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(email, "email");
    if (accountId.isBlank() || accounts.containsKey(accountId)) {
      throw new IllegalArgumentException("accountId is blank or taken: " + accountId);
    }
    if (email.isBlank() || byEmail(email) != null) {
      throw new IllegalArgumentException("email is blank or belongs to another account");
    }
    accounts.put(accountId, new Account(accountId, email.trim()));
  }

  @Override
  public synchronized Optional<String> link(SignonPrincipal person) {
    Objects.requireNonNull(person, "person");
    String email = person.email().orElse(null);
    Account account = bySubject(person.subject());
    if (account != null) {
      if (email != null && !normalise(email).equals(normalise(account.email))) {
        if (byEmail(email) == null) {
          account.email = email.trim();
        } else {
          log.warn("Account {} keeps its email: the new address belongs to another", account.id);
        }
      }
    } else if (email != null) {
      account = byEmail(email);
      if (account == null) {
        return Optional.empty();
      }
      if (account.subject != null) {
        log.warn("Account {} is linked to another subject; not relinking", account.id);
        return Optional.empty();
      }
      account.subject = person.subject();
    } else {
      return Optional.empty();
    }
    account.lastSignIn = person;
    return Optional.of(account.id);
  }

  @Override
  public synchronized Optional<SignonPrincipal> findByEmail(String email) {
    Objects.requireNonNull(email, "email");
    Account account = byEmail(email);
    if (account == null) {
      return Optional.empty();
    }
    SignonPrincipal last = account.lastSignIn;
    SignonPrincipal.Builder b =
        last != null
            ? last.toBuilder()
            : SignonPrincipal.builder(account.subject != null ? account.subject : account.id);
    return Optional.of(b.email(account.email).accountId(account.id).build());
  }

  /** The provider subject an account is linked to, if any. */
  public synchronized Optional<String> subjectOf(String accountId) {
    Account account = accounts.get(Objects.requireNonNull(accountId, "accountId"));
    return account == null ? Optional.empty() : Optional.ofNullable(account.subject);
  }

  /** An account's email address, if the account exists. */
  public synchronized Optional<String> emailOf(String accountId) {
    Account account = accounts.get(Objects.requireNonNull(accountId, "accountId"));
    return account == null ? Optional.empty() : Optional.of(account.email);
  }

  private @Nullable Account bySubject(String subject) {
    for (Account a : accounts.values()) {
      if (subject.equals(a.subject)) {
        return a;
      }
    }
    return null;
  }

  private @Nullable Account byEmail(String email) {
    String wanted = normalise(email);
    for (Account a : accounts.values()) {
      if (normalise(a.email).equals(wanted)) {
        return a;
      }
    }
    return null;
  }

  private static String normalise(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public synchronized String toString() {
    return "InMemoryAccountLinker[" + accounts.size() + " accounts]";
  }
}
