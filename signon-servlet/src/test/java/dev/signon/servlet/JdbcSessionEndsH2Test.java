package dev.signon.servlet;

class JdbcSessionEndsH2Test extends JdbcSessionEndsContract {
  @Override
  Databases kind() {
    return Databases.H2;
  }
}
