package dev.signon.core.throttle;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which proxies in front of the host are believed when they name the client in {@code
 * X-Forwarded-For}. By default none: the client address is the connection's. With trusted proxies,
 * a request that came from one of them is traced back through {@code X-Forwarded-For} from the
 * right, past every trusted address, to the first address that is not trusted: the right-most
 * address no trusted proxy would have added, so a client cannot choose its own address by sending
 * the header itself.
 *
 * <pre>{@code
 * TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));
 * String client = proxies.clientAddress(request.getRemoteAddr(), request.headers("X-Forwarded-For"));
 * }</pre>
 */
public final class TrustedProxies {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Range> ranges;
  private final List<String> written;

  private TrustedProxies(List<Range> ranges, List<String> written) {
    this.ranges = List.copyOf(ranges);
    this.written = List.copyOf(written);
  }

  /** No proxy is trusted: {@code X-Forwarded-For} is ignored. The default. */
  public static TrustedProxies none() {
    return new TrustedProxies(List.of(), List.of());
  }

  /**
   * Trusts the proxies at these addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code ::1}); an
   * empty list trusts none.
   *
   * @throws IllegalArgumentException naming an entry that is not an IP address or CIDR range
   */
  public static TrustedProxies of(List<String> addressesOrRanges) {
    Objects.requireNonNull(addressesOrRanges, "addressesOrRanges");
    List<Range> ranges = new ArrayList<>();
    List<String> written = new ArrayList<>();
    for (String entry : addressesOrRanges) {
      String e = Objects.requireNonNull(entry, "trusted proxy").strip();
      ranges.add(
          Range.parse(e)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "trusted proxy " + e + " is not an IP address or CIDR range")));
      written.add(e);
    }
    return new TrustedProxies(ranges, written);
  }

  /** True when at least one proxy is trusted. */
  public boolean any() {
    return !ranges.isEmpty();
  }

  /** The trusted addresses and ranges as configured. */
  public List<String> entries() {
    return written;
  }

  /**
   * The client's address: {@code remoteAddress} itself, unless it is a trusted proxy and {@code
   * forwardedFor} (the values of every {@code X-Forwarded-For} header, in order) names an earlier
   * hop; then the right-most address in it that is not trusted. An entry that is not an IP address
   * stops the walk at the last address believed.
   *
   * @param remoteAddress the address the connection came from
   * @param forwardedFor the {@code X-Forwarded-For} header values, maybe none
   */
  public String clientAddress(String remoteAddress, List<String> forwardedFor) {
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(forwardedFor, "forwardedFor");
    String client = remoteAddress;
    if (!trusted(client) || forwardedFor.isEmpty()) {
      return client;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",", -1)) {
        hops.add(hop.strip());
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (Range.bytes(hop).isEmpty()) {
        return client;
      }
      client = hop;
      if (!trusted(hop)) {
        return client;
      }
    }
    return client;
  }

  private boolean trusted(String address) {
    Optional<byte[]> bytes = Range.bytes(address);
    return bytes.isPresent() && ranges.stream().anyMatch(r -> r.contains(bytes.get()));
  }

  @Override
  public String toString() {
    return "TrustedProxies" + written;
  }

  /** An address and a prefix length. */
  private static final class Range {
    private final byte[] network;
    private final int prefix;

    private Range(byte[] network, int prefix) {
      this.network = network;
      this.prefix = prefix;
    }

    static Optional<Range> parse(String text) {
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      Optional<byte[]> bytes = bytes(address);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      int bits = bytes.get().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String p = text.substring(slash + 1);
        if (!p.matches("\\d{1,3}")) {
          return Optional.empty();
        }
        prefix = Integer.parseInt(p);
        if (prefix > bits) {
          return Optional.empty();
        }
      }
      return Optional.of(new Range(bytes.get(), prefix));
    }

    /**
     * The bytes of an IP address literal, or empty for anything else; never a name lookup (the text
     * is checked to be a literal before {@link InetAddress} sees it).
     */
    static Optional<byte[]> bytes(String text) {
      if (!(IPV4.matcher(text).matches() || IPV6.matcher(text).matches()) || text.length() > 45) {
        return Optional.empty();
      }
      if (IPV4.matcher(text).matches()) {
        for (String part : text.split("\\.")) {
          if (Integer.parseInt(part) > 255) {
            return Optional.empty();
          }
        }
      }
      try {
        byte[] b = InetAddress.getByName(text).getAddress();
        return Optional.of(mapped(b));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }

    /** An IPv4-mapped IPv6 address as its IPv4 address, so either spelling matches a range. */
    private static byte[] mapped(byte[] b) {
      if (b.length == 16) {
        boolean v4 = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        for (int i = 0; i < 10 && v4; i++) {
          v4 = b[i] == 0;
        }
        if (v4) {
          return new byte[] {b[12], b[13], b[14], b[15]};
        }
      }
      return b;
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
