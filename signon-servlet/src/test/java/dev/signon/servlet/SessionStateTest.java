package dev.signon.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStateTest {
  private static SessionState state() {
    SessionState.Draft d = SessionState.draft();
    d.key = "key-1";
    d.subject = "user-1";
    d.uid = "42";
    d.name = "Joe";
    d.email = "joe@example.com";
    d.roles = List.of("signin", "admin");
    d.source = SessionState.Source.USER_DETAILS;
    d.signedInAt = Instant.parse("2026-03-01T10:00:00Z");
    d.rolesCheckedAt = d.signedInAt;
    d.accessToken = "secret-access-token";
    d.refreshToken = "secret-refresh-token";
    d.logoutUrl = "https://sso.example/users/sign_out";
    return d.build();
  }

  @Test
  void sessionStateWhenSerializedThenRoundTripsWithTokens() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state());
    }
    SessionState read;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = (SessionState) in.readObject();
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThat(read.principal().roles()).containsExactlyInAnyOrder("signin", "admin");
    assertThat(read.refreshToken).isEqualTo("secret-refresh-token");
    assertThat(read.idToken).isNull();
  }

  @Test
  void sessionStateWhenPrintedThenNoTokenAppears() {
    assertThat(state().toString())
        .contains("user-1")
        .doesNotContain("secret-access-token")
        .doesNotContain("secret-refresh-token");
  }

  @Test
  void principalWhenBuiltFromStateThenUidIsRemoteUserName() {
    SignonPrincipal p = state().principal();

    assertThat(p.getName()).isEqualTo("42");
    assertThat(p.subject()).isEqualTo("user-1");
    assertThat(p.toString()).doesNotContain("joe@example.com");
  }
}
