package dev.signon.core.admin;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.access.EffectivePermissions;
import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.account.AccountEvents;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.signin.Origin;
import dev.signon.core.store.SignonStore;
import dev.signon.core.transfer.DirectoryTransfer;
import dev.signon.core.transfer.ImportReport;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
  private final OrganisationAdmin organisations;
  private final TeamAdmin teams;
  private final UserAdmin users;
  private final ApplicationAdmin applications;
  private final GrantAdmin grants;
  private final UserQueries userQueries;
  private final DirectoryQueries directoryQueries;
  private final InvitationWithAccess invitationWithAccess;
  private final EventQueries eventQueries;
  private final UserAccessReads userAccess;
  private final AdminTransactions transactions;
  private final DirectoryTransfer transfer;
  private final AccountActivations activations;

  AdminService(SignonStore store, Clock clock, SecureRandom random, AccountEvents events) {
    this.transactions = new AdminTransactions(store, clock, random);
    this.organisations = new OrganisationAdmin(transactions);
    Invitations invitations = new Invitations(transactions, events);
    this.teams = new TeamAdmin(transactions, invitations);
    this.users = new UserAdmin(transactions, events, invitations);
    this.invitationWithAccess = new InvitationWithAccess(transactions, invitations);
    this.applications = new ApplicationAdmin(transactions);
    this.grants = new GrantAdmin(transactions);
    this.userQueries = new UserQueries(transactions);
    this.directoryQueries = new DirectoryQueries(transactions);
    this.eventQueries = new EventQueries(transactions);
    this.userAccess = new UserAccessReads(transactions);
    this.transfer = DirectoryTransfer.builder().store(store).clock(clock).random(random).build();
    this.activations = new AccountActivations(transactions);
  }

  /** Activation: pending accounts, activating and refusing them, and pre-activation. */
  public AccountActivations activations() {
    return activations;
  }

  // ---------------------------------------------------------------- organisations

  /** Creates an organisation under the given parents (superadmin only). */
  public Organisation createOrganisation(
      Actor actor, String slug, String name, Set<OrganisationId> parents) {
    return organisations.create(actor, slug, name, parents);
  }

  /**
   * Makes sure the dotted path names a chain of organisations, creating or linking each link:
   * {@code pentonville.prisons.noms.moj} ensures {@code moj}, {@code noms.moj} under it, {@code
   * prisons.noms.moj} under that, and {@code pentonville.prisons.noms.moj} at the bottom, which it
   * returns. An existing organisation gains the next one as a parent if it lacks it (superadmin
   * only).
   */
  public Organisation ensureOrganisationPath(Actor actor, String dottedPath) {
    return organisations.ensurePath(actor, dottedPath);
  }

  /** Adds {@code parent} as a parent of {@code child}, refusing a cycle (superadmin only). */
  public Organisation linkOrganisation(Actor actor, OrganisationId child, OrganisationId parent) {
    return organisations.link(actor, child, parent);
  }

  /** Removes {@code parent} from the parents of {@code child} (superadmin only). */
  public Organisation unlinkOrganisation(Actor actor, OrganisationId child, OrganisationId parent) {
    return organisations.unlink(actor, child, parent);
  }

  /** Changes an organisation's name and two-step rule (superadmin only). */
  public Organisation updateOrganisation(
      Actor actor, OrganisationId id, String name, boolean twoStepMandated) {
    return organisations.update(actor, id, name, twoStepMandated);
  }

  /**
   * Changes an organisation's slug (superadmin only), audited as an update with the old and new
   * slug. Links and documents that used the old slug stop finding it.
   *
   * @throws InvalidInputException when {@code slug} is not a slug (see {@link
   *     Organisation#checkSlug})
   * @throws dev.signon.core.error.ConflictException when another organisation has it
   */
  public Organisation changeOrganisationSlug(Actor actor, OrganisationId id, String slug) {
    return organisations.changeSlug(actor, id, slug);
  }

  /**
   * Closes an organisation (superadmin only): it stays in the graph, with its people, and is shown
   * as closed. Closing a closed organisation changes nothing.
   */
  public Organisation closeOrganisation(Actor actor, OrganisationId id) {
    return organisations.close(actor, id);
  }

  // ---------------------------------------------------------------- teams

  /** Creates an empty team in an organisation (superadmin only). */
  public Team createTeam(Actor actor, String name, OrganisationId organisation) {
    return teams.create(actor, name, organisation);
  }

  /**
   * Adds the person with {@code email} to a team, as a team admin when {@code teamAdmin}. Someone
   * unknown is first created as an invited user in the team's organisation, which needs {@code
   * nameIfNew}, and is emailed an invitation once the change has committed (if the email cannot be
   * handed over, the membership stands and {@link #invite} sends it again). Allowed to superadmins,
   * admins, the team's admins, and organisation admins over the team's organisation.
   *
   * @return the member
   */
  public User addTeamMember(
      Actor actor, TeamId teamId, Email email, @Nullable String nameIfNew, boolean teamAdmin) {
    return teams.addMember(actor, teamId, email, nameIfNew, teamAdmin);
  }

  /** Removes a member from a team; allowed to the same people as {@link #addTeamMember}. */
  public Team removeTeamMember(Actor actor, TeamId teamId, UserId member) {
    return teams.removeMember(actor, teamId, member);
  }

  // ---------------------------------------------------------------- users

  /**
   * Creates a person's account, invited. Admins create anywhere, super organisation admins within
   * their subtree, organisation admins in their own organisation; only a superadmin gives a role
   * other than normal.
   */
  public User createUser(Actor actor, NewUser spec) {
    return users.create(actor, spec);
  }

  /**
   * Creates a person's account, invited, with access to applications in the same transaction, then
   * emails the invitation: if any grant is refused, no account is created. Each grant is checked as
   * {@link #grant} checks it, and the account as {@link #createUser} does.
   *
   * @param access the roles to give, by application; {@code signin} is not added for you
   */
  public User inviteWithAccess(
      Actor actor, NewUser spec, java.util.Map<ApplicationId, Set<String>> access) {
    return invitationWithAccess.invite(actor, spec, access);
  }

  /**
   * Creates an API user: an active machine account, named for the team that owns it, whose email is
   * that team's address (superadmin only).
   */
  public User createApiUser(Actor actor, String name, Email email) {
    return users.createApiUser(actor, name, email);
  }

  /**
   * Changes a user's name, email and organisation. Moving someone to another organisation needs the
   * right to create users there too.
   */
  public User updateUser(
      Actor actor, UserId uid, String name, Email email, @Nullable OrganisationId organisation) {
    return users.update(actor, uid, name, email, organisation);
  }

  /**
   * Changes a user's admin role (superadmin only; not their own). Giving an API user a role lets it
   * drive the admin API with that role's powers (see {@link AdminApi}).
   */
  public User changeRole(Actor actor, UserId uid, UserRole role) {
    return users.changeRole(actor, uid, role);
  }

  /**
   * Suspends an account with a reason, revoking every token it holds. A deactivated account cannot
   * be suspended.
   */
  public User suspend(Actor actor, UserId uid, String reason) {
    return users.suspend(actor, uid, reason);
  }

  /**
   * Lifts a suspension; the account becomes active again, and the person must choose a new password
   * at their next sign-in.
   */
  public User unsuspend(Actor actor, UserId uid) {
    return users.unsuspend(actor, uid);
  }

  /**
   * Emails an invitation to a person whose account is still invited, replacing any earlier
   * invitation link. Allowed to those who may manage them, and to the host.
   */
  public void invite(Actor actor, UserId uid) {
    users.invite(actor, uid);
  }

  /**
   * Clears a person's two-step verification so they set it up again at their next sign-in; their
   * "remember this browser" cookies die and their sessions end. Allowed to those who may manage
   * them. The audit event records the actor's address; {@code origin} is the request's.
   */
  public void resetTwoStep(Actor actor, UserId uid, Origin origin) {
    users.resetTwoStep(actor, uid, origin);
  }

  /**
   * Exempts a person from the two-step verification their organisation mandates, recording why
   * (superadmins only). Admins cannot be exempted: they must always use it; API users do not sign
   * in. A person who has set it up keeps it; they are no longer made to.
   *
   * @throws InvalidInputException for an admin, an API user or a blank reason
   */
  public User exemptFromTwoStep(Actor actor, UserId uid, String reason) {
    return users.exemptFromTwoStep(actor, uid, reason);
  }

  /**
   * Lifts a person's exemption from two-step verification, so that where it is mandated they must
   * set it up at their next sign-in. Allowed to those who may manage them; audited as {@link
   * dev.signon.core.audit.AuditEventType#TWO_STEP_REQUIRED}.
   *
   * @throws InvalidInputException for an API user or someone who is not exempt
   */
  public User requireTwoStep(Actor actor, UserId uid) {
    return users.requireTwoStep(actor, uid);
  }

  /**
   * Unlocks an account locked after too many failed sign-in attempts, clearing the failure counts.
   * Allowed to those who may manage the person; audited as {@link
   * dev.signon.core.audit.AuditEventType#ACCOUNT_UNLOCKED}.
   *
   * @throws InvalidInputException when the account is not locked
   */
  public User unlock(Actor actor, UserId uid) {
    return users.unlock(actor, uid);
  }

  /**
   * Deactivates an account completely, not merely a flag set, in one transaction with one audit
   * event ({@link dev.signon.core.audit.AuditEventType#USER_DEACTIVATED}, whose detail counts what
   * went): every grant, team membership and team-admin right is removed, the role dropped to
   * normal, every access, refresh and application token revoked, every emailed link used up, the
   * password and two-step verification cleared, and every host session ended, relying applications
   * being told (a reauth push and back-channel logouts). Allowed to those who may manage the
   * person.
   *
   * @throws InvalidInputException when the account is already deactivated
   */
  public User deactivate(Actor actor, UserId uid) {
    return users.deactivate(actor, uid);
  }

  /**
   * Reactivates a deactivated account, deliberately restoring none of what deactivation removed:
   * the account is active with the normal role and no grants, teams, tokens, password or two-step
   * verification. The person signs in again by choosing a password through a reset link ("Forgot
   * your password?"), and admins grant access anew. Audited as {@link
   * dev.signon.core.audit.AuditEventType#USER_REACTIVATED}.
   *
   * @throws InvalidInputException when the account is not deactivated
   */
  public User reactivate(Actor actor, UserId uid) {
    return users.reactivate(actor, uid);
  }

  // ---------------------------------------------------------------- applications

  /** Registers an application (superadmin only). Use {@link #newApplicationId()} for its id. */
  public Application createApplication(Actor actor, Application application) {
    return applications.create(actor, application);
  }

  /**
   * Replaces an application's settings (superadmin only). Roles it no longer has are removed from
   * every grant.
   */
  public Application updateApplication(Actor actor, Application application) {
    return applications.update(actor, application);
  }

  /** A fresh application id. */
  public ApplicationId newApplicationId() {
    return applications.newId();
  }

  /**
   * A new client secret: give its value to the application's operators once and store only its hash
   * ({@link Application.Builder#clientSecretHash}) through {@link #createApplication} or {@link
   * #updateApplication}.
   */
  public dev.signon.core.token.ClientSecret newClientSecret() {
    return applications.newSecret();
  }

  // ---------------------------------------------------------------- grants

  /**
   * Adds roles of an application to what {@code grantee} holds there. Granting to a team is for
   * superadmins; granting to a user follows {@link AdminPolicy#checkChangeUserRoles}.
   *
   * @return the grant as it now stands
   */
  public Grant grant(Actor actor, ApplicationId app, Grantee grantee, Set<String> roles) {
    return grants.grant(actor, app, grantee, roles);
  }

  /**
   * Removes roles of an application from what {@code grantee} holds there; a grant left with no
   * roles is deleted.
   *
   * @return the grant as it now stands, or empty when it was deleted
   */
  public Optional<Grant> revoke(
      Actor actor, ApplicationId app, Grantee grantee, Set<String> roles) {
    return grants.revoke(actor, app, grantee, roles);
  }

  /**
   * Sets exactly the roles {@code grantee} holds on an application; an empty set removes the grant.
   */
  public Optional<Grant> setRoles(
      Actor actor, ApplicationId app, Grantee grantee, Set<String> roles) {
    return grants.setRoles(actor, app, grantee, roles);
  }

  // ---------------------------------------------------------------- whole directory

  /**
   * The whole directory as a JSON document (see {@code docs/DIRECTORY-FORMAT.md}); it holds no
   * secret (superadmin only).
   */
  public String exportDirectory(Actor actor) {
    transactions.checkSuperadmin(actor, "export the directory");
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
    transactions.checkSuperadmin(actor, "import a directory");
    return transfer.importJson(json, actor.user());
  }

  // ---------------------------------------------------------------- reads

  /**
   * One page of the users {@code actor} may see that match {@code search}, ordered by name then
   * email. Superadmins see everyone; admins every person; super organisation admins the people in
   * their organisation's subtree; organisation admins those in their organisation; only superadmins
   * see API users (GOV.UK Signon lets admins list every user, superadmins included).
   *
   * @throws dev.signon.core.error.AccessDeniedException for a normal user or an inactive actor
   * @throws InvalidInputException for an unknown organisation or application in the search
   */
  public Page<UserSummary> searchUsers(Actor actor, UserSearch search) {
    return userQueries.search(actor, search);
  }

  /**
   * The user {@code uid} as the list of users shows them. Everyone may see their own account; a
   * user outside what {@link #searchUsers} would show {@code actor} is not found, as an unknown one
   * is.
   *
   * @throws NotFoundException for an unknown user or one the actor may not see
   * @throws dev.signon.core.error.AccessDeniedException when a normal user asks about someone else
   */
  public UserSummary findUser(Actor actor, UserId uid) {
    return userQueries.find(actor, uid);
  }

  /**
   * The organisations {@code actor} may see, ordered by name: superadmins and admins see all, super
   * organisation admins their organisation and every one below it, organisation admins their own.
   *
   * @throws dev.signon.core.error.AccessDeniedException for a normal user or an inactive actor
   */
  public List<Organisation> listOrganisations(Actor actor) {
    return directoryQueries.organisations(actor);
  }

  /**
   * The organisation {@code id}, if {@link #listOrganisations} would show it to {@code actor}.
   *
   * @throws NotFoundException for an unknown organisation or one the actor may not see
   */
  public Organisation findOrganisation(Actor actor, OrganisationId id) {
    return directoryQueries.organisation(actor, id);
  }

  /**
   * The teams whose members {@code actor} may manage, ordered by name: admins see every team they
   * may manage; a team admin only their teams.
   *
   * @throws dev.signon.core.error.AccessDeniedException for a normal user who admins no team
   */
  public List<Team> listTeams(Actor actor) {
    return directoryQueries.teams(actor);
  }

  /**
   * The team {@code id}, if {@link #listTeams} would show it to {@code actor}.
   *
   * @throws NotFoundException for an unknown team or one the actor may not see
   */
  public Team findTeam(Actor actor, TeamId id) {
    return directoryQueries.team(actor, id);
  }

  /**
   * The applications {@code actor} may see, ordered by name: superadmins and admins see all,
   * organisation admins of either kind those usable from their organisation.
   *
   * @throws dev.signon.core.error.AccessDeniedException for a normal user or an inactive actor
   */
  public List<Application> listApplications(Actor actor) {
    return directoryQueries.applications(actor);
  }

  /**
   * The application {@code id}, if {@link #listApplications} would show it to {@code actor}.
   *
   * @throws NotFoundException for an unknown application or one the actor may not see
   */
  public Application findApplication(Actor actor, ApplicationId id) {
    return directoryQueries.application(actor, id);
  }

  /**
   * Sign-ins to application {@code id} in each of the last {@code months} calendar months (UTC),
   * oldest first and this month last, months without any included, for those who may see the
   * application as {@link #findApplication} does. A sign-in is counted when the host sends someone
   * back to the application signed in.
   *
   * @throws NotFoundException for an unknown application or one the actor may not see
   * @throws IllegalArgumentException if {@code months} is not between 1 and 120
   */
  public List<MonthlySignIns> signInsByMonth(Actor actor, ApplicationId id, int months) {
    return directoryQueries.signInsByMonth(actor, id, months);
  }

  /**
   * The grants of application {@code id} that {@code actor} may see: those to users they may see
   * and to teams they may manage.
   *
   * @throws NotFoundException for an unknown application or one the actor may not see
   */
  public List<Grant> grantsOfApplication(Actor actor, ApplicationId id) {
    return directoryQueries.grantsOfApplication(actor, id);
  }

  /**
   * The grants that reach user {@code uid}: their own and their teams'. Everyone may ask about
   * themselves; otherwise the user must be one {@link #searchUsers} would show {@code actor}.
   *
   * @throws NotFoundException for an unknown user or one the actor may not see
   */
  public List<Grant> grantsOfUser(Actor actor, UserId uid) {
    return directoryQueries.grantsOfUser(actor, uid);
  }

  /**
   * One page of the audit log, newest first, holding the events that match {@code search} and that
   * {@code actor} may see: events about a person to those who may see that person, events about no
   * person to superadmins and admins.
   *
   * @throws dev.signon.core.error.AccessDeniedException for a normal user or an inactive actor
   */
  public Page<AuditEvent> searchEvents(Actor actor, EventSearch search) {
    return eventQueries.search(actor, search);
  }

  /**
   * The admin roles {@code actor} may give a person: every role for a superadmin, only normal for
   * anyone else who may list users.
   *
   * @throws dev.signon.core.error.AccessDeniedException for a normal user or an inactive actor
   */
  public List<UserRole> assignableRoles(Actor actor) {
    return userAccess.assignableRoles(actor);
  }

  /**
   * The applications, and roles of each, that {@code actor} may grant to a person in {@code
   * organisation} (or in any organisation when null): every role for superadmins and admins; only
   * delegated roles, on applications they can sign in to, for organisation admins. Retired and
   * API-only applications are left out.
   *
   * @throws dev.signon.core.error.AccessDeniedException for a normal user or an inactive actor
   */
  public List<GrantableApplication> grantableApplications(
      Actor actor, @Nullable OrganisationId organisation) {
    return userAccess.grantable(actor, organisation);
  }

  /**
   * The grants made to {@code uid} directly (not through a team), for someone who may see them as
   * {@link #findUser} does.
   *
   * @throws NotFoundException for an unknown user or one the actor may not see
   */
  public List<Grant> userGrants(Actor actor, UserId uid) {
    return userAccess.grants(actor, uid);
  }

  /**
   * The newest {@code limit} audit events about {@code uid}, newest first, for someone who may see
   * them as {@link #findUser} does.
   *
   * @throws NotFoundException for an unknown user or one the actor may not see
   */
  public List<AuditEvent> userEvents(Actor actor, UserId uid, int limit) {
    return userAccess.events(actor, uid, limit);
  }

  /** What {@code uid} may do in the application with {@code clientId}. */
  public EffectivePermissions permissions(UserId uid, String clientId) {
    return grants.permissions(uid, clientId);
  }
}
