package dev.signon.core.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.signon.core.application.Application;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.notify.NoticeFormats;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.TokenKind;
import dev.signon.core.token.TokenValue;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The documents notices carry: the {@code user.json} that {@code /user.json} serves, and logout
 * tokens signed with the keys and algorithm the application's ID tokens use.
 */
final class NoticeDocuments implements NoticeFormats {
  /** The event a logout token declares (OIDC Back-Channel Logout 1.0 section 2.4). */
  static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

  private final String issuer;
  private final SigningKeys keys;
  private final SecureRandom random;

  NoticeDocuments(String issuer, SigningKeys keys, SecureRandom random) {
    this.issuer = issuer;
    this.keys = keys;
    this.random = random;
  }

  @Override
  public String userJson(StoreTransaction tx, User user, Application app) {
    OrganisationId orgId = user.organisation();
    return Responses.write(
        UserJson.document(
            user,
            tx.permissions(user, app),
            orgId == null ? null : tx.organisations().find(orgId).orElse(null)));
  }

  @Override
  public String logoutToken(Application app, UserId user, @Nullable String sid, Instant now) {
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user.toString())
            .audience(app.clientId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(120)))
            .jwtID(TokenValue.mint(random, TokenKind.ACCESS_TOKEN).hash().hex().substring(0, 32))
            .claim("events", Map.of(LOGOUT_EVENT, Map.of()));
    if (sid != null) {
      c.claim("sid", sid);
    }
    return keys.sign(c.build(), app.idTokenSigningAlgorithm(), new JOSEObjectType("logout+jwt"))
        .serialize();
  }
}
