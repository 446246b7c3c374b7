package dev.signon.servlet;

class SeveralInstancesH2Test extends SeveralInstancesContract {
  @Override
  Databases kind() {
    return Databases.H2;
  }
}
