package dev.signon.core.store;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import java.util.ArrayList;
import java.util.List;

/** The stores of each aggregate, all bound to one transaction. Valid only inside it. */
public interface StoreTransaction {
  /** Organisations and their parent links. */
  OrganisationStore organisations();

  /** Teams and their members. */
  TeamStore teams();

  /** Users and API users. */
  UserStore users();

  /** Applications and their roles and redirect URIs. */
  ApplicationStore applications();

  /** Grants of applications to teams and users. */
  GrantStore grants();

  /** The audit log. */
  AuditStore audit();

  /** Authorization codes. */
  AuthorizationCodeStore authorizationCodes();

  /** Access and refresh tokens. */
  IssuedTokenStore issuedTokens();

  /** API users' application tokens. */
  ApplicationTokenStore applicationTokens();

  /** Signing keys. */
  SigningKeyStore signingKeys();

  /** Keys that may be used once. */
  OneTimeUseStore oneTimeUses();

  /** People's passwords, TOTP secrets and sign-in attempts. */
  CredentialStore credentials();

  /** One-time links sent by email. */
  SignInLinkStore signInLinks();

  /** Browser sessions on the host. */
  HostSessionStore sessions();

  /** Counters of attempts, for throttling. */
  ThrottleStore throttle();

  /** One-time links that hand application tokens over. */
  TokenHandoverStore tokenHandovers();

  /** The outbox of notices to relying applications, and what each host session was used for. */
  NoticeStore notices();

  /** Automatic rotations of application tokens, and tokens' own rotation policies. */
  TokenRotationStore tokenRotations();

  /** The versions of the user agreement and people's acceptances of them. */
  AgreementStore agreements();

  /** Email changes waiting for the new address to confirm them. */
  EmailChangeStore emailChanges();

  /** Sign-ins to each application, counted by month. */
  SignInCountStore signInCounts();

  /** Rotated client secrets on their way to a sink. */
  ClientSecretDeliveryStore clientSecretDeliveries();

  /** Links from upstream identities to accounts. */
  UpstreamLinkStore upstreamLinks();

  /**
   * The permissions of {@code user} on {@code app}, read in this transaction: their teams, the
   * grants to them and their teams for {@code app}, and the organisation graph, put together by
   * {@link EffectivePermissions#compute}. Nothing is read for an inactive user or a retired
   * application, which have none.
   */
  default EffectivePermissions permissions(User user, Application app) {
    if (!user.isActive() || app.retired()) {
      return EffectivePermissions.none(app.id());
    }
    List<Team> teams = teams().listByMember(user.uid());
    List<Grantee> grantees = new ArrayList<>();
    grantees.add(Grantee.user(user.uid()));
    for (Team t : teams) {
      grantees.add(Grantee.team(t.id()));
    }
    List<Grant> grants = new ArrayList<>();
    for (Grant g : grants().listByGrantees(grantees)) {
      if (g.application().equals(app.id())) {
        grants.add(g);
      }
    }
    if (grants.isEmpty()) {
      return EffectivePermissions.none(app.id());
    }
    OrganisationGraph graph = OrganisationGraph.of(organisations().list());
    return EffectivePermissions.compute(user, app, teams, grants, graph);
  }
}
