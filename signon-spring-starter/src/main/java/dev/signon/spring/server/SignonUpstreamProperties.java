package dev.signon.spring.server;

import dev.signon.core.federation.Upstream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One {@code signon.server.upstreams.<name>.*} entry: an upstream OpenID Provider the host signs
 * people in through (GOV.UK One Login, another Signon host, any standard provider). The name is the
 * one in the host's redirect URI there, {@code {issuer}/sign-in/upstream/<name>/callback}.
 *
 * <pre>
 * signon.server.upstreams.one-login.display-name=GOV.UK One Login
 * signon.server.upstreams.one-login.issuer=https://oidc.integration.account.gov.uk/
 * signon.server.upstreams.one-login.client-id=abc123
 * signon.server.upstreams.one-login.private-key-file=/run/secrets/one-login.pem
 * signon.server.upstreams.one-login.scopes=openid,email
 * signon.server.upstreams.one-login.vtr=Cl.Cm
 * </pre>
 */
public class SignonUpstreamProperties {
  /** The name on the sign-in button ("Sign in with ..."). Default: the upstream's name. */
  private @Nullable String displayName;

  /** The upstream's issuer URL. Required. */
  private @Nullable URI issuer;

  /** The host's client id at the upstream. Required. */
  private @Nullable String clientId;

  /** The client secret, for client_secret_basic. Prefer client-secret-file. */
  private @Nullable String clientSecret;

  /** A file holding the client secret (trailing white space ignored). */
  private @Nullable Path clientSecretFile;

  /** A PKCS#8 PEM private key file, for private_key_jwt (GOV.UK One Login). */
  private @Nullable Path privateKeyFile;

  /** The key id the upstream knows the private key by. Default: the upstream's name. */
  private @Nullable String keyId;

  /** The scopes to ask for. Default: openid, email, profile. */
  private @Nullable List<String> scopes;

  /** The vector of trust to ask for, such as Cl.Cm for GOV.UK One Login. Default: none. */
  private @Nullable String vtr;

  /** Activate the new people this upstream sends when its rules hold. Default: false. */
  private boolean autoActivate;

  /** The email domains whose people it may activate. Default: any. */
  private List<String> emailDomains = new ArrayList<>();

  /** For another Signon host: let in only people its user_details says are active. */
  private boolean requireActiveAtUpstream;

  /** The upstream these properties describe, named {@code name}. */
  Upstream toUpstream(String name) throws IOException {
    Upstream.Builder b = Upstream.builder().name(name);
    if (displayName != null) {
      b.displayName(displayName);
    }
    if (issuer != null) {
      b.issuer(issuer);
    }
    if (clientId != null) {
      b.clientId(clientId);
    }
    String secret = clientSecret;
    if (clientSecretFile != null) {
      secret = Files.readString(clientSecretFile, StandardCharsets.UTF_8).strip();
    }
    if (secret != null) {
      b.clientSecret(secret);
    }
    if (privateKeyFile != null) {
      String pem = Files.readString(privateKeyFile, StandardCharsets.UTF_8);
      b.privateKeyPem(pem, keyId == null ? name : keyId);
    }
    if (scopes != null) {
      b.scopes(scopes);
    }
    if (vtr != null) {
      b.vtr(vtr);
    }
    return b.autoActivate(autoActivate)
        .emailDomains(Set.copyOf(emailDomains))
        .requireActiveAtUpstream(requireActiveAtUpstream)
        .build();
  }

  public @Nullable String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(@Nullable String displayName) {
    this.displayName = displayName;
  }

  public @Nullable URI getIssuer() {
    return issuer;
  }

  public void setIssuer(@Nullable URI issuer) {
    this.issuer = issuer;
  }

  public @Nullable String getClientId() {
    return clientId;
  }

  public void setClientId(@Nullable String clientId) {
    this.clientId = clientId;
  }

  public @Nullable String getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(@Nullable String clientSecret) {
    this.clientSecret = clientSecret;
  }

  public @Nullable Path getClientSecretFile() {
    return clientSecretFile;
  }

  public void setClientSecretFile(@Nullable Path clientSecretFile) {
    this.clientSecretFile = clientSecretFile;
  }

  public @Nullable Path getPrivateKeyFile() {
    return privateKeyFile;
  }

  public void setPrivateKeyFile(@Nullable Path privateKeyFile) {
    this.privateKeyFile = privateKeyFile;
  }

  public @Nullable String getKeyId() {
    return keyId;
  }

  public void setKeyId(@Nullable String keyId) {
    this.keyId = keyId;
  }

  public @Nullable List<String> getScopes() {
    return scopes;
  }

  public void setScopes(@Nullable List<String> scopes) {
    this.scopes = scopes;
  }

  public @Nullable String getVtr() {
    return vtr;
  }

  public void setVtr(@Nullable String vtr) {
    this.vtr = vtr;
  }

  public boolean isAutoActivate() {
    return autoActivate;
  }

  public void setAutoActivate(boolean autoActivate) {
    this.autoActivate = autoActivate;
  }

  public List<String> getEmailDomains() {
    return emailDomains;
  }

  public void setEmailDomains(List<String> emailDomains) {
    this.emailDomains = emailDomains;
  }

  public boolean isRequireActiveAtUpstream() {
    return requireActiveAtUpstream;
  }

  public void setRequireActiveAtUpstream(boolean requireActiveAtUpstream) {
    this.requireActiveAtUpstream = requireActiveAtUpstream;
  }
}
