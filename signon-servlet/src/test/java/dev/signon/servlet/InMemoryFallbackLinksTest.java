package dev.signon.servlet;

import org.junit.jupiter.api.BeforeEach;

class InMemoryFallbackLinksTest extends FallbackLinksContract {
  private InMemoryFallbackLinks links = new InMemoryFallbackLinks();

  @BeforeEach
  void setUp() {
    links = new InMemoryFallbackLinks();
  }

  @Override
  FallbackLinks store() {
    return links;
  }

  @Override
  FallbackLinks otherInstance() {
    return links; // one instance only: the same store
  }
}
