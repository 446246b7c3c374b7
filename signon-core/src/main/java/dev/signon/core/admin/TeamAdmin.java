package dev.signon.core.admin;

import dev.signon.core.access.Grant;
import dev.signon.core.access.Grantee;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.mail.EmailSender;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin operations on teams and their members; see {@link AdminService}. */
final class TeamAdmin {
  private static final Logger log = LoggerFactory.getLogger(TeamAdmin.class);

  private final AdminTransactions transactions;
  private final Invitations invitations;

  TeamAdmin(AdminTransactions transactions, Invitations invitations) {
    this.transactions = transactions;
    this.invitations = invitations;
  }

  Team create(Actor actor, String name, OrganisationId organisation) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "create teams");
          c.organisation(organisation);
          Team t =
              Team.builder().id(new TeamId(c.uuid())).name(name).organisation(organisation).build();
          c.tx.teams().insert(t);
          c.audit(AuditEventType.TEAM_CREATED, null, null, t.id().toString(), name);
          return t;
        });
  }

  /**
   * Adds a member; someone new is created invited and, once that has committed, emailed their
   * invitation (MoJ Sign On: people added to a team "will receive an invitation email"). If the
   * email cannot be handed over the membership stands, a warning is logged and no invitation event
   * is written; {@link AdminService#invite} sends it again.
   */
  User addMember(
      Actor actor, TeamId teamId, Email email, @Nullable String nameIfNew, boolean teamAdmin) {
    Added added = add(actor, teamId, email, nameIfNew, teamAdmin);
    User member = added.member();
    if (added.isNew()) {
      try {
        invitations.send(actor, member);
      } catch (SignonFailureException e) {
        if (!e.errorCode().equals(EmailSender.EMAIL_UNAVAILABLE)) {
          throw e;
        }
        log.warn("{} joined a team but the invitation could not be sent", member.uid(), e);
      }
    }
    return member;
  }

  /** A member added, and whether their account was created for it. */
  private record Added(User member, boolean isNew) {}

  private Added add(
      Actor actor, TeamId teamId, Email email, @Nullable String nameIfNew, boolean teamAdmin) {
    return transactions.write(
        actor,
        c -> {
          Team team = c.team(teamId);
          c.policy.checkManageMembers(c.actor, team);
          Optional<User> existing = c.tx.users().findByEmail(email);
          User member;
          boolean isNew = existing.isEmpty();
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
                    .uid(new UserId(c.uuid()))
                    .name(nameIfNew)
                    .email(email)
                    .organisation(team.organisation())
                    .createdAt(c.now)
                    .build();
            c.tx.users().insert(member);
            c.audit(AuditEventType.USER_CREATED, member.uid(), null, null, "invited to a team");
          }
          c.tx.teams().update(team.withMember(member.uid(), teamAdmin));
          for (Grant g : c.tx.grants().listByGrantees(List.of(Grantee.team(teamId)))) {
            c.outbox.permissionsChanged(c.tx, member.uid(), g.application(), c.now);
          }
          c.audit(
              AuditEventType.TEAM_MEMBER_ADDED,
              member.uid(),
              null,
              teamId.toString(),
              teamAdmin ? "as team admin" : "");
          return new Added(member, isNew);
        });
  }

  Team removeMember(Actor actor, TeamId teamId, UserId member) {
    return transactions.write(
        actor,
        c -> {
          Team team = c.team(teamId);
          c.policy.checkManageMembers(c.actor, team);
          if (!team.members().contains(member)) {
            throw new NotFoundException("user " + member + " is not a member of team " + teamId);
          }
          Team changed = team.withoutMember(member);
          c.tx.teams().update(changed);
          for (Grant g : c.tx.grants().listByGrantees(List.of(Grantee.team(teamId)))) {
            c.outbox.permissionsChanged(c.tx, member, g.application(), c.now);
          }
          c.audit(AuditEventType.TEAM_MEMBER_REMOVED, member, null, teamId.toString(), "");
          return changed;
        });
  }
}
