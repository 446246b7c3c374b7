package dev.signon.benchmarks.peer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Spring Authorization Server as Spring Boot's starter configures it, with what a benchmark needs
 * registered: the API client {@code api} (client_credentials), the web client {@code web}
 * (authorization code with PKCE, openid), and the user {@code joe}. Secrets are kept as SHA-256
 * hashes by an encoder that never asks for an upgrade: with {@code {noop}} the delegating encoder
 * re-encodes the client secret to bcrypt after the first request and every later request pays for
 * a bcrypt check, which is not what a tuned deployment would run.
 *
 * <p>{@code --peer.token-format=reference} issues opaque (reference) access tokens instead of the
 * default self-contained RS256 JWTs. {@code --peer.store=jdbc --spring.datasource.url=...} keeps
 * clients, authorizations and consents in a database through Spring Authorization Server's JDBC
 * services ({@link JdbcStore}); the default, {@code memory}, uses its in-memory ones.
 */
// Boot's own DataSource would need a URL in memory mode too; JdbcStore makes the pool instead.
@SpringBootApplication(
    excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
public class PeerAuthorizationServer {
  /** The API client's secret. */
  static final String CLIENT_SECRET = "bench-secret";

  /** The web client's secret (the repository refuses two clients with one secret). */
  static final String WEB_SECRET = "web-secret";

  public static void main(String[] args) {
    SpringApplication.run(PeerAuthorizationServer.class, args);
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return new Sha256PasswordEncoder();
  }

  @Bean
  @ConditionalOnProperty(name = "peer.store", havingValue = "memory", matchIfMissing = true)
  RegisteredClientRepository registeredClientRepository(
      PasswordEncoder encoder, @Value("${peer.token-format:self-contained}") String format) {
    return new InMemoryRegisteredClientRepository(clients(encoder, format));
  }

  /** The two clients, with access tokens of {@code format} (reference or self-contained). */
  static List<RegisteredClient> clients(PasswordEncoder encoder, String format) {
    TokenSettings tokens =
        TokenSettings.builder()
            .accessTokenFormat(
                "reference".equals(format)
                    ? OAuth2TokenFormat.REFERENCE
                    : OAuth2TokenFormat.SELF_CONTAINED)
            .accessTokenTimeToLive(Duration.ofMinutes(10))
            .build();
    RegisteredClient api =
        RegisteredClient.withId("api")
            .clientId("api")
            .clientSecret(encoder.encode(CLIENT_SECRET))
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .scope("read")
            .tokenSettings(tokens)
            .build();
    RegisteredClient web =
        RegisteredClient.withId("web")
            .clientId("web")
            .clientSecret(encoder.encode(WEB_SECRET))
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .redirectUri("http://127.0.0.1/cb")
            .scope("openid")
            .scope("profile")
            .clientSettings(
                ClientSettings.builder()
                    .requireProofKey(true)
                    .requireAuthorizationConsent(false)
                    .build())
            .tokenSettings(tokens)
            .build();
    return List.of(api, web);
  }

  @Bean
  UserDetailsService userDetailsService(PasswordEncoder encoder) {
    return new InMemoryUserDetailsManager(
        User.withUsername("joe").password(encoder.encode("joe-password")).roles("USER").build());
  }

  /** SHA-256 of a high-entropy secret, compared in constant time; never upgraded. */
  static final class Sha256PasswordEncoder implements PasswordEncoder {
    @Override
    public String encode(CharSequence raw) {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(raw.toString().getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
      return MessageDigest.isEqual(
          encode(raw).getBytes(StandardCharsets.US_ASCII),
          encoded.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean upgradeEncoding(String encoded) {
      return false;
    }
  }
}
