package dev.signon.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalPathTest {
  @Test
  void localPathWhenSingleSlashPathThenAccepted() {
    assertThat(LocalPath.isLocal("/")).isTrue();
    assertThat(LocalPath.isLocal("/reports?page=2&sort=name")).isTrue();
  }

  @Test
  void localPathWhenOtherOriginOrOddCharactersThenRefused() {
    for (String bad :
        new String[] {
          "https://evil.example/",
          "//evil.example",
          "/\\evil.example",
          "evil",
          "",
          "/a b",
          "/a\tb",
          "/a\nb",
          "/" + "a".repeat(2048)
        }) {
      assertThat(LocalPath.isLocal(bad)).as(bad).isFalse();
    }
    assertThat(LocalPath.isLocal(null)).isFalse();
  }
}
