package dev.signon.servlet;

import java.util.Optional;

class InMemoryAccountLinkerTest extends AccountLinkerContract<InMemoryAccountLinker> {
  @Override
  InMemoryAccountLinker create() {
    return new InMemoryAccountLinker();
  }

  @Override
  void addAccount(InMemoryAccountLinker linker, String accountId, String email) {
    linker.addAccount(accountId, email);
  }

  @Override
  Optional<String> subjectOf(InMemoryAccountLinker linker, String accountId) {
    return linker.subjectOf(accountId);
  }

  @Override
  Optional<String> emailOf(InMemoryAccountLinker linker, String accountId) {
    return linker.emailOf(accountId);
  }
}
