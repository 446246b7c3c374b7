package dev.signon.core.oauth;

import dev.signon.core.error.TooManyRequestsException;
import dev.signon.core.store.Isolation;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.throttle.Throttle;
import dev.signon.core.throttle.ThrottledAction;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint (RFC 6749 section 3.2): authenticates the client, then hands the request to
 * the {@link Grant} its {@code grant_type} names. Every answer is {@code Cache-Control: no-store}.
 *
 * <p>Failed client authentications are counted per client address and per client id presented; over
 * a {@link dev.signon.core.throttle.ThrottleSettings limit} the endpoint answers 429 with {@code
 * Retry-After} and {@code {"error":"temporarily_unavailable"}} before checking the credentials. The
 * code is the one RFC 6749 (section 4.1.2.1) registers for "try again later", not {@code
 * invalid_client}, which would tell a client with the right credentials that they are wrong.
 * Successful authentications are not counted, so a busy relying app is never throttled; the check
 * is a read, so parallel failures may pass a limit by as many as run at once. A {@code
 * client_credentials} request for an opaque token is one transaction: authentication and the
 * token's insert, which on the JDBC store carries the throttle check, one round trip in all.
 */
final class TokenEndpoint {
  private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);

  private final SignonStore store;
  private final Clock clock;
  private final ClientAuthenticator clients;
  private final Map<String, Grant> grants;
  private final String basicChallenge;
  private final Throttle throttle;

  /**
   * @param grants each grant by its {@code grant_type}
   */
  TokenEndpoint(
      SignonStore store,
      Clock clock,
      ClientAuthenticator clients,
      Map<String, Grant> grants,
      String issuer,
      Throttle throttle) {
    this.throttle = throttle;
    this.store = store;
    this.clock = clock;
    this.clients = clients;
    this.grants = Map.copyOf(grants);
    this.basicChallenge = "Basic realm=\"" + issuer + "\"";
  }

  ProtocolResponse token(ProtocolRequest request) {
    try {
      Params form = ClientAuthenticator.postForm(request, "the token endpoint takes POST");
      Instant now = clock.instant();
      Grant.InOneTransaction one = inOneTransaction(form);
      if (one != null) {
        OneTransaction done =
            authenticated(
                request,
                form,
                now,
                (tx, client) -> new OneTransaction(client, one.exchange(tx, form, client, now)));
        GrantOutcome outcome = done.outcome();
        return outcome != null ? outcome.answer() : one.exchange(form, done.client(), now);
      }
      ClientAuthenticator.Client client =
          authenticated(request, form, now, (tx, authenticated) -> authenticated);
      String type = form.require("grant_type");
      Grant grant = grants.get(type);
      if (grant == null) {
        throw new OAuthException("unsupported_grant_type", 400, "grant_type " + type);
      }
      return grant.exchange(form, client, now);
    } catch (TooManyRequestsException e) {
      log.debug("token request refused: {}", e.getMessage());
      return tooManyRequests(e);
    } catch (OAuthException e) {
      log.debug("token request refused: {}", e.getMessage());
      ProtocolResponse r = Responses.error(e);
      if (e.status() == 401 && request.header("Authorization").isPresent()) {
        r = r.withHeader("WWW-Authenticate", basicChallenge);
      }
      return r;
    }
  }

  /** The client authenticated and, unless the grant must run after, what the grant decided. */
  private record OneTransaction(
      ClientAuthenticator.Client client, @Nullable GrantOutcome outcome) {}

  /**
   * The grant of {@code form}'s {@code grant_type} when it runs in the authenticating transaction;
   * null for the others, and when the parameter is missing, repeated or unknown (refused after
   * authentication, as before any grant).
   */
  private Grant.@Nullable InOneTransaction inOneTransaction(Params form) {
    try {
      return form.get("grant_type").map(grants::get).orElse(null)
              instanceof Grant.InOneTransaction one
          ? one
          : null;
    } catch (OAuthException e) {
      return null;
    }
  }

  /**
   * Authenticates the client, then runs {@code then} in the same transaction; checks the throttle
   * first and counts a failed authentication. The store may evaluate the throttle check with the
   * transaction's token insert or when it ends (see {@link Throttle#check}): either way a throttled
   * client gets the refusal, not what {@code then} would have answered.
   */
  private <T> T authenticated(
      ProtocolRequest request,
      Params form,
      Instant now,
      BiFunction<StoreTransaction, ClientAuthenticator.Client, T> then) {
    String address = request.remoteAddress();
    String clientId = ClientAuthenticator.presentedClientId(request, form);
    ThrottledAction action = ThrottledAction.CLIENT_AUTHENTICATION;
    try {
      // Read committed: reads, and then at most a token's insert (Grant.InOneTransaction). A
      // client's own assertion (private_key_jwt) is spent by an insert whose unique key admits one
      // of concurrent uses at any isolation.
      return store.transaction(
          Isolation.READ_COMMITTED,
          tx -> {
            throttle.check(tx, action, address, clientId, now);
            return then.apply(tx, clients.authenticate(request, form, tx, now));
          });
    } catch (OAuthException e) {
      if (e.errorCode().equals("invalid_client")) {
        // Read committed: the counter is raised by one UPDATE on the latest committed row.
        store.transaction(
            Isolation.READ_COMMITTED,
            tx -> {
              throttle.failed(tx, action, address, clientId, now);
              return null;
            });
      }
      throw e;
    }
  }

  /** 429 with {@code Retry-After} and the OAuth error {@code temporarily_unavailable}. */
  static ProtocolResponse tooManyRequests(TooManyRequestsException e) {
    return Responses.error(new OAuthException("temporarily_unavailable", 429, "throttled"))
        .withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
  }
}
