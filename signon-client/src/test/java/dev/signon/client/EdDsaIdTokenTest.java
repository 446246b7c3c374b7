package dev.signon.client;

import static dev.signon.client.Assertions2.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.signon.testing.TestProvider;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** EdDSA (Ed25519) ID tokens, which a Signon host can sign, verified without Tink. */
class EdDsaIdTokenTest {
  @RegisterExtension static WireMockExtension wm = TestProvider.server();

  private static final KeyPair ED25519 = generate();
  private static final OctetKeyPair ED25519_JWK = jwk(ED25519, "ed-1");

  private TestProvider provider;

  @BeforeEach
  void setUp() {
    provider = new TestProvider(wm).standard();
    provider.stubJwks(TestProvider.RSA, ED25519_JWK);
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The public JWK of a JDK Ed25519 key: its encoding ends with the 32-byte key (RFC 8410). */
  private static OctetKeyPair jwk(KeyPair pair, String kid) {
    byte[] encoded = pair.getPublic().getEncoded();
    byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).build();
  }

  /** Signs {@code claims} EdDSA with the JDK, as the host does. */
  private static String sign(TestProvider.Jwt claims, PrivateKey key, String kid) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(kid).build(), claims.claims());
      jwt.sign(new JdkEd25519Signer(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  private SignedInUser signIn(SignonClient client, String kid, PrivateKey key) {
    PendingAuthorization pending = client.authorizationRequest("/").pending();
    provider.stubToken(sign(provider.idToken().claim("nonce", pending.nonce()), key, kid));
    return client.completeAuthorization(
        pending, Map.of("code", "code-abc", "state", pending.state()));
  }

  @Test
  void completeWhenIdTokenSignedEdDsaThenSignedIn() {
    SignedInUser user = signIn(TestClients.client(provider).build(), "ed-1", ED25519.getPrivate());
    assertThat(user.subject()).isEqualTo(TestProvider.SUBJECT);
  }

  @Test
  void completeWhenEdDsaSignatureIsByAnotherKeyThenRejected() {
    assertThat(
            assertRejected(
                () -> signIn(TestClients.client(provider).build(), "ed-1", generate().getPrivate()),
                ProviderRejectedException.INVALID_TOKEN))
        .hasMessageContaining("bad signature");
  }

  @Test
  void completeWhenEdDsaNotAmongTheClientsAlgorithmsThenRejected() {
    SignonClient client = TestClients.client(provider).signingAlgorithms("RS256", "ES256").build();
    assertThat(
            assertRejected(
                () -> signIn(client, "ed-1", ED25519.getPrivate()),
                ProviderRejectedException.INVALID_TOKEN))
        .hasMessageContaining("refused algorithm");
  }

  /** Ed25519 through the JDK; Nimbus's own signer needs Tink. */
  private static final class JdkEd25519Signer implements JWSSigner {
    private final PrivateKey key;
    private final JCAContext jca = new JCAContext();

    JdkEd25519Signer(PrivateKey key) {
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(signingInput);
        return Base64URL.encode(s.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException(e.getMessage(), e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }
}
