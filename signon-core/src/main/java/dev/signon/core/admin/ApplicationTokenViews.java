package dev.signon.core.admin;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an operator reads about API users' application tokens before acting on them (superadmins
 * only): each token with its application and where it stands, an API user's application access, and
 * the tokens that expire soon. The console's manage-tokens page and the expiring-tokens list are
 * built from these; the changes themselves are {@link ApplicationTokenAdmin}'s.
 *
 * <pre>{@code
 * for (TokenView t : server.applicationTokenViews().tokensOf(me, apiUser.uid())) {
 *   show(t.application().name(), t.state(), t.token().expiresAt(), t.token().lastUsedAt());
 * }
 * }</pre>
 */
public final class ApplicationTokenViews {
  private static final String WHAT = "manage application tokens";

  private final AdminTransactions transactions;
  private final Duration rotationGrace;

  ApplicationTokenViews(AdminTransactions transactions, Duration rotationGrace) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.rotationGrace = Objects.requireNonNull(rotationGrace, "rotationGrace");
  }

  /** Where a token stands. */
  public enum State {
    /** It works. */
    ACTIVE,
    /**
     * It was rotated: it works until its successor is first used or the grace period ends, and the
     * host's housekeeping revokes it then.
     */
    ROTATING,
    /** Its expiry has passed. */
    EXPIRED,
    /** It was revoked. */
    REVOKED
  }

  /**
   * A token (never its value) with its application and where it stands.
   *
   * @param token the stored token
   * @param application its application
   * @param state where it stands now
   * @param successor the token that replaces it, when it was rotated
   * @param worksUntil for a rotating token, the latest moment it still works (the end of its
   *     successor's grace period, or its own expiry if sooner); otherwise {@code null}
   */
  public record TokenView(
      ApplicationToken token,
      Application application,
      State state,
      @Nullable ApplicationTokenId successor,
      @Nullable Instant worksUntil) {
    /** Checks the required parts. */
    public TokenView {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(application, "application");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * An API user and what they hold: the applications they may use, with their roles.
   *
   * @param apiUser the API user
   * @param access each application they hold roles on, with those roles, by application name
   */
  public record ApiUserAccess(User apiUser, List<Map.Entry<Application, List<String>>> access) {
    /** Copies the list. */
    public ApiUserAccess {
      Objects.requireNonNull(apiUser, "apiUser");
      access = List.copyOf(access);
    }
  }

  /**
   * Every API user, by name then email (superadmin only).
   *
   * @throws dev.signon.core.error.AccessDeniedException unless the actor is a superadmin
   */
  public List<User> apiUsers(Actor actor) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, WHAT);
          return c.tx.users().list().stream()
              .filter(User::apiUser)
              .sorted(
                  Comparator.comparing(User::name, String.CASE_INSENSITIVE_ORDER)
                      .thenComparing(u -> u.email().value()))
              .toList();
        });
  }

  /**
   * The API user {@code uid} and their application access (superadmin only).
   *
   * @throws NotFoundException for an unknown user or one that is not an API user
   * @throws dev.signon.core.error.AccessDeniedException unless the actor is a superadmin
   */
  public ApiUserAccess apiUser(Actor actor, UserId uid) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, WHAT);
          User u = apiUserIn(c, uid);
          List<Map.Entry<Application, List<String>>> access = new ArrayList<>();
          for (Grant g : c.tx.grants().listByGrantees(List.of(Grantee.user(uid)))) {
            c.tx
                .applications()
                .find(g.application())
                .ifPresent(a -> access.add(Map.entry(a, g.roles().stream().sorted().toList())));
          }
          access.sort(Comparator.comparing(e -> e.getKey().name(), String.CASE_INSENSITIVE_ORDER));
          return new ApiUserAccess(u, access);
        });
  }

  /**
   * Every token of the API user {@code uid}, newest first, with where each stands (superadmin
   * only).
   *
   * @throws NotFoundException for an unknown user or one that is not an API user
   * @throws dev.signon.core.error.AccessDeniedException unless the actor is a superadmin
   */
  public List<TokenView> tokensOf(Actor actor, UserId uid) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, WHAT);
          apiUserIn(c, uid);
          List<ApplicationToken> tokens = c.tx.applicationTokens().listByApiUser(uid);
          Map<ApplicationTokenId, ApplicationToken> successors = new HashMap<>();
          for (ApplicationToken t : tokens) {
            ApplicationTokenId replaced = t.replaces();
            if (replaced != null) {
              successors.put(replaced, t);
            }
          }
          List<TokenView> out = new ArrayList<>();
          for (ApplicationToken t : tokens) {
            c.tx
                .applications()
                .find(t.application())
                .ifPresent(a -> out.add(view(t, a, successors.get(t.id()), c.now)));
          }
          out.sort(Comparator.comparing((TokenView v) -> v.token().createdAt()).reversed());
          return out;
        });
  }

  /**
   * The token {@code id} of the API user {@code uid} (superadmin only).
   *
   * @throws NotFoundException for an unknown token, or one of another API user
   */
  public TokenView token(Actor actor, UserId uid, ApplicationTokenId id) {
    return tokensOf(actor, uid).stream()
        .filter(v -> v.token().id().equals(id))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("no application token " + id));
  }

  /**
   * Unrevoked tokens that expire within {@code window}, soonest first, with their API user and
   * application (superadmin only): the list an operator rotates from.
   *
   * @throws InvalidInputException if {@code window} is not positive
   * @throws dev.signon.core.error.AccessDeniedException unless the actor is a superadmin
   */
  public List<ApplicationTokenAdmin.ExpiringToken> expiringWithin(Actor actor, Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new InvalidInputException("window must be positive");
    }
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, WHAT);
          List<ApplicationTokenAdmin.ExpiringToken> out = new ArrayList<>();
          for (ApplicationToken t :
              c.tx.applicationTokens().listExpiring(c.now, c.now.plus(window))) {
            var u = c.tx.users().find(t.apiUser());
            var a = c.tx.applications().find(t.application());
            if (u.isPresent() && a.isPresent()) {
              out.add(new ApplicationTokenAdmin.ExpiringToken(t, u.get(), a.get()));
            }
          }
          out.sort(Comparator.comparing(e -> e.token().expiresAt()));
          return out;
        });
  }

  private TokenView view(
      ApplicationToken t, Application a, @Nullable ApplicationToken successor, Instant now) {
    if (t.revokedAt() != null) {
      return new TokenView(t, a, State.REVOKED, successor == null ? null : successor.id(), null);
    }
    if (!t.expiresAt().isAfter(now)) {
      return new TokenView(t, a, State.EXPIRED, successor == null ? null : successor.id(), null);
    }
    if (successor != null) {
      Instant graceEnd = successor.createdAt().plus(rotationGrace);
      Instant until = graceEnd.isBefore(t.expiresAt()) ? graceEnd : t.expiresAt();
      return new TokenView(t, a, State.ROTATING, successor.id(), until);
    }
    return new TokenView(t, a, State.ACTIVE, null, null);
  }

  private static User apiUserIn(AdminContext c, UserId uid) {
    return c.tx
        .users()
        .find(uid)
        .filter(User::apiUser)
        .orElseThrow(() -> new NotFoundException("no API user " + uid));
  }
}
