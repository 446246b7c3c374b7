package dev.signon.benchmarks.memory;

import dev.signon.benchmarks.http.BenchHost;
import dev.signon.core.SignonServer;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.oauth.AuthorizationServer;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.oauth.TokenLifetimes;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.KeyEncryptionKey;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Issues a million client_credentials access tokens on the in-memory store, with the default
 * lifetimes, while a simulated clock moves on (by default 1 second per 100 tokens, so 1,000,000
 * tokens span 2.8 hours and the first ones expire during the run) and the purge runs every 10,000
 * tokens as a scheduled host would. Prints the heap after a full GC before, at the peak, and once
 * every token has expired and been purged.
 *
 * <pre>{@code
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.signon.benchmarks.memory.ExpiredTokensHeap \
 *     [tokens] [tokens per simulated second]
 * }</pre>
 */
public final class ExpiredTokensHeap {
  private ExpiredTokensHeap() {}

  /** A clock the driver moves by hand. */
  static final class SimulatedClock extends Clock {
    private volatile Instant now;

    SimulatedClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  public static void main(String[] args) {
    int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"));
    SecureRandom random = new SecureRandom();
    SignonServer server =
        SignonServer.builder()
            .issuer(URI.create("http://127.0.0.1:8090"))
            .store(new InMemorySignonStore())
            .keyEncryptionKey(KeyEncryptionKey.generate(random))
            .random(random)
            .clock(clock)
            .build();
    BenchHost.seed(server, AccessTokenFormat.OPAQUE);
    AuthorizationServer oauth = server.authorizationServer();
    ProtocolRequest request =
        ProtocolRequest.builder("POST", URI.create("/oauth/token"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("api:bench-secret".getBytes(StandardCharsets.UTF_8)))
            .formParameter("grant_type", "client_credentials")
            .build();
    long baseline = heapAfterGc();
    System.out.printf("heap before: %.1f MB%n", mb(baseline));
    long peak = 0;
    int purged = 0;
    long started = System.nanoTime();
    for (int i = 1; i <= tokens; i++) {
      ProtocolResponse r = oauth.token(request);
      if (r.status() != 200) {
        throw new IllegalStateException("token endpoint answered " + r.status() + " " + r.body());
      }
      if (i % perSecond == 0) {
        clock.advance(Duration.ofSeconds(1));
      }
      if (i % 10_000 == 0) {
        purged += server.purgeExpired(10_000, 1_000);
      }
      if (i % 250_000 == 0) {
        long heap = heapAfterGc();
        peak = Math.max(peak, heap);
        System.out.printf(
            "after %,d tokens (simulated %s): heap %.1f MB, purged so far %,d%n",
            i, Duration.ofSeconds(i / perSecond), mb(heap), purged);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // Let every token expire, and the purge's retention pass, then purge as the schedule would.
    TokenLifetimes lifetimes = TokenLifetimes.defaults();
    clock.advance(lifetimes.accessToken().plus(lifetimes.refreshToken()).plusSeconds(1));
    int more;
    while ((more = server.purgeExpired(10_000, 1_000)) > 0) {
      purged += more;
    }
    long end = heapAfterGc();
    System.out.printf(
        "RESULT tokens=%d issued_per_s=%.0f heap_before_mb=%.1f heap_peak_mb=%.1f"
            + " heap_after_expiry_and_purge_mb=%.1f purged=%d%n",
        tokens, tokens / seconds, mb(baseline), mb(peak), mb(end), purged);
    server.close();
  }

  static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
