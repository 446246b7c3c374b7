package dev.signon.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignonExceptionTest {
  @Test
  void rejectedExceptionCarriesItsErrorCode() {
    SignonException e = new SignonRejectedException("conflict", "email already used");
    assertThat(e.errorCode()).isEqualTo("conflict");
  }
}
