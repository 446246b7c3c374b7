package dev.signon.servlet;

class InMemorySessionEndsTest extends SessionEndsContract {
  private final SessionEnds ends = new InMemorySessionEnds();

  @Override
  SessionEnds store() {
    return ends;
  }

  @Override
  SessionEnds otherInstance() {
    return ends;
  }
}
