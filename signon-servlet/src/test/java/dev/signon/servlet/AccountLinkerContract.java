package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link AccountLinker} (seed 003: "Find Jobseeker (first by One Login id, if not by
 * email)", "Set GOV.UK One Login ID on the Jobseeker (links the account)", "Updates Jobseeker
 * email"), and of {@link FallbackAccounts}; run against each implementation.
 */
abstract class AccountLinkerContract<T extends AccountLinker & FallbackAccounts> {
  @SuppressWarnings("NullAway.Init") // set before each test
  T accounts;

  /** A linker with no accounts. */
  abstract T create();

  abstract void addAccount(T linker, String accountId, String email);

  abstract Optional<String> subjectOf(T linker, String accountId);

  abstract Optional<String> emailOf(T linker, String accountId);

  @BeforeEach
  void setUp() {
    accounts = create();
    addAccount(accounts, "17", "joe@example.com");
  }

  private static SignonPrincipal person(String subject, String email) {
    return SignonPrincipal.builder(subject)
        .email(email)
        .name("Joe")
        .roles(Set.of("signin"))
        .build();
  }

  @Test
  void setGovukOneLoginIdOnTheJobseekerLinksTheAccountAtFirstUseByEmail() {
    assertThat(accounts.link(person("sub-1", "JOE@example.com"))).contains("17");
    assertThat(subjectOf(accounts, "17")).contains("sub-1");
  }

  @Test
  void findJobseekerFirstByOneLoginIdAndWhenEmailChangedInOneLoginUpdateJobseekerEmail() {
    accounts.link(person("sub-1", "joe@example.com"));

    assertThat(accounts.link(person("sub-1", "joseph@example.com"))).contains("17");
    assertThat(emailOf(accounts, "17")).contains("joseph@example.com");
  }

  @Test
  void linkWhenEmailBelongsToAccountLinkedToAnotherSubjectThenNotRelinked() {
    accounts.link(person("sub-1", "joe@example.com"));

    assertThat(accounts.link(person("sub-2", "joe@example.com"))).isEmpty();
    assertThat(subjectOf(accounts, "17")).contains("sub-1");
  }

  @Test
  void linkWhenNewEmailBelongsToAnotherAccountThenOldEmailKept() {
    addAccount(accounts, "18", "ann@example.com");
    accounts.link(person("sub-1", "joe@example.com"));

    assertThat(accounts.link(person("sub-1", "ann@example.com"))).contains("17");
    assertThat(emailOf(accounts, "17")).contains("joe@example.com");
  }

  @Test
  void linkWhenUnknownThenEmpty() {
    assertThat(accounts.link(person("sub-9", "nobody@example.com"))).isEmpty();
    assertThat(accounts.link(SignonPrincipal.builder("sub-9").build())).isEmpty();
  }

  @Test
  void findByEmailWhenSignedInBeforeThenLastRolesAndAccountId() {
    accounts.link(
        SignonPrincipal.builder("sub-1").email("joe@example.com").roles(Set.of("admin")).build());

    SignonPrincipal found = accounts.findByEmail(" Joe@Example.COM ".trim()).orElseThrow();

    assertThat(found.subject()).isEqualTo("sub-1");
    assertThat(found.accountId()).contains("17");
    assertThat(found.roles()).containsExactly("admin");
  }

  @Test
  void findByEmailWhenNeverSignedInThenAccountWithoutRoles() {
    SignonPrincipal found = accounts.findByEmail("joe@example.com").orElseThrow();

    assertThat(found.accountId()).contains("17");
    assertThat(found.roles()).isEmpty();
    assertThat(accounts.findByEmail("nobody@example.com")).isEmpty();
  }

  @Test
  void addAccountWhenEmailTakenThenIllegalArgument() {
    assertThatThrownBy(() -> addAccount(accounts, "18", "JOE@example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("email");
  }

  @Test
  void addAccountWhenIdTakenThenIllegalArgument() {
    assertThatThrownBy(() -> addAccount(accounts, "17", "new@example.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
