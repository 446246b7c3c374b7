package dev.signon.servlet;

class SeveralInstancesPostgresTest extends SeveralInstancesContract {
  @Override
  Databases kind() {
    return Databases.POSTGRESQL;
  }
}
