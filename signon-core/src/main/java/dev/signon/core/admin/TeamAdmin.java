package dev.signon.core.admin;

import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.NotFoundException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The admin operations on teams and their members; see {@link AdminService}. */
final class TeamAdmin {
  private final AdminTransactions transactions;

  TeamAdmin(AdminTransactions transactions) {
    this.transactions = transactions;
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

  User addMember(
      Actor actor, TeamId teamId, Email email, @Nullable String nameIfNew, boolean teamAdmin) {
    return transactions.write(
        actor,
        c -> {
          Team team = c.team(teamId);
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
          c.audit(
              AuditEventType.TEAM_MEMBER_ADDED,
              member.uid(),
              null,
              teamId.toString(),
              teamAdmin ? "as team admin" : "");
          return member;
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
          c.audit(AuditEventType.TEAM_MEMBER_REMOVED, member, null, teamId.toString(), "");
          return changed;
        });
  }
}
