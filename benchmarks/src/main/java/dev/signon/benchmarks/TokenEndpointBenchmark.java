package dev.signon.benchmarks;

import dev.signon.core.admin.Actor;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.token.ClientSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The token endpoint's logic in-process, on the in-memory store: what a request costs the engine
 * before any HTTP. {@code clientCredentials} mints and stores one opaque token ({@code
 * clientCredentialsJwt} one RS256 JWT access token); {@code authorizationCodeFlow} runs authorize,
 * then the code exchange with PKCE (access, refresh and an RS256-signed ID token); {@code
 * introspect} looks a token up as a resource server would.
 *
 * <pre>{@code
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TokenEndpoint -t 1
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenEndpointBenchmark {
  EngineFixture host;
  ProtocolRequest clientCredentials;
  ProtocolRequest clientCredentialsJwt;
  String introspectedToken;
  String apiBasic;

  @Setup
  public void setUp() {
    host = new EngineFixture();
    ClientSecret secret = ClientSecret.mint(host.random);
    host.server
        .admin()
        .createApplication(
            Actor.host(),
            Application.builder()
                .id(host.server.admin().newApplicationId())
                .clientId("api")
                .name("API")
                .apiOnly(true)
                .clientSecretHash(secret.hash())
                .build());
    ClientSecret jwtSecret = ClientSecret.mint(host.random);
    host.server
        .admin()
        .createApplication(
            Actor.host(),
            Application.builder()
                .id(host.server.admin().newApplicationId())
                .clientId("api-jwt")
                .name("API with JWT access tokens")
                .apiOnly(true)
                .accessTokenFormat(AccessTokenFormat.JWT)
                .clientSecretHash(jwtSecret.hash())
                .build());
    clientCredentialsJwt =
        ProtocolRequest.builder("POST", URI.create("/oauth/token"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            ("api-jwt:" + jwtSecret.value().reveal())
                                .getBytes(StandardCharsets.UTF_8)))
            .formParameter("grant_type", "client_credentials")
            .build();
    apiBasic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ("api:" + secret.value().reveal()).getBytes(StandardCharsets.UTF_8));
    clientCredentials =
        ProtocolRequest.builder("POST", URI.create("/oauth/token"))
            .header("Authorization", apiBasic)
            .formParameter("grant_type", "client_credentials")
            .build();
    introspectedToken =
        EngineFixture.json(host.oauth.token(clientCredentials)).get("access_token").asString();
  }

  @Benchmark
  public ProtocolResponse clientCredentials() {
    return host.oauth.token(clientCredentials);
  }

  @Benchmark
  public ProtocolResponse clientCredentialsJwt() {
    return host.oauth.token(clientCredentialsJwt);
  }

  @Benchmark
  public ProtocolResponse authorizationCodeFlow() {
    return host.exchange(host.code());
  }

  @Benchmark
  public ProtocolResponse introspect() {
    return host.oauth.introspect(
        ProtocolRequest.builder("POST", URI.create("/oauth/introspect"))
            .header("Authorization", apiBasic)
            .formParameter("token", introspectedToken)
            .build());
  }
}
