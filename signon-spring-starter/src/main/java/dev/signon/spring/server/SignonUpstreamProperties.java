package dev.signon.spring.server;

import dev.signon.core.federation.Upstream;
import dev.signon.core.federation.UpstreamGrant;
import dev.signon.spring.client.ClientCredentialsProperties;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * signon.server.upstreams.one-login.auto-activate=true
 * signon.server.upstreams.one-login.email-domains=digital.example
 * signon.server.upstreams.one-login.default-organisation=digital.example
 * signon.server.upstreams.one-login.default-grants.demo-app=reporting
 * </pre>
 *
 * <p>The client authentication (client-secret, client-secret-file, private-key-file, key-id) has
 * the same shape and errors as {@code signon.client.*}'s: {@link ClientCredentialsProperties}.
 */
public class SignonUpstreamProperties extends ClientCredentialsProperties {
  /** The name on the sign-in button ("Sign in with ..."). Default: the upstream's name. */
  private @Nullable String displayName;

  /** The upstream's issuer URL. Required. */
  private @Nullable URI issuer;

  /** The host's client id at the upstream. Required. */
  private @Nullable String clientId;

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

  /**
   * The slug of the organisation the people it activates join (as the console shows it, such as
   * digital.example). Looked up at each activation; see the start-up check in docs/SPRING-HOST.md.
   */
  private @Nullable String defaultOrganisation;

  /**
   * The applications the people it activates are granted, by client id, each with its roles besides
   * signin (always given): default-grants.visits=reporting,editor. An empty list grants signin
   * alone.
   */
  private Map<String, List<String>> defaultGrants = new LinkedHashMap<>();

  /**
   * The upstream these properties describe, named {@code name}.
   *
   * @throws dev.signon.spring.client.SignonClientConfigurationException naming a credential
   *     property whose file cannot be read or holds no usable key
   * @throws RuntimeException from the upstream's builder when a value is refused
   */
  Upstream toUpstream(String name) {
    String prefix = SignonUpstreams.prefix(name);
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
    String secret = secret(prefix);
    if (secret != null) {
      b.clientSecret(secret);
    }
    if (keyFile() != null) {
      withKey(prefix, name, b::privateKey);
    }
    if (scopes != null) {
      b.scopes(scopes);
    }
    if (vtr != null) {
      b.vtr(vtr);
    }
    String organisation = defaultOrganisation;
    if (organisation != null && !organisation.isBlank()) {
      b.defaultOrganisationSlug(organisation.strip());
    }
    List<UpstreamGrant> grants = new ArrayList<>();
    defaultGrants.forEach(
        (app, roles) -> {
          Set<String> names = new LinkedHashSet<>();
          for (String role : roles) {
            if (!role.isBlank()) {
              names.add(role.strip());
            }
          }
          grants.add(new UpstreamGrant(app.strip(), names));
        });
    return b.autoActivate(autoActivate)
        .emailDomains(Set.copyOf(emailDomains))
        .requireActiveAtUpstream(requireActiveAtUpstream)
        .defaultGrants(grants)
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

  public @Nullable String getDefaultOrganisation() {
    return defaultOrganisation;
  }

  public void setDefaultOrganisation(@Nullable String defaultOrganisation) {
    this.defaultOrganisation = defaultOrganisation;
  }

  public Map<String, List<String>> getDefaultGrants() {
    return defaultGrants;
  }

  public void setDefaultGrants(Map<String, List<String>> defaultGrants) {
    this.defaultGrants = defaultGrants;
  }
}
