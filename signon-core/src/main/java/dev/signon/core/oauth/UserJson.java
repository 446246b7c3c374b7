package dev.signon.core.oauth;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.store.StoreTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * GOV.UK Signon's {@code user.json} (the gds-sso convention): 401 unless the token's user may sign
 * in to the token's application; {@code client_id}, when given, must be that application.
 */
final class UserJson {
  private final BearerLookup bearers;

  UserJson(BearerLookup bearers) {
    this.bearers = bearers;
  }

  ProtocolResponse answer(ProtocolRequest request) {
    return bearers.answer(request, false, true, (tx, b) -> present(tx, request, b));
  }

  private static Map<String, Object> present(
      StoreTransaction tx, ProtocolRequest request, BearerLookup.Bearer b) {
    User user = b.requireUser();
    Optional<String> clientId = Params.of(request.queryParameters()).get("client_id");
    if (clientId.isPresent() && !clientId.get().equals(b.app().clientId())) {
      throw OAuthException.invalidToken("token belongs to another application");
    }
    OrganisationId orgId = user.organisation();
    record Loaded(EffectivePermissions perms, @Nullable Organisation org) {}
    Loaded loaded =
        new Loaded(
            tx.permissions(user, b.app()),
            orgId == null ? null : tx.organisations().find(orgId).orElse(null));
    if (!loaded.perms().canSignIn()) {
      throw OAuthException.invalidToken("user cannot sign in to " + b.app().clientId());
    }
    return document(user, loaded.perms(), loaded.org());
  }

  /**
   * The {@code user.json} document of {@code user} with {@code perms}: what {@code /user.json}
   * answers and what a gds-sso user update push carries.
   */
  static Map<String, Object> document(
      User user, EffectivePermissions perms, @Nullable Organisation org) {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("uid", user.uid().toString());
    u.put("name", user.name());
    u.put("email", user.email().value());
    u.put("permissions", new ArrayList<>(new TreeSet<>(perms.roles())));
    u.put("organisation_slug", org == null ? null : org.slug());
    u.put("organisation_content_id", org == null ? null : org.contentId().toString());
    u.put("disabled", user.status() == UserStatus.SUSPENDED);
    return Map.of("user", u);
  }
}
