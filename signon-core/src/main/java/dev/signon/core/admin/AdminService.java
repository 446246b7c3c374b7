// Over 600 lines for now: the one front of every admin operation on the directory (organisations,
// teams, users, applications, grants, transfer), each a short transaction over the shared context
// below that loads the actor, checks the policy and audits. Splitting it by aggregate behind this
// front, keeping the methods hosts call, is the next step.
package dev.signon.core.admin;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.access.Permissions;
import dev.signon.core.account.AccountEvents;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationGraph;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.internal.Checks;
import dev.signon.core.internal.Ids;
import dev.signon.core.signin.Origin;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.transfer.DirectoryTransfer;
import dev.signon.core.transfer.ImportReport;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every admin operation on the directory. Each one loads the acting user, checks the {@link
 * AdminPolicy}, changes the store in one transaction, and writes an audit event in that same
 * transaction, so a refused or failed operation leaves no trace but its exception.
 *
 * <pre>{@code
 * AdminService admin = server.admin();
 * Actor me = Actor.user(myUid, ip, userAgent);
 * User joe = admin.createUser(me, NewUser.of("Joe Bloggs", Email.of("joe@example.com"))
 *     .inOrganisation(digital.id()));
 * admin.grant(me, app.id(), Grantee.user(joe.uid()), Set.of("signin", "editor"));
 * admin.suspend(me, joe.uid(), "left the department");
 * }</pre>
 *
 * <p>Every method throws {@link dev.signon.core.error.AccessDeniedException} when the policy
 * refuses, {@link NotFoundException} for an unknown id, {@link InvalidInputException} for a value
 * that breaks a rule, and {@link dev.signon.core.error.ConflictException} when an email, slug or
 * client id is taken (also when a concurrent change took it first).
 */
public final class AdminService {
  private static final UserId HOST = new UserId(new UUID(0, 0));

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final DirectoryTransfer transfer;

  private final AccountEvents events;

  AdminService(SignonStore store, Clock clock, SecureRandom random, AccountEvents events) {
    this.events = Objects.requireNonNull(events, "events");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.transfer = DirectoryTransfer.builder().store(store).clock(clock).random(random).build();
  }

  // ---------------------------------------------------------------- organisations

