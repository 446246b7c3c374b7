package dev.signon.core.metrics;

import dev.signon.core.SignonServer;
import dev.signon.core.admin.Actor;
import dev.signon.core.application.Application;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.KeyEncryptionKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A host's life without Micrometer: run by {@link MicrometerOptionalTest} in a class loader that
 * has no Micrometer class, so it may use nothing but the engine and its required dependencies.
 */
public final class NoMicrometerProbe {
  private NoMicrometerProbe() {}

  /**
   * Builds a host, issues a client_credentials token, and says what the token endpoint answered.
   */
  public static String run() {
    SecureRandom random = new SecureRandom();
    try (SignonServer server =
        SignonServer.builder()
            .issuer(URI.create("https://signon.example.gov.uk"))
            .store(new InMemorySignonStore())
            .keyEncryptionKey(KeyEncryptionKey.generate(random))
            .random(random)
            .build()) {
      ClientSecret secret = ClientSecret.mint(random);
      server
          .admin()
          .createApplication(
              Actor.host(),
              Application.builder()
                  .id(server.admin().newApplicationId())
                  .clientId("reports")
                  .name("Reports")
                  .apiOnly(true)
                  .clientSecretHash(secret.hash())
                  .build());
      String basic =
          Base64.getEncoder()
              .encodeToString(
                  ("reports:" + secret.value().reveal()).getBytes(StandardCharsets.UTF_8));
      ProtocolResponse r =
          server
              .authorizationServer()
              .token(
                  ProtocolRequest.builder("POST", URI.create("/oauth/token"))
                      .header("Authorization", "Basic " + basic)
                      .formParameter("grant_type", "client_credentials")
                      .build());
      server.tokenRotations().health();
      server.housekeeping().run();
      return r.status() + " " + (r.body().contains("\"access_token\"") ? "token" : r.body());
    }
  }
}
