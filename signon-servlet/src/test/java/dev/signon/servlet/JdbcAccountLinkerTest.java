package dev.signon.servlet;

import dev.signon.testing.Postgres;
import java.util.Optional;

class JdbcAccountLinkerTest extends AccountLinkerContract<JdbcAccountLinker> {
  @Override
  JdbcAccountLinker create() {
    return JdbcAccountLinker.builder(Postgres.shared().freshDatabase()).build();
  }

  @Override
  void addAccount(JdbcAccountLinker linker, String accountId, String email) {
    linker.addAccount(accountId, email);
  }

  @Override
  Optional<String> subjectOf(JdbcAccountLinker linker, String accountId) {
    return linker.subjectOf(accountId);
  }

  @Override
  Optional<String> emailOf(JdbcAccountLinker linker, String accountId) {
    return linker.emailOf(accountId);
  }
}
