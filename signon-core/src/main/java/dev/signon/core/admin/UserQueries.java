package dev.signon.core.admin;

import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.access.Grant;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.StoreTransaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The admin reads of the directory's users: search and show, each answering only about the users
 * the actor may see. Who sees whom follows GOV.UK Signon, where admins list every user though they
 * manage no superadmin:
 *
 * <ul>
 *   <li>superadmins (and the host) see everyone, API users included;
 *   <li>admins see every person;
 *   <li>super organisation admins see the people in their organisation and every one below it;
 *   <li>organisation admins see the people in their own organisation;
 *   <li>normal users, and anyone not active, may not search at all;
 *   <li>API users are seen by superadmins only; everyone sees their own account.
 * </ul>
 *
 * <p>A user the actor may not see is reported as not found, never as forbidden, so that the answer
 * does not tell whether the account exists. The search runs in memory over every stored user, which
 * suits directories of some tens of thousands; a query in the store is the next step for larger
 * ones.
 */
final class UserQueries {
  private static final Comparator<User> ORDER =
      Comparator.comparing(User::name, String.CASE_INSENSITIVE_ORDER)
          .thenComparing(User::name)
          .thenComparing(u -> u.email().value())
          .thenComparing(u -> u.uid().value());

  private final AdminTransactions transactions;

  UserQueries(AdminTransactions transactions) {
    this.transactions = transactions;
  }

  Page<UserSummary> search(Actor actor, UserSearch search) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkListUsers(c.actor);
          List<Predicate<User>> filters = filters(c, search);
          List<User> found = new ArrayList<>();
          for (User u : c.tx.users().list()) {
            if (sees(c, u) && filters.stream().allMatch(f -> f.test(u))) {
              found.add(u);
            }
          }
          found.sort(ORDER);
          Page<User> page = Page.of(found, search.page(), search.pageSize());
          List<UserSummary> items = new ArrayList<>();
          for (User u : page.items()) {
            items.add(summary(c, u));
          }
          return new Page<>(items, page.total(), page.page(), page.pageSize());
        });
  }

  UserSummary find(Actor actor, UserId uid) {
    return transactions.write(
        actor,
        c -> {
          Optional<User> found = c.tx.users().find(uid);
          boolean own = uid.equals(c.actor.uid());
          if (!own) {
            c.policy.checkListUsers(c.actor);
          }
          return found
              .filter(u -> sees(c, u))
              .map(u -> summary(c, u))
              .orElseThrow(() -> new NotFoundException("no user " + uid));
        });
  }

  private static boolean sees(AdminContext c, User target) {
    return c.policy.maySee(c.actor, target);
  }

  private static List<Predicate<User>> filters(AdminContext c, UserSearch s) {
    List<Predicate<User>> out = new ArrayList<>();
    Boolean apiUsers = s.apiUsers();
    if (apiUsers != null) {
      boolean wanted = apiUsers;
      out.add(u -> u.apiUser() == wanted);
    }
    UserRole role = s.role();
    if (role != null) {
      out.add(u -> u.role() == role);
    }
    UserStatus status = s.status();
    if (status != null) {
      out.add(u -> u.status() == status);
    }
    OrganisationId org = s.organisation();
    if (org != null) {
      if (c.graph().find(org).isEmpty()) {
        throw new InvalidInputException("no organisation " + org);
      }
      out.add(u -> u.organisation() != null && c.graph().isWithin(u.organisation(), org));
    }
    if (s.text() != null) {
      out.add(u -> s.matchesText(u.name(), u.email().value()));
    }
    String clientId = s.application();
    if (clientId != null) {
      out.add(signsInTo(c, clientId));
    }
    Boolean twoStep = s.twoStepSetUp();
    if (twoStep != null) {
      boolean wanted = twoStep;
      out.add(u -> credentials(c, u).map(UserCredentials::hasTwoStep).orElse(false) == wanted);
    }
    return out;
  }

  /**
   * Users a grant of {@code clientId} with {@code signin} reaches, directly or through a team,
   * whatever their account's status (an invited person with access is listed).
   */
  private static Predicate<User> signsInTo(AdminContext c, String clientId) {
    Application app =
        c.tx
            .applications()
            .findByClientId(clientId)
            .orElseThrow(() -> new InvalidInputException("no application " + clientId));
    List<Grant> grants = c.tx.grants().listByApplication(app.id());
    List<Team> teams = c.tx.teams().list();
    return u -> {
      User asActive = u.toBuilder().status(UserStatus.ACTIVE).build();
      // compute counts only the grants that reach this person: their own and their teams'.
      return EffectivePermissions.compute(asActive, app, teams, grants, c.graph()).canSignIn();
    };
  }

  private static Optional<UserCredentials> credentials(AdminContext c, User u) {
    return credentials(c.tx, u);
  }

  private static Optional<UserCredentials> credentials(StoreTransaction tx, User u) {
    return u.apiUser() ? Optional.empty() : tx.credentials().find(u.uid());
  }

  private static UserSummary summary(AdminContext c, User u) {
    return summary(c.tx, u, c.graph()::find);
  }

  /**
   * {@code u} as the list shows them, with their credentials read in {@code tx} and their
   * organisation looked up with {@code organisations}.
   */
  static UserSummary summary(
      StoreTransaction tx, User u, Function<OrganisationId, Optional<Organisation>> organisations) {
    Optional<UserCredentials> creds = credentials(tx, u);
    OrganisationId org = u.organisation();
    @Nullable String slug =
        org == null ? null : organisations.apply(org).map(Organisation::slug).orElse(null);
    return new UserSummary(
        u.uid(),
        u.number(),
        u.name(),
        u.email(),
        u.role(),
        org,
        slug,
        u.status(),
        u.suspensionReason(),
        u.apiUser(),
        creds.map(UserCredentials::hasTwoStep).orElse(false),
        creds.map(UserCredentials::lastSignInAt).orElse(null),
        u.createdAt());
  }
}
