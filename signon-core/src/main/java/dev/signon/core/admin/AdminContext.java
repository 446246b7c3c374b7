package dev.signon.core.admin;

import dev.signon.core.access.AdminPolicy;
import dev.signon.core.access.Grantee;
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
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.internal.Ids;
import dev.signon.core.notify.Outbox;
import dev.signon.core.store.StoreTransaction;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One admin operation's context: its transaction, the acting user as stored (a superadmin stand-in
 * for the host), the policy over the organisation graph, the time, and the audit log.
 */
final class AdminContext {
  private static final UserId HOST = new UserId(new UUID(0, 0));

  final StoreTransaction tx;
  final Actor request;
  final User actor;
  final boolean isHost;
  final Instant now;
  private final SecureRandom random;
  final Outbox outbox;
  private @Nullable OrganisationGraph graph;
  AdminPolicy policy;

  AdminContext(StoreTransaction tx, Actor request, Instant now, SecureRandom random) {
    this.tx = tx;
    this.request = request;
    this.now = now;
    this.random = random;
    this.outbox = Outbox.create(random);
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
            : tx.users().find(uid).orElseThrow(() -> new AccessDeniedException("unknown actor"));
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

  /** Forgets the graph after a change to the organisations, so the policy sees the change. */
  void invalidateGraph() {
    graph = null;
    policy = AdminPolicy.over(graph());
  }

  UUID uuid() {
    return Ids.randomUuid(random);
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

  /** Stores a changed user and audits the change as {@code type}. */
  User updateUser(User changed, AuditEventType type, String detail) {
    tx.users().update(changed);
    audit(type, changed.uid(), null, null, detail);
    return changed;
  }

  /**
   * Tells the applications that take pushes of a change to {@code grantee}'s permissions on {@code
   * application}: the person, or each member of the team.
   */
  void permissionsChanged(Grantee grantee, ApplicationId application) {
    if (grantee instanceof Grantee.ToUser u) {
      outbox.permissionsChanged(tx, u.user(), application, now);
    } else if (grantee instanceof Grantee.ToTeam t) {
      for (UserId member : team(t.team()).members()) {
        outbox.permissionsChanged(tx, member, application, now);
      }
    }
  }

  /** The user {@code uid}, whom the actor must be allowed to manage. */
  User managedUser(UserId uid) {
    User u = user(uid);
    policy.checkManage(actor, u);
    return u;
  }

  Organisation organisation(OrganisationId id) {
    return tx.organisations()
        .find(id)
        .orElseThrow(() -> new NotFoundException("no organisation " + id));
  }

  Team team(TeamId id) {
    return tx.teams().find(id).orElseThrow(() -> new NotFoundException("no team " + id));
  }

  User user(UserId id) {
    return tx.users().find(id).orElseThrow(() -> new NotFoundException("no user " + id));
  }

  Application application(ApplicationId id) {
    return tx.applications()
        .find(id)
        .orElseThrow(() -> new NotFoundException("no application " + id));
  }
}
