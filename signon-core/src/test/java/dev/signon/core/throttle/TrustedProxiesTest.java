package dev.signon.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private final TrustedProxies proxies =
      TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

  @Test
  void noProxyTrustedThenTheConnectionsAddressWhateverTheHeaderSays() {
    assertThat(TrustedProxies.none().clientAddress("10.1.2.3", List.of("198.51.100.7")))
        .isEqualTo("10.1.2.3");
    assertThat(TrustedProxies.none().any()).isFalse();
  }

  @Test
  void connectionFromAnUntrustedAddressThenTheHeaderIsIgnored() {
    assertThat(proxies.clientAddress("203.0.113.5", List.of("198.51.100.7")))
        .isEqualTo("203.0.113.5");
  }

  @Test
  void connectionFromATrustedProxyThenTheRightMostUntrustedAddress() {
    assertThat(
            proxies.clientAddress(
                "10.0.0.1", List.of("1.2.3.4, 198.51.100.7, 192.168.1.7", "10.9.9.9")))
        .as("1.2.3.4 was sent by the client itself; 198.51.100.7 connected to our proxy")
        .isEqualTo("198.51.100.7");
  }

  @Test
  void connectionFromATrustedProxyWithoutTheHeaderThenTheProxysAddress() {
    assertThat(proxies.clientAddress("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
  }

  @Test
  void everyHopTrustedThenTheLeftMost() {
    assertThat(proxies.clientAddress("10.0.0.1", List.of("10.0.0.3, 10.0.0.2")))
        .isEqualTo("10.0.0.3");
  }

  @Test
  void hopThatIsNotAnAddressThenTheLastAddressBelieved() {
    assertThat(proxies.clientAddress("10.0.0.1", List.of("198.51.100.7, evil.example, 10.0.0.2")))
        .isEqualTo("10.0.0.2");
    assertThat(proxies.clientAddress("10.0.0.1", List.of("unknown"))).isEqualTo("10.0.0.1");
  }

  @Test
  void ipv6RangesAndMappedAddressesMatch() {
    assertThat(proxies.clientAddress("fd12::1", List.of("2001:db8::5"))).isEqualTo("2001:db8::5");
    assertThat(proxies.clientAddress("::ffff:10.0.0.1", List.of("198.51.100.7")))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void entryThatIsNotAnAddressOrRangeThenRefusedNamingIt() {
    assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proxy.example");
    assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TrustedProxies.of(List.of("300.1.1.1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
