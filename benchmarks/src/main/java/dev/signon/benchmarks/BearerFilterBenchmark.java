package dev.signon.benchmarks;

import dev.signon.benchmarks.http.BenchHost;
import dev.signon.client.ClientAuthentication;
import dev.signon.client.SignonClient;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.servlet.SignonFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What {@link SignonFilter} adds to a relying API's request carrying a bearer token, in-process
 * (average time per request): {@code bareChain} is the same request passed straight to the app;
 * {@code cacheHit} a token introspected before and cached; {@code cacheMiss} a new token each time,
 * introspected over HTTP against our host on 127.0.0.1 (in this JVM); {@code jwtOffline} a JWT
 * access token verified against the cached JWKS, without calling the host.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar BearerFilter -t 1
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BearerFilterBenchmark {
  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
  private static final int MISS_POOL = 40_000;

  BenchHost.Running opaqueHost;
  BenchHost.Running jwtHost;
  SignonFilter introspecting;
  SignonFilter offline;
  MockHttpServletRequest cachedRequest;
  MockHttpServletRequest jwtRequest;
  MockHttpServletResponse response;
  String[] missTokens;
  int next;
  Blackhole blackhole;
  FilterChain chain;

  @Setup(Level.Trial)
  public void setUp(Blackhole bh) throws Exception {
    blackhole = bh;
    chain = (ServletRequest req, ServletResponse res) -> blackhole.consume(req);
    opaqueHost = BenchHost.start("memory", AccessTokenFormat.OPAQUE, 0);
    jwtHost = BenchHost.start("memory", AccessTokenFormat.JWT, 0);
    introspecting = filter(opaqueHost, false);
    offline = filter(jwtHost, true);
    cachedRequest = bearer(issue(opaqueHost));
    jwtRequest = bearer(issue(jwtHost));
    response = new MockHttpServletResponse();
    missTokens = new String[MISS_POOL];
    for (int i = 0; i < MISS_POOL; i++) {
      missTokens[i] = issue(opaqueHost);
    }
    // Prime: the discovery document, the JWKS and the cached introspection.
    introspecting.doFilter(cachedRequest, response, chain);
    offline.doFilter(jwtRequest, response, chain);
    if (response.getStatus() != 200) {
      throw new IllegalStateException("the filter refused the token: " + response.getStatus());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    opaqueHost.close();
    jwtHost.close();
  }

  private static SignonFilter filter(BenchHost.Running host, boolean jwt) {
    SignonClient client =
        SignonClient.builder()
            .issuer(host.issuer().toString())
            .clientId("api")
            .clientAuthentication(ClientAuthentication.clientSecretBasic("bench-secret"))
            .redirectUri("http://127.0.0.1/cb")
            .build();
    return SignonFilter.builder(client)
        .apiPaths("/api/*")
        .authenticated("/api/*")
        .bearerTokenValidator(
            jwt
                ? client.bearerTokenValidator().jwt("api").build()
                : client.bearerTokenValidator().introspection().build())
        .build();
  }

  private static String issue(BenchHost.Running host) {
    ProtocolResponse r =
        host.server()
            .authorizationServer()
            .token(
                ProtocolRequest.builder("POST", URI.create("/oauth/token"))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    "api:bench-secret".getBytes(StandardCharsets.UTF_8)))
                    .formParameter("grant_type", "client_credentials")
                    .build());
    Matcher m = ACCESS_TOKEN.matcher(r.body());
    if (!m.find()) {
      throw new IllegalStateException("no token: " + r.body());
    }
    return m.group(1);
  }

  private static MockHttpServletRequest bearer(String token) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/things");
    request.setServletPath("/api/things");
    request.addHeader("Authorization", "Bearer " + token);
    return request;
  }

  @Benchmark
  public void bareChain() throws Exception {
    chain.doFilter(cachedRequest, response);
  }

  @Benchmark
  public void cacheHit() throws Exception {
    introspecting.doFilter(cachedRequest, response, chain);
  }

  @Benchmark
  @Measurement(iterations = 3, time = 2)
  public void cacheMiss() throws Exception {
    String token = missTokens[next++ % MISS_POOL];
    introspecting.doFilter(bearer(token), response, chain);
  }

  @Benchmark
  public void jwtOffline() throws Exception {
    offline.doFilter(jwtRequest, response, chain);
  }
}
