package dev.signon.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormEncodingTest {
  static List<Map.Entry<String, String>> parse(String raw) throws FormEncoding.MalformedException {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    FormEncoding.parse(raw, (k, v) -> out.add(Map.entry(k, v)));
    return out;
  }

  @Test
  void parseKeepsEveryPairInOrderRepeatsIncluded() throws Exception {
    assertThat(parse("a=1&b=2&a=3"))
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("a", "3"));
  }

  @Test
  void parseDecodesOnceWithPlusAsSpace() throws Exception {
    assertThat(parse("s=a%2Bb+c%2541&caf%C3%A9=%E2%82%AC"))
        .containsExactly(Map.entry("s", "a+b c%41"), Map.entry("café", "€"));
  }

  @Test
  void parseGivesANameWithoutEqualsTheEmptyValueAndSkipsEmptyPairs() throws Exception {
    assertThat(parse("&a&&b=&=x&")).containsExactly(Map.entry("a", ""), Map.entry("b", ""));
    assertThat(parse("")).isEmpty();
  }

  @Test
  void parseKeepsAnEqualsSignInTheValue() throws Exception {
    assertThat(parse("t=a=b")).containsExactly(Map.entry("t", "a=b"));
  }

  @Test
  void parseWhenEscapeBrokenThenRefuse() {
    for (String raw : new String[] {"a=%ZZ", "a=%4", "a=%", "%G1=x", "a=b%"}) {
      assertThatThrownBy(() -> parse(raw))
          .as(raw)
          .isInstanceOf(FormEncoding.MalformedException.class);
    }
  }

  @Test
  void parseWhenNotUtf8ThenRefuse() {
    for (String raw : new String[] {"a=%C3%28", "a=%FF", "a=%E2%82", "a=%ED%A0%80"}) {
      assertThatThrownBy(() -> parse(raw))
          .as(raw)
          .isInstanceOf(FormEncoding.MalformedException.class);
    }
  }

  @Test
  void parseKeepsRawNonAsciiCharacters() throws Exception {
    assertThat(parse("n=caf\u00e9+%F0%9F%98%80")).containsExactly(Map.entry("n", "café 😀"));
  }
}
