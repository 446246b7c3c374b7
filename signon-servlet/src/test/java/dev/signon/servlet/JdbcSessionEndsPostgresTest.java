package dev.signon.servlet;

class JdbcSessionEndsPostgresTest extends JdbcSessionEndsContract {
  @Override
  Databases kind() {
    return Databases.POSTGRESQL;
  }
}
