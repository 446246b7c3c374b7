package dev.signon.core.admin;

import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The admin operations on organisations and their graph (superadmins only); see {@link
 * AdminService}.
 */
final class OrganisationAdmin {
  private final AdminTransactions transactions;

  OrganisationAdmin(AdminTransactions transactions) {
    this.transactions = transactions;
  }

  Organisation create(Actor actor, String slug, String name, Set<OrganisationId> parents) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "create organisations");
          for (OrganisationId p : parents) {
            c.organisation(p);
          }
          Organisation o = insert(c, slug, name, parents);
          c.audit(AuditEventType.ORGANISATION_CREATED, null, null, o.id().toString(), o.slug());
          return o;
        });
  }

  Organisation ensurePath(Actor actor, String dottedPath) {
    Organisation.checkSlug(dottedPath);
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "create organisations");
          String[] parts = dottedPath.split("\\.");
          Organisation parent = null;
          for (int i = parts.length - 1; i >= 0; i--) {
            String slug = String.join(".", List.of(parts).subList(i, parts.length));
            Optional<Organisation> found = c.tx.organisations().findBySlug(slug);
            Organisation o;
            if (found.isEmpty()) {
              o = insert(c, slug, parts[i], parent == null ? Set.of() : Set.of(parent.id()));
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

  Organisation link(Actor actor, OrganisationId child, OrganisationId parent) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "edit organisations");
          Organisation o = c.organisation(child);
          Organisation p = c.organisation(parent);
          return o.parents().contains(parent) ? o : link(c, o, p);
        });
  }

  Organisation unlink(Actor actor, OrganisationId child, OrganisationId parent) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "edit organisations");
          Organisation o = c.organisation(child);
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

  Organisation update(Actor actor, OrganisationId id, String name, boolean twoStepMandated) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "edit organisations");
          Organisation o = c.organisation(id);
          Organisation changed = o.toBuilder().name(name).twoStepMandated(twoStepMandated).build();
          c.tx.organisations().update(changed);
          c.audit(AuditEventType.ORGANISATION_UPDATED, null, null, id.toString(), o.slug());
          return changed;
        });
  }

  Organisation changeSlug(Actor actor, OrganisationId id, String slug) {
    String checked = Organisation.checkSlug(java.util.Objects.requireNonNull(slug, "slug"));
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "edit organisations");
          Organisation o = c.organisation(id);
          if (o.slug().equals(checked)) {
            return o;
          }
          if (c.tx.organisations().findBySlug(checked).isPresent()) {
            throw new dev.signon.core.error.ConflictException(
                "another organisation has the slug " + checked);
          }
          Organisation changed = o.toBuilder().slug(checked).build();
          c.tx.organisations().update(changed);
          c.invalidateGraph();
          c.audit(
              AuditEventType.ORGANISATION_UPDATED,
              null,
              null,
              id.toString(),
              "slug " + o.slug() + " -> " + checked);
          return changed;
        });
  }

  Organisation close(Actor actor, OrganisationId id) {
    return transactions.write(
        actor,
        c -> {
          c.policy.checkSuperadmin(c.actor, "close organisations");
          Organisation o = c.organisation(id);
          if (o.closed()) {
            return o;
          }
          Organisation changed = o.toBuilder().closed(true).build();
          c.tx.organisations().update(changed);
          c.audit(AuditEventType.ORGANISATION_UPDATED, null, null, id.toString(), "closed");
          return changed;
        });
  }

  private static Organisation insert(
      AdminContext c, String slug, String name, Set<OrganisationId> parents) {
    Organisation o =
        Organisation.builder()
            .id(new OrganisationId(c.uuid()))
            .slug(slug)
            .name(name)
            .contentId(c.uuid())
            .parents(parents)
            .build();
    c.tx.organisations().insert(o);
    return o;
  }

  private static Organisation link(AdminContext c, Organisation child, Organisation parent) {
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
}
