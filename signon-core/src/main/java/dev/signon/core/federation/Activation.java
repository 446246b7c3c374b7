package dev.signon.core.federation;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.Role;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.internal.Ids;
import dev.signon.core.signin.Origin;
import dev.signon.core.store.StoreTransaction;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turning an account active with an organisation, a role and grants, inside the caller's
 * transaction: the one way both an admin and a trusted upstream activate someone.
 */
public final class Activation {
  private final SecureRandom random;

  /** Activation drawing grant and event ids from {@code random}. */
  public Activation(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Makes {@code user} active in {@code organisation} with {@code role}, gives each grant (its
   * roles plus {@code signin}, added to any the person has on that application) and writes one
   * {@link AuditEventType#ACCOUNT_ACTIVATED} event.
   *
   * @param initiator who did it, or null for the host (a trusted upstream's rules)
   * @param detail a short detail for the audit log, such as {@code by upstream one-login}
   * @throws NotFoundException if a grant names an unknown application
   * @throws dev.signon.core.error.InvalidInputException if a grant names a role the application
   *     lacks
   */
  public User activate(
      StoreTransaction tx,
      User user,
      @Nullable OrganisationId organisation,
      UserRole role,
      List<UpstreamGrant> grants,
      @Nullable UserId initiator,
      Instant now,
      String detail) {
    User active =
        user.toBuilder()
            .status(UserStatus.ACTIVE)
            .suspensionReason(null)
            .organisation(organisation)
            .role(role)
            .build();
    tx.users().update(active);
    for (UpstreamGrant g : grants) {
      give(tx, user.uid(), g);
    }
    audit(tx, AuditEventType.ACCOUNT_ACTIVATED, user.uid(), initiator, now, detail, null);
    return active;
  }

  /**
   * What of {@code upstream}'s activation defaults the directory lacks: an organisation slug no
   * organisation has, a grant's application no application has as client id, a role its application
   * lacks. Empty when every default resolves.
   */
  public static List<UnresolvedDefault> unresolvedDefaults(StoreTransaction tx, Upstream upstream) {
    List<UnresolvedDefault> out = new ArrayList<>();
    String slug = upstream.defaultOrganisationSlug();
    if (slug != null && tx.organisations().findBySlug(slug).isEmpty()) {
      out.add(new UnresolvedDefault("defaultOrganisation", slug, "no organisation " + slug));
    }
    for (UpstreamGrant g : upstream.defaultGrants()) {
      Optional<Application> app = tx.applications().findByClientId(g.clientId());
      if (app.isEmpty()) {
        out.add(
            new UnresolvedDefault("defaultGrants", g.clientId(), "no application " + g.clientId()));
        continue;
      }
      for (String role : new java.util.TreeSet<>(g.roles())) {
        if (!app.get().hasRole(role)) {
          out.add(
              new UnresolvedDefault(
                  "defaultGrants",
                  g.clientId(),
                  "application " + g.clientId() + " has no role " + role));
        }
      }
    }
    return out;
  }

  /**
   * One activation default of an upstream the directory lacks.
   *
   * @param setting the upstream's setting: {@code defaultOrganisation} or {@code defaultGrants}
   * @param name the organisation slug or the grant's client id
   * @param problem what is missing, such as {@code application visits has no role admin}
   */
  public record UnresolvedDefault(String setting, String name, String problem) {
    /** Checks the parts are there. */
    public UnresolvedDefault {
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(problem, "problem");
    }
  }

  private void give(StoreTransaction tx, UserId uid, UpstreamGrant g) {
    Application app =
        tx.applications()
            .findByClientId(g.clientId())
            .orElseThrow(() -> new NotFoundException("no application " + g.clientId()));
    Set<String> roles = new HashSet<>(g.roles());
    roles.add(Role.SIGNIN);
    Grantee grantee = Grantee.user(uid);
    Optional<Grant> existing = tx.grants().find(app.id(), grantee);
    if (existing.isPresent()) {
      roles.addAll(existing.get().roles());
      Grant changed = existing.get().withRoles(roles);
      changed.checkRolesOf(app);
      tx.grants().update(changed);
    } else {
      Grant grant = new Grant(new GrantId(Ids.randomUuid(random)), app.id(), grantee, roles);
      grant.checkRolesOf(app);
      tx.grants().insert(grant);
    }
  }

  /** Appends an audit event of federation or activation. */
  void audit(
      StoreTransaction tx,
      AuditEventType type,
      @Nullable UserId subject,
      @Nullable UserId initiator,
      Instant now,
      String detail,
      @Nullable Origin origin) {
    tx.audit()
        .append(
            new AuditEvent(
                Ids.randomUuid(random),
                now,
                type,
                subject,
                initiator == null ? subject : initiator,
                null,
                null,
                origin == null ? null : origin.ipAddress(),
                origin == null ? null : origin.userAgent(),
                detail));
  }
}