  /** Creates an organisation under the given parents (superadmin only). */
  public Organisation createOrganisation(
      Actor actor, String slug, String name, Set<OrganisationId> parents) {
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "create organisations");
          for (OrganisationId p : parents) {
            organisation(c.tx, p);
          }
          Organisation o =
              Organisation.builder()
                  .id(new OrganisationId(uuid()))
                  .slug(slug)
                  .name(name)
                  .contentId(uuid())
                  .parents(parents)
                  .build();
          c.tx.organisations().insert(o);
          c.audit(AuditEventType.ORGANISATION_CREATED, null, null, o.id().toString(), o.slug());
          return o;
        });
  }

  /**
   * Makes sure the dotted path names a chain of organisations, creating or linking each link:
   * {@code pentonville.prisons.noms.moj} ensures {@code moj}, {@code noms.moj} under it, {@code
   * prisons.noms.moj} under that, and {@code pentonville.prisons.noms.moj} at the bottom, which it
   * returns. An existing organisation gains the next one as a parent if it lacks it (superadmin
   * only).
   */
  public Organisation ensureOrganisationPath(Actor actor, String dottedPath) {
    Organisation.checkSlug(dottedPath);
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "create organisations");
          String[] parts = dottedPath.split("\\.");
          Organisation parent = null;
          for (int i = parts.length - 1; i >= 0; i--) {
            String slug = String.join(".", List.of(parts).subList(i, parts.length));
            Optional<Organisation> found = c.tx.organisations().findBySlug(slug);
            Organisation o;
            if (found.isEmpty()) {
              o =
                  Organisation.builder()
                      .id(new OrganisationId(uuid()))
                      .slug(slug)
                      .name(parts[i])
                      .contentId(uuid())
                      .parents(parent == null ? Set.of() : Set.of(parent.id()))
                      .build();
              c.tx.organisations().insert(o);
              c.audit(AuditEventType.ORGANISATION_CREATED, null, null, o.id().toString(), slug);
              c.invalidateGraph();
            } else {
              o = found.get();
              if (parent != null && !o.parents().contains(parent.id())) {
                o = link(c, o, parent);
              }
            }
            parent = o;
          }
          return Objects.requireNonNull(parent, "path");
        });
  }

  /** Adds {@code parent} as a parent of {@code child}, refusing a cycle (superadmin only). */
  public Organisation linkOrganisation(Actor actor, OrganisationId child, OrganisationId parent) {
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "edit organisations");
          Organisation o = organisation(c.tx, child);
          Organisation p = organisation(c.tx, parent);
          return o.parents().contains(parent) ? o : link(c, o, p);
        });
  }

  /** Removes {@code parent} from the parents of {@code child} (superadmin only). */
  public Organisation unlinkOrganisation(Actor actor, OrganisationId child, OrganisationId parent) {
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "edit organisations");
          Organisation o = organisation(c.tx, child);
          if (!o.parents().contains(parent)) {
            return o;
          }
          Set<OrganisationId> parents = new HashSet<>(o.parents());
          parents.remove(parent);
          Organisation changed = o.toBuilder().parents(parents).build();
          c.tx.organisations().update(changed);
          c.audit(
              AuditEventType.ORGANISATION_UNLINKED,
              null,
              null,
              o.id().toString(),
              "from " + parent);
          return changed;
        });
  }

  /** Changes an organisation's name and two-step rule (superadmin only). */
  public Organisation updateOrganisation(
      Actor actor, OrganisationId id, String name, boolean twoStepMandated) {
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "edit organisations");
          Organisation o = organisation(c.tx, id);
          Organisation changed = o.toBuilder().name(name).twoStepMandated(twoStepMandated).build();
          c.tx.organisations().update(changed);
          c.audit(AuditEventType.ORGANISATION_UPDATED, null, null, id.toString(), o.slug());
          return changed;
        });
  }

  private Organisation link(Ctx c, Organisation child, Organisation parent) {
    c.graph().checkCanLink(child.id(), parent.id());
    Set<OrganisationId> parents = new HashSet<>(child.parents());
    parents.add(parent.id());
    Organisation changed = child.toBuilder().parents(parents).build();
    c.tx.organisations().update(changed);
    c.audit(
        AuditEventType.ORGANISATION_LINKED,
        null,
        null,
        child.id().toString(),
        child.slug() + " under " + parent.slug());
    c.invalidateGraph();
    return changed;
  }

  // ---------------------------------------------------------------- teams

  /** Creates an empty team in an organisation (superadmin only). */
  public Team createTeam(Actor actor, String name, OrganisationId organisation) {
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "create teams");
          organisation(c.tx, organisation);
          Team t =
              Team.builder().id(new TeamId(uuid())).name(name).organisation(organisation).build();
          c.tx.teams().insert(t);
          c.audit(AuditEventType.TEAM_CREATED, null, null, t.id().toString(), name);
          return t;
        });
  }

  /**
   * Adds the person with {@code email} to a team, as a team admin when {@code teamAdmin}. Someone
   * unknown is first created as an invited user in the team's organisation, which needs {@code
   * nameIfNew}. Allowed to superadmins, admins, the team's admins, and organisation admins over the
   * team's organisation.
   *
   * @return the member
   */
  public User addTeamMember(
      Actor actor, TeamId teamId, Email email, @Nullable String nameIfNew, boolean teamAdmin) {
    return write(
        actor,
        (c) -> {
          Team team = team(c.tx, teamId);
          c.policy.checkManageMembers(c.actor, team);
          Optional<User> existing = c.tx.users().findByEmail(email);
          User member;
          if (existing.isPresent()) {
            member = existing.get();
            if (member.apiUser()) {
              throw new InvalidInputException("an API user cannot join a team");
            }
          } else {
            if (nameIfNew == null) {
              throw new InvalidInputException("a name is needed to invite a new person");
            }
            member =
                User.builder()
                    .uid(new UserId(uuid()))
                    .name(nameIfNew)
                    .email(email)
                    .organisation(team.organisation())
                    .createdAt(c.now)
                    .build();
            c.tx.users().insert(member);
            c.audit(AuditEventType.USER_CREATED, member.uid(), null, null, "invited to a team");
          }
          c.tx.teams().update(team.withMember(member.uid(), teamAdmin));
          c.audit(
              AuditEventType.TEAM_MEMBER_ADDED,
              member.uid(),
              null,
              teamId.toString(),
              teamAdmin ? "as team admin" : "");
          return member;
        });
  }

  /** Removes a member from a team; allowed to the same people as {@link #addTeamMember}. */
  public Team removeTeamMember(Actor actor, TeamId teamId, UserId member) {
    return write(
        actor,
        (c) -> {
          Team team = team(c.tx, teamId);
          c.policy.checkManageMembers(c.actor, team);
          if (!team.members().contains(member)) {
            throw new NotFoundException("user " + member + " is not a member of team " + teamId);
          }
          Team changed = team.withoutMember(member);
          c.tx.teams().update(changed);
          c.audit(AuditEventType.TEAM_MEMBER_REMOVED, member, null, teamId.toString(), "");
          return changed;
        });
  }

  // ---------------------------------------------------------------- users

  /**
   * Creates a person's account, invited. Admins create anywhere, super organisation admins within
   * their subtree, organisation admins in their own organisation; only a superadmin gives a role
   * other than normal.
   */
  public User createUser(Actor actor, NewUser spec) {
    return write(
        actor,
        (c) -> {
          c.policy.checkCreateUserIn(c.actor, spec.organisation());
          if (spec.role() != UserRole.NORMAL) {
            c.policy.checkSuperadmin(c.actor, "assign roles");
          }
          if (spec.organisation() != null) {
            organisation(c.tx, spec.organisation());
          }
          User u =
              User.builder()
                  .uid(new UserId(uuid()))
                  .name(spec.name())
                  .firstName(spec.firstName())
                  .lastName(spec.lastName())
                  .email(spec.email())
                  .role(spec.role())
                  .organisation(spec.organisation())
                  .createdAt(c.now)
                  .build();
          c.tx.users().insert(u);
          c.audit(AuditEventType.USER_CREATED, u.uid(), null, null, u.role().wireName());
          return u;
        });
  }

  /**
   * Creates an API user: an active machine account, named for the team that owns it, whose email is
   * that team's address (superadmin only).
   */
  public User createApiUser(Actor actor, String name, Email email) {
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "create API users");
          User u =
              User.builder()
                  .uid(new UserId(uuid()))
                  .name(name)
                  .email(email)
                  .apiUser(true)
                  .status(UserStatus.ACTIVE)
                  .createdAt(c.now)
                  .build();
          c.tx.users().insert(u);
          c.audit(AuditEventType.API_USER_CREATED, u.uid(), null, null, "");
          return u;
        });
  }

  /**
   * Changes a user's name, email and organisation. Moving someone to another organisation needs the
   * right to create users there too.
   */
  public User updateUser(
      Actor actor, UserId uid, String name, Email email, @Nullable OrganisationId organisation) {
    return write(
        actor,
        (c) -> {
          User u = user(c.tx, uid);
          c.policy.checkManage(c.actor, u);
          if (!Objects.equals(organisation, u.organisation())) {
            if (organisation != null) {
              organisation(c.tx, organisation);
            }
            c.policy.checkCreateUserIn(c.actor, organisation);
          }
          User changed = u.toBuilder().name(name).email(email).organisation(organisation).build();
          if (changed.equals(u)) {
            return u;
          }
          c.tx.users().update(changed);
          c.audit(AuditEventType.USER_UPDATED, uid, null, null, "");
          return changed;
        });
  }

  /**
   * Changes a user's admin role (superadmin only; not their own). Giving an API user a role lets it
   * drive the admin API with that role's powers (see {@link AdminApi}).
   */
  public User changeRole(Actor actor, UserId uid, UserRole role) {
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "assign roles");
          User u = user(c.tx, uid);
          c.policy.checkManage(c.actor, u);
          if (u.role() == role) {
            return u;
          }
          User changed = u.toBuilder().role(role).build();
          c.tx.users().update(changed);
          c.audit(
              AuditEventType.ROLE_CHANGED,
              uid,
              null,
              null,
              u.role().wireName() + " -> " + role.wireName());
          return changed;
        });
  }

  /**
   * Suspends an account with a reason, revoking every token it holds. A deactivated account cannot
   * be suspended.
   */
  public User suspend(Actor actor, UserId uid, String reason) {
    String why = Checks.text("reason", reason, 1000);
    User suspended = suspendQuietly(actor, uid, why);
    if (!suspended.apiUser()) {
      events.suspended(suspended, why);
    }
    return suspended;
  }

  private User suspendQuietly(Actor actor, UserId uid, String why) {
    return write(
        actor,
        (c) -> {
          User u = user(c.tx, uid);
          c.policy.checkManage(c.actor, u);
          if (u.status() == UserStatus.DEACTIVATED) {
            throw new InvalidInputException("a deactivated account cannot be suspended");
          }
          User changed = u.toBuilder().status(UserStatus.SUSPENDED).suspensionReason(why).build();
          c.tx.users().update(changed);
          c.audit(AuditEventType.USER_SUSPENDED, uid, null, null, why);
          revokeTokens(c, uid);
          return changed;
        });
  }

  /**
   * Lifts a suspension; the account becomes active again, and the person must choose a new password
   * at their next sign-in.
   */
  public User unsuspend(Actor actor, UserId uid) {
    User back = unsuspendQuietly(actor, uid);
    if (!back.apiUser()) {
      events.unsuspended(back);
    }
    return back;
  }

  private User unsuspendQuietly(Actor actor, UserId uid) {
    return write(
        actor,
        (c) -> {
          User u = user(c.tx, uid);
          c.policy.checkManage(c.actor, u);
          if (u.status() != UserStatus.SUSPENDED) {
            throw new InvalidInputException("the account is not suspended");
          }
          User changed = u.toBuilder().status(UserStatus.ACTIVE).suspensionReason(null).build();
          c.tx.users().update(changed);
          if (!u.apiUser()) {
            // GOV.UK Signon's rule: after a suspension the person must choose a new password.
            dev.signon.core.account.UserCredentials creds =
                c.tx.credentials().find(uid).orElse(UserCredentials.none(uid));
            c.tx
                .credentials()
                .save(creds.copy().passwordChangeRequired(true).unsuspendedAt(c.now).build());
          }
          c.audit(AuditEventType.USER_UNSUSPENDED, uid, null, null, "");
          return changed;
        });
  }

  /**
   * Emails an invitation to a person whose account is still invited, replacing any earlier
   * invitation link. Allowed to those who may manage them, and to the host.
   */
  public void invite(Actor actor, UserId uid) {
    User invited =
        write(
            actor,
            (c) -> {
              User user = user(c.tx, uid);
              c.policy.checkManage(c.actor, user);
              if (user.status() != UserStatus.INVITED || user.apiUser()) {
                throw new InvalidInputException("only invited people can be sent an invitation");
              }
              return user;
            });
    events.invited(invited);
  }

  /**
   * Clears a person's two-step verification so they set it up again at their next sign-in; their
   * "remember this browser" cookies die and their sessions end. Allowed to those who may manage
   * them. The audit event records the actor's address; {@code origin} is the request's.
   */
  public void resetTwoStep(Actor actor, UserId uid, Origin origin) {
    Objects.requireNonNull(origin, "origin");
    User person =
        write(
            actor,
            (c) -> {
              User target = user(c.tx, uid);
              c.policy.checkManage(c.actor, target);
              if (target.apiUser()) {
                throw new InvalidInputException(
                    "API users do not sign in, so they have no two-step verification to reset");
              }
              UserCredentials creds =
                  c.tx.credentials().find(uid).orElse(UserCredentials.none(uid));
              c.tx
                  .credentials()
                  .save(
                      creds
                          .copy()
                          .totpSecret(null)
                          .twoStepVersion(creds.twoStepVersion() + 1)
                          .build());
              c.tx.sessions().deleteByUser(uid);
              c.audit(AuditEventType.TWO_STEP_RESET, uid, null, null, "");
              return target;
            });
    events.twoStepReset(person);
  }

  /**
   * Deactivates an account for good, completely: its grants and team memberships are removed and
   * its admin role cleared, not merely a flag set.
   */
  public User deactivate(Actor actor, UserId uid) {
    return write(
        actor,
        (c) -> {
          User u = user(c.tx, uid);
          c.policy.checkManage(c.actor, u);
          for (Grant g : c.tx.grants().listByGrantees(List.of(Grantee.user(uid)))) {
            c.tx.grants().delete(g.id());
          }
          for (Team t : c.tx.teams().listByMember(uid)) {
            c.tx.teams().update(t.withoutMember(uid));
          }
          User changed =
              u.toBuilder()
                  .status(UserStatus.DEACTIVATED)
                  .role(UserRole.NORMAL)
                  .suspensionReason(null)
                  .build();
          c.tx.users().update(changed);
          c.audit(AuditEventType.USER_DEACTIVATED, uid, null, null, "");
          revokeTokens(c, uid);
          return changed;
        });
  }

  /**
   * Revokes every access, refresh and application token of a user and ends their host sessions, in
   * the same transaction.
   */
  private static void revokeTokens(Ctx c, UserId uid) {
    int tokens = c.tx.issuedTokens().revokeByUser(uid, c.now);
    int appTokens = c.tx.applicationTokens().revokeByApiUser(uid, c.now);
    c.tx.sessions().deleteByUser(uid);
    if (tokens + appTokens > 0) {
      c.audit(
          AuditEventType.TOKENS_REVOKED,
          uid,
          null,
          null,
          tokens + " access/refresh tokens, " + appTokens + " application tokens");
    }
  }

  // ---------------------------------------------------------------- applications

  /** Registers an application (superadmin only). Use {@link #newApplicationId()} for its id. */
  public Application createApplication(Actor actor, Application application) {
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "register applications");
          if (application.organisation() != null) {
            organisation(c.tx, application.organisation());
          }
          c.tx.applications().insert(application);
          c.audit(
              AuditEventType.APPLICATION_CREATED,
              null,
              application.id(),
              null,
              application.clientId());
          return application;
        });
  }

  /**
   * Replaces an application's settings (superadmin only). Roles it no longer has are removed from
   * every grant.
   */
  public Application updateApplication(Actor actor, Application application) {
    return write(
        actor,
        (c) -> {
          c.policy.checkSuperadmin(c.actor, "edit applications");
          application(c.tx, application.id());
          if (application.organisation() != null) {
            organisation(c.tx, application.organisation());
          }
          c.tx.applications().update(application);
          for (Grant g : c.tx.grants().listByApplication(application.id())) {
            Set<String> kept = new HashSet<>(g.roles());
            kept.removeIf(r -> !application.hasRole(r));
            if (!kept.equals(g.roles())) {
              c.tx.grants().update(g.withRoles(kept));
            }
          }
          c.audit(
              AuditEventType.APPLICATION_UPDATED,
              null,
              application.id(),
              null,
              application.clientId());
          return application;
        });
  }

  /** A fresh application id. */
  public ApplicationId newApplicationId() {
    return new ApplicationId(uuid());
  }

  // ---------------------------------------------------------------- grants

  /**
   * Adds roles of an application to what {@code grantee} holds there. Granting to a team is for
   * superadmins; granting to a user follows {@link AdminPolicy#checkChangeUserRoles}.
   *
   * @return the grant as it now stands
   */
  public Grant grant(Actor actor, ApplicationId app, Grantee grantee, Set<String> roles) {
    return changeRoles(actor, app, grantee, before -> union(before, roles))
        .orElseThrow(() -> new IllegalStateException("a grant with roles cannot vanish"));
  }

  /**
   * Removes roles of an application from what {@code grantee} holds there; a grant left with no
   * roles is deleted.
   *
   * @return the grant as it now stands, or empty when it was deleted
   */
  public Optional<Grant> revoke(
      Actor actor, ApplicationId app, Grantee grantee, Set<String> roles) {
    return changeRoles(
        actor,
        app,
        grantee,
        before -> {
          Set<String> after = new TreeSet<>(before);
          after.removeAll(roles);
          return after;
        });
  }

  /**
   * Sets exactly the roles {@code grantee} holds on an application; an empty set removes the grant.
   */
  public Optional<Grant> setRoles(
      Actor actor, ApplicationId app, Grantee grantee, Set<String> roles) {
    return changeRoles(actor, app, grantee, before -> new TreeSet<>(roles));
  }

  private Optional<Grant> changeRoles(
      Actor actor,
      ApplicationId appId,
      Grantee grantee,
      Function<Set<String>, Set<String>> change) {
    return write(
        actor,
        (c) -> {
          Application app = application(c.tx, appId);
          Optional<Grant> existing = c.tx.grants().find(appId, grantee);
          Set<String> before = existing.map(Grant::roles).orElse(Set.of());
          Set<String> after = Set.copyOf(change.apply(before));
          for (String r : new TreeSet<>(after)) {
            if (!app.hasRole(r)) {
              throw new InvalidInputException(
                  "application " + app.clientId() + " has no role " + r);
            }
          }
          String target;
          @Nullable UserId subject = null;
          if (grantee instanceof Grantee.ToTeam t) {
            Team team = team(c.tx, t.team());
            c.policy.checkGrantToTeam(c.actor, team, app);
            target = "team:" + team.id();
          } else {
            User u = user(c.tx, ((Grantee.ToUser) grantee).user());
            EffectivePermissions mine =
                c.isHost ? EffectivePermissions.none(appId) : Permissions.of(c.tx, c.actor, app);
            c.policy.checkChangeUserRoles(c.actor, u, app, before, after, mine);
            subject = u.uid();
            target = null;
          }
          if (before.equals(after)) {
            return existing;
          }
          Optional<Grant> result;
          if (after.isEmpty()) {
            existing.ifPresent(g -> c.tx.grants().delete(g.id()));
            result = Optional.empty();
          } else if (existing.isPresent()) {
            Grant g = existing.get().withRoles(after);
            c.tx.grants().update(g);
            result = Optional.of(g);
          } else {
            Grant g = new Grant(new GrantId(uuid()), appId, grantee, after);
            c.tx.grants().insert(g);
            result = Optional.of(g);
          }
          Set<String> added = new TreeSet<>(after);
          added.removeAll(before);
          Set<String> removed = new TreeSet<>(before);
          removed.removeAll(after);
          if (!added.isEmpty()) {
            c.audit(
                AuditEventType.PERMISSIONS_GRANTED,
                subject,
                appId,
                target,
                String.join(", ", added));
          }
          if (!removed.isEmpty()) {
            c.audit(
                AuditEventType.PERMISSIONS_REVOKED,
                subject,
                appId,
                target,
                String.join(", ", removed));
          }
          return result;
        });
  }

  // ---------------------------------------------------------------- whole directory

  /**
   * The whole directory as a JSON document (see {@code docs/DIRECTORY-FORMAT.md}); it holds no
   * secret (superadmin only).
   */
  public String exportDirectory(Actor actor) {
    checkSuperadmin(actor, "export the directory");
    return transfer.exportJson();
  }

  /**
   * Imports a directory document: idempotent, matched on stable ids, validated whole before
   * anything is written, written in one transaction (superadmin only).
   *
   * @throws dev.signon.core.transfer.ImportRejectedException listing every problem with its JSON
   *     path; nothing is written
   */
  public ImportReport importDirectory(Actor actor, String json) {
    checkSuperadmin(actor, "import a directory");
    return transfer.importJson(json, actor.user());
  }

  private void checkSuperadmin(Actor actor, String what) {
    write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, what);
          return null;
        });
  }

  // ---------------------------------------------------------------- reads

  /** What {@code uid} may do in the application with {@code clientId}. */
  public EffectivePermissions permissions(UserId uid, String clientId) {
    return store.transaction(
        tx -> {
          User u = user(tx, uid);
          Application app =
              tx.applications()
                  .findByClientId(clientId)
                  .orElseThrow(() -> new NotFoundException("no application " + clientId));
          return Permissions.of(tx, u, app);
        });
  }

  // ---------------------------------------------------------------- plumbing

  private UUID uuid() {
    return Ids.randomUuid(random);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new TreeSet<>(a);
    s.addAll(b);
    return s;
  }

  private <T> T write(Actor actor, Function<Ctx, T> work) {
    Objects.requireNonNull(actor, "actor");
    return store.transaction(tx -> work.apply(new Ctx(tx, actor, clock.instant())));
  }

  private static Organisation organisation(StoreTransaction tx, OrganisationId id) {
    return tx.organisations()
        .find(id)
        .orElseThrow(() -> new NotFoundException("no organisation " + id));
  }

  private static Team team(StoreTransaction tx, TeamId id) {
    return tx.teams().find(id).orElseThrow(() -> new NotFoundException("no team " + id));
  }

  private static User user(StoreTransaction tx, UserId id) {
    return tx.users().find(id).orElseThrow(() -> new NotFoundException("no user " + id));
  }

  private static Application application(StoreTransaction tx, ApplicationId id) {
    return tx.applications()
        .find(id)
        .orElseThrow(() -> new NotFoundException("no application " + id));
  }

  /** One operation's context: its transaction, the acting user as stored, and the time. */
  private final class Ctx {
    final StoreTransaction tx;
    final Actor request;
    final User actor;
    final boolean isHost;
    final Instant now;
    @Nullable OrganisationGraph graph;
    AdminPolicy policy;

    Ctx(StoreTransaction tx, Actor request, Instant now) {
      this.tx = tx;
      this.request = request;
      this.now = now;
      UserId uid = request.user();
      this.isHost = uid == null;
      this.actor =
          uid == null
              ? User.builder()
                  .uid(HOST)
                  .name("host")
                  .email(Email.of("host@signon.invalid"))
                  .role(UserRole.SUPERADMIN)
                  .status(UserStatus.ACTIVE)
                  .createdAt(now)
                  .build()
              : tx.users()
                  .find(uid)
                  .orElseThrow(
                      () -> new dev.signon.core.error.AccessDeniedException("unknown actor"));
      this.policy = AdminPolicy.over(graph());
    }

    OrganisationGraph graph() {
      OrganisationGraph g = graph;
      if (g == null) {
        g = OrganisationGraph.of(tx.organisations().list());
        graph = g;
      }
      return g;
    }

    void invalidateGraph() {
      graph = null;
      policy = AdminPolicy.over(graph());
    }

    void audit(
        AuditEventType type,
        @Nullable UserId subject,
        @Nullable ApplicationId application,
        @Nullable String target,
        String detail) {
      tx.audit()
          .append(
              new AuditEvent(
                  uuid(),
                  now,
                  type,
                  subject,
                  request.user(),
                  application,
                  target,
                  request.ipAddress(),
                  request.userAgent(),
                  detail));
    }
  }
}
