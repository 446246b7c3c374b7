package dev.signon.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AuditEventTypeTest {
  @Test
  void everyCodeIsUnique() {
    assertThat(Arrays.stream(AuditEventType.values()).map(AuditEventType::code))
        .doesNotHaveDuplicates();
  }

  @Test
  void codesArePublishedAndStable() {
    // Logs outlive releases: these numbers are part of the contract and must never change.
    assertThat(AuditEventType.USER_CREATED.code()).isEqualTo(100);
    assertThat(AuditEventType.USER_SUSPENDED.code()).isEqualTo(103);
    assertThat(AuditEventType.PERMISSIONS_GRANTED.code()).isEqualTo(140);
    assertThat(AuditEventType.DIRECTORY_IMPORTED.code()).isEqualTo(150);
    assertThat(AuditEventType.EVENT_IMPORTED.code()).isEqualTo(151);
    for (AuditEventType t : AuditEventType.values()) {
      assertThat(AuditEventType.fromCode(t.code())).contains(t);
    }
    assertThat(AuditEventType.fromCode(99_999)).isEmpty();
  }
}
