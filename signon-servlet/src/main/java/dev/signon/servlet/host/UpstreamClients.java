package dev.signon.servlet.host;

import dev.signon.client.ClientAuthentication;
import dev.signon.client.PendingAuthorization;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.ProviderUnavailableException;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import dev.signon.core.SignonServer;
import dev.signon.core.directory.Email;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.error.SignonRejectedException;
import dev.signon.core.federation.Upstream;
import dev.signon.core.federation.UpstreamIdentity;
import dev.signon.core.federation.UpstreamProtocol;
import dev.signon.core.oauth.HostPaths;
import java.net.URI;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The host's side of signing in through its upstreams, with one {@link SignonClient} per upstream:
 * discovery, {@code state}, {@code nonce} and PKCE, the code exchange with a client secret or
 * {@code private_key_jwt}, ID-token validation with key rotation, {@code vtr}/{@code vot} for
 * GOV.UK One Login, and for an upstream that must vouch the person is active there, its {@code
 * user_details}. {@link SignonEndpointServlet} uses it for the pages; a host that serves {@code
 * HostPages} its own way gives it to them:
 *
 * <pre>{@code
 * HostPages pages = server.pages(renderer).withUpstreamProtocol(UpstreamClients.of(server));
 * }</pre>
 */
public final class UpstreamClients implements UpstreamProtocol {
  private final Map<String, SignonClient> clients = new HashMap<>();

  private UpstreamClients(SignonServer server) {
    HostPaths paths = server.paths();
    for (Upstream u : server.upstreamArrivals().settings().upstreams()) {
      String redirectUri = paths.url(HostPaths.UPSTREAM_SIGN_IN + u.name() + "/callback");
      clients.put(u.name(), client(u, redirectUri, server.clock()));
    }
  }

  /** The clients of {@code server}'s upstreams; makes no network call. */
  public static UpstreamClients of(SignonServer server) {
    return new UpstreamClients(server);
  }

  private static SignonClient client(Upstream u, String redirectUri, java.time.Clock clock) {
    SignonClient.Builder b =
        SignonClient.builder()
            .clock(clock)
            .issuer(u.issuer().toString())
            .clientId(u.clientId())
            .redirectUri(redirectUri)
            .scopes(u.scopes());
    PrivateKey key = u.privateKey();
    String secret = u.clientSecret();
    String vtr = u.vtr();
    if (key != null && vtr != null) {
      b.oneLogin(key, Objects.requireNonNull(u.keyId())).vtr(vtr);
    } else if (key != null) {
      b.clientAuthentication(
          ClientAuthentication.privateKeyJwt(key, Objects.requireNonNull(u.keyId())));
    } else if (secret != null) {
      b.clientAuthentication(ClientAuthentication.clientSecretBasic(secret));
    } else {
      b.clientAuthentication(ClientAuthentication.none());
    }
    if (vtr != null && key == null) {
      b.vtr(vtr);
    }
    return b.build();
  }

  @Override
  public Start start(Upstream upstream, URI redirectUri) {
    SignonClient c = client(upstream);
    try {
      var request = c.authorizationRequest();
      return new Start(request.uri(), request.pending().state(), request.pending().serialize());
    } catch (ProviderUnavailableException e) {
      throw new SignonFailureException(
          "upstream_unavailable", "upstream unreachable: " + e.errorCode(), e);
    }
  }

  @Override
  public UpstreamIdentity complete(
      Upstream upstream, String kept, Map<String, String> callbackParameters) {
    SignonClient c = client(upstream);
    try {
      SignedInUser user =
          c.completeAuthorization(PendingAuthorization.parse(kept), callbackParameters);
      Boolean active = upstream.requireActiveAtUpstream() ? activeThere(c, user) : null;
      return new UpstreamIdentity(
          upstream.name(),
          URI.create(user.idToken().issuer()),
          user.subject(),
          email(user),
          Boolean.TRUE.equals(claim(user, "email_verified")),
          name(user),
          active);
    } catch (ProviderRejectedException e) {
      throw new SignonRejectedException(e.errorCode(), "upstream refused: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new SignonRejectedException("invalid_request", "unreadable pending sign-in", e);
    } catch (ProviderUnavailableException e) {
      throw new SignonFailureException(
          "upstream_unavailable", "upstream unreachable: " + e.errorCode(), e);
    }
  }

  /**
   * Whether a Signon upstream still vouches for the person: its {@code user_details} answers only
   * for an active account's live token.
   */
  private static boolean activeThere(SignonClient c, SignedInUser user) {
    try {
      c.userDetails(user.tokens().accessToken());
      return true;
    } catch (ProviderRejectedException e) {
      return false;
    } catch (IllegalStateException e) {
      throw new SignonFailureException("upstream_unavailable", "no user_details endpoint", e);
    }
  }

  private SignonClient client(Upstream upstream) {
    SignonClient c = clients.get(upstream.name());
    if (c == null) {
      throw new SignonFailureException("upstream_unavailable", "no client for " + upstream, null);
    }
    return c;
  }

  private static @Nullable Object claim(SignedInUser user, String name) {
    Object v = user.userInfo().get(name);
    return v != null ? v : user.idToken().claims().get(name);
  }

  private static @Nullable Email email(SignedInUser user) {
    try {
      return user.email().map(Email::of).orElse(null);
    } catch (InvalidInputException e) {
      return null;
    }
  }

  private static @Nullable String name(SignedInUser user) {
    if (claim(user, "name") instanceof String n && !n.isBlank()) {
      return n.length() > 255 ? n.substring(0, 255) : n;
    }
    if (claim(user, "given_name") instanceof String g
        && claim(user, "family_name") instanceof String f) {
      return (g + " " + f).strip();
    }
    return null;
  }
}
