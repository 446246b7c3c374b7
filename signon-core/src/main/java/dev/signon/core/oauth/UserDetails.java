package dev.signon.core.oauth;

import static dev.signon.core.oauth.Responses.orderedMap;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.application.Role;
import dev.signon.core.directory.User;
import dev.signon.core.store.StoreTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * MoJ Sign On's {@code user_details}: the person and their roles for the calling application, in
 * exactly the shape MoJ's apps parse. {@code id} is the person's integer number (MoJ's database
 * id), not the uid; {@code roles} are the application's own roles: {@code signin}, which only says
 * the person has access, is GOV.UK Signon's and stays in {@code user.json}.
 */
final class UserDetails {
  private final BearerLookup bearers;
  private final IssuerUrls urls;

  UserDetails(BearerLookup bearers, IssuerUrls urls) {
    this.bearers = bearers;
    this.urls = urls;
  }

  ProtocolResponse answer(ProtocolRequest request) {
    return bearers.answer(request, false, true, this::present);
  }

  private Map<String, Object> present(StoreTransaction tx, BearerLookup.Bearer b) {
    User user = b.requireUser();
    EffectivePermissions perms = tx.permissions(user, b.app());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", Objects.requireNonNull(user.number(), "a stored user has a number"));
    m.put("email", user.email().value());
    m.put("first_name", user.firstName());
    m.put("last_name", user.lastName());
    List<Map<String, Object>> permissions = new ArrayList<>();
    for (EffectivePermissions.OrganisationRoles o : perms.byOrganisation()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("organisation", o.organisation());
      e.put("roles", o.roles().stream().filter(r -> !r.equals(Role.SIGNIN)).toList());
      permissions.add(e);
    }
    m.put("permissions", permissions);
    m.put(
        "links",
        orderedMap(
            "profile",
            urls.endpoint(urls.paths().profile()),
            "logout",
            urls.endpoint(urls.paths().signOut())));
    return m;
  }
}
