package dev.signon.core.federation;

import dev.signon.core.directory.OrganisationId;
import java.net.URI;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One upstream OpenID Provider a host signs people in through, and its rules: how the host
 * authenticates to it (a client secret, or a private key for {@code private_key_jwt} as GOV.UK One
 * Login wants), which scopes and {@code vtr} it asks for, and whether it is trusted to activate the
 * people it sends (an email-domain allow-list, for a Signon upstream that the person is active
 * there, a default organisation and grants).
 *
 * <p>The host's redirect URI at the upstream is {@code {issuer}/sign-in/upstream/{name}/callback}.
 *
 * <pre>{@code
 * Upstream oneLogin = Upstream.builder()
 *     .name("one-login")
 *     .displayName("GOV.UK One Login")
 *     .issuer(URI.create("https://oidc.integration.account.gov.uk/"))
 *     .clientId("my-client-id")
 *     .privateKey(privateKey, "my-key-id")
 *     .scopes("openid", "email")
 *     .vtr("Cl.Cm")
 *     .build();
 * }</pre>
 */
public final class Upstream {
  private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9.-]{1,253}");

  private final String name;
  private final String displayName;
  private final URI issuer;
  private final String clientId;
  private final @Nullable String clientSecret;
  private final @Nullable PrivateKey privateKey;
  private final @Nullable String keyId;
  private final List<String> scopes;
  private final @Nullable String vtr;
  private final boolean autoActivate;
  private final Set<String> emailDomains;
  private final boolean requireActiveAtUpstream;
  private final @Nullable OrganisationId defaultOrganisation;
  private final @Nullable String defaultOrganisationSlug;
  private final List<UpstreamGrant> defaultGrants;

  private Upstream(Builder b, String name, URI issuer, String clientId) {
    this.name = name;
    this.displayName = b.displayName == null ? name : b.displayName;
    this.issuer = issuer;
    this.clientId = clientId;
    this.clientSecret = b.clientSecret;
    this.privateKey = b.privateKey;
    this.keyId = b.keyId;
    this.scopes = List.copyOf(b.scopes);
    this.vtr = b.vtr;
    this.autoActivate = b.autoActivate;
    this.emailDomains = Set.copyOf(b.emailDomains);
    this.requireActiveAtUpstream = b.requireActiveAtUpstream;
    this.defaultOrganisation = b.defaultOrganisation;
    this.defaultOrganisationSlug = b.defaultOrganisationSlug;
    this.defaultGrants = List.copyOf(b.defaultGrants);
  }

  /** A builder; {@code name}, {@code issuer} and {@code clientId} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The upstream's name in the host's paths, such as {@code one-login}. */
  public String name() {
    return name;
  }

  /** The name people know it by, on the sign-in button ("Sign in with GOV.UK One Login"). */
  public String displayName() {
    return displayName;
  }

  /** The upstream's issuer identifier. */
  public URI issuer() {
    return issuer;
  }

  /** The host's client id at the upstream. */
  public String clientId() {
    return clientId;
  }

  /** The client secret, or null when the host authenticates with a private key. */
  public @Nullable String clientSecret() {
    return clientSecret;
  }

  /** The private key for {@code private_key_jwt}, or null when a secret is used. */
  public @Nullable PrivateKey privateKey() {
    return privateKey;
  }

  /** The {@code kid} the upstream knows the private key's public half by, or null. */
  public @Nullable String keyId() {
    return keyId;
  }

  /** The scopes asked for ({@code openid} first). */
  public List<String> scopes() {
    return scopes;
  }

  /** The vector of trust asked for (GOV.UK One Login's {@code vtr}), or null. */
  public @Nullable String vtr() {
    return vtr;
  }

  /** Whether the upstream is trusted to activate the new people it sends, when its rules hold. */
  public boolean autoActivate() {
    return autoActivate;
  }

  /** The email domains whose people it may activate; empty means any domain. */
  public Set<String> emailDomains() {
    return emailDomains;
  }

  /**
   * Whether the person must be active at the upstream (another Signon host, whose {@code
   * user_details} says so) to be let in or activated.
   */
  public boolean requireActiveAtUpstream() {
    return requireActiveAtUpstream;
  }

  /** The organisation of the people it activates, or null. */
  public @Nullable OrganisationId defaultOrganisation() {
    return defaultOrganisation;
  }

  /**
   * The slug of the organisation of the people it activates, looked up when it activates someone
   * (so the organisation may be created after the host starts), or null.
   */
  public @Nullable String defaultOrganisationSlug() {
    return defaultOrganisationSlug;
  }

  /** The grants given to the people it activates. */
  public List<UpstreamGrant> defaultGrants() {
    return defaultGrants;
  }

  /** The host's redirect URI at this upstream, below the issuer's base URL. */
  public String callbackPath() {
    return "/sign-in/upstream/" + name + "/callback";
  }

  /** True when the email's domain is on the allow-list, or the list is empty. */
  boolean allowsDomainOf(String email) {
    if (emailDomains.isEmpty()) {
      return true;
    }
    int at = email.lastIndexOf('@');
    return at >= 0 && emailDomains.contains(email.substring(at + 1).toLowerCase(Locale.ROOT));
  }

  /** Names the upstream without its secrets. */
  @Override
  public String toString() {
    return "Upstream[name="
        + name
        + ", issuer="
        + issuer
        + ", clientId="
        + clientId
        + ", authentication="
        + (privateKey != null ? "private_key_jwt" : clientSecret != null ? "secret ██" : "none")
        + ", autoActivate="
        + autoActivate
        + "]";
  }

  /** Builds an {@link Upstream}. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String displayName;
    private @Nullable URI issuer;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable PrivateKey privateKey;
    private @Nullable String keyId;
    private List<String> scopes = List.of("openid", "email", "profile");
    private @Nullable String vtr;
    private boolean autoActivate;
    private Set<String> emailDomains = Set.of();
    private boolean requireActiveAtUpstream;
    private @Nullable OrganisationId defaultOrganisation;
    private @Nullable String defaultOrganisationSlug;
    private List<UpstreamGrant> defaultGrants = List.of();

    private Builder() {}

    /**
     * Sets the name used in the host's paths: lower-case letters, digits and hyphens.
     *
     * @throws IllegalArgumentException if it is not
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "upstream name must be lower-case letters, digits and hyphens: " + name);
      }
      this.name = name;
      return this;
    }

    /** Sets the name shown on the sign-in button (default: the name). */
    public Builder displayName(String displayName) {
      Objects.requireNonNull(displayName, "displayName");
      if (displayName.isBlank() || displayName.length() > 100) {
        throw new IllegalArgumentException("displayName must be 1 to 100 characters");
      }
      this.displayName = displayName.strip();
      return this;
    }

    /**
     * Sets the upstream's issuer identifier, an absolute {@code http(s)} URL.
     *
     * @throws IllegalArgumentException if it is not
     */
    public Builder issuer(URI issuer) {
      Objects.requireNonNull(issuer, "issuer");
      if (!issuer.isAbsolute()
          || !("https".equals(issuer.getScheme()) || "http".equals(issuer.getScheme()))) {
        throw new IllegalArgumentException("upstream issuer must be an http(s) URL: " + issuer);
      }
      this.issuer = issuer;
      return this;
    }

    /** Sets the host's client id at the upstream. */
    public Builder clientId(String clientId) {
      Objects.requireNonNull(clientId, "clientId");
      if (clientId.isBlank()) {
        throw new IllegalArgumentException("clientId must not be blank");
      }
      this.clientId = clientId;
      return this;
    }

    /** Authenticates to the upstream's token endpoint with a client secret. */
    public Builder clientSecret(String clientSecret) {
      Objects.requireNonNull(clientSecret, "clientSecret");
      if (clientSecret.isEmpty()) {
        throw new IllegalArgumentException("clientSecret must not be empty");
      }
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * Authenticates to the upstream's token endpoint with {@code private_key_jwt} (RFC 7523),
     * signing with {@code privateKey} under the key id {@code keyId}.
     */
    public Builder privateKey(PrivateKey privateKey, String keyId) {
      this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
      this.keyId = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    /**
     * Authenticates with {@code private_key_jwt} using a PKCS#8 PEM private key ({@code -----BEGIN
     * PRIVATE KEY-----}), EC P-256 or RSA, as GOV.UK One Login's set-up makes with {@code openssl}.
     *
     * @throws IllegalArgumentException if the text is not such a key
     */
    public Builder privateKeyPem(String pem, String keyId) {
      Objects.requireNonNull(pem, "pem");
      String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
      byte[] der;
      try {
        der = java.util.Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("private key is not PKCS#8 PEM", e);
      }
      java.security.spec.PKCS8EncodedKeySpec spec = new java.security.spec.PKCS8EncodedKeySpec(der);
      for (String alg : List.of("EC", "RSA")) {
        try {
          return privateKey(java.security.KeyFactory.getInstance(alg).generatePrivate(spec), keyId);
        } catch (java.security.GeneralSecurityException e) {
          // not this algorithm: try the next
        }
      }
      throw new IllegalArgumentException("private key is neither an EC nor an RSA PKCS#8 key");
    }

    /**
     * Sets the scopes (default {@code openid email profile}); {@code openid} is added if absent.
     */
    public Builder scopes(List<String> scopes) {
      LinkedHashSet<String> s = new LinkedHashSet<>();
      s.add("openid");
      for (String scope : Objects.requireNonNull(scopes, "scopes")) {
        if (scope.isBlank() || scope.contains(" ")) {
          throw new IllegalArgumentException("a scope must be one word: " + scope);
        }
        s.add(scope);
      }
      this.scopes = new ArrayList<>(s);
      return this;
    }

    /** Sets the scopes; see {@link #scopes(List)}. */
    public Builder scopes(String... scopes) {
      return scopes(List.of(scopes));
    }

    /** Sets the vector of trust to ask for, such as {@code Cl.Cm} for GOV.UK One Login. */
    public Builder vtr(String vtr) {
      Objects.requireNonNull(vtr, "vtr");
      if (vtr.isBlank()) {
        throw new IllegalArgumentException("vtr must not be blank");
      }
      this.vtr = vtr;
      return this;
    }

    /**
     * Trusts the upstream to activate the new people it sends when its rules hold (default off).
     */
    public Builder autoActivate(boolean autoActivate) {
      this.autoActivate = autoActivate;
      return this;
    }

    /** Allows activation only for these email domains (default: any domain). */
    public Builder emailDomains(Set<String> domains) {
      Set<String> out = new LinkedHashSet<>();
      for (String d : Objects.requireNonNull(domains, "domains")) {
        String v = d.strip().toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(v).matches()) {
          throw new IllegalArgumentException("not an email domain: " + d);
        }
        out.add(v);
      }
      this.emailDomains = out;
      return this;
    }

    /**
     * For another Signon host as upstream: lets in and activates only people its {@code
     * user_details} says are active there (default off).
     */
    public Builder requireActiveAtUpstream(boolean require) {
      this.requireActiveAtUpstream = require;
      return this;
    }

    /** Sets the organisation of the people it activates. */
    public Builder defaultOrganisation(OrganisationId organisation) {
      this.defaultOrganisation = Objects.requireNonNull(organisation, "organisation");
      return this;
    }

    /**
     * Sets the organisation of the people it activates by its slug, looked up at each activation:
     * for a host whose organisations are created after it starts. An activation while no
     * organisation has that slug leaves the person pending.
     *
     * @throws dev.signon.core.error.InvalidInputException if it is not an organisation slug
     */
    public Builder defaultOrganisationSlug(String slug) {
      this.defaultOrganisationSlug =
          dev.signon.core.directory.Organisation.checkSlug(Objects.requireNonNull(slug, "slug"));
      return this;
    }

    /** Sets the grants given to the people it activates. */
    public Builder defaultGrants(List<UpstreamGrant> grants) {
      this.defaultGrants = List.copyOf(Objects.requireNonNull(grants, "grants"));
      return this;
    }

    /**
     * Builds the upstream.
     *
     * @throws IllegalStateException naming a missing setting, or when both a secret and a key are
     *     set
     */
    public Upstream build() {
      if (name == null) {
        throw new IllegalStateException("upstream name required");
      }
      if (issuer == null) {
        throw new IllegalStateException("upstream issuer required");
      }
      if (clientId == null) {
        throw new IllegalStateException("upstream clientId required");
      }
      if (clientSecret != null && privateKey != null) {
        throw new IllegalStateException(
            "upstream takes a client secret or a private key, not both");
      }
      if (!autoActivate
          && (!emailDomains.isEmpty()
              || defaultOrganisation != null
              || defaultOrganisationSlug != null)) {
        // Rules of activation on an upstream that activates nobody would be silently ignored.
        throw new IllegalStateException(
            "emailDomains and defaultOrganisation need autoActivate(true)");
      }
      if (defaultOrganisation != null && defaultOrganisationSlug != null) {
        throw new IllegalStateException(
            "upstream takes a defaultOrganisation or a defaultOrganisationSlug, not both");
      }
      return new Upstream(this, name, issuer, clientId);
    }
  }
}
