package dev.signon.core.transfer;

import dev.signon.core.access.GrantId;
import dev.signon.core.access.Grantee;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A directory document as read, before it is checked against the store. Each entry keeps what could
 * be read of it: its identifiers, so that references to a broken entry do not cascade into more
 * problems, and {@code complete}, true when the entry read without a problem. Its {@code base}
 * domain object has its references still unresolved; for an incomplete entry it is a stand-in built
 * from the fields that did read (placeholders for the rest), used only to check the entries that
 * refer to it, and never written. {@code version} is the document's: a version 1 document says
 * nothing of what version 2 added (client settings, numbers, last sign-ins).
 */
record Document(
    int version,
    List<Document.OrganisationEntry> organisations,
    List<Document.TeamEntry> teams,
    List<Document.UserEntry> users,
    List<Document.ApplicationEntry> applications,
    List<Document.GrantEntry> grants,
    Set<Kind> opaque) {

  Document {
    organisations = List.copyOf(organisations);
    teams = List.copyOf(teams);
    users = List.copyOf(users);
    applications = List.copyOf(applications);
    grants = List.copyOf(grants);
    opaque = Set.copyOf(opaque);
  }

  /** The kinds of entity other entries refer to. */
  enum Kind {
    /** Referred to by slug. */
    ORGANISATION,
    /** Referred to by id. */
    TEAM,
    /** People and API users, referred to by uid. */
    USER,
    /** Referred to by client id. */
    APPLICATION
  }

  /**
   * True when some entry of {@code kind} could not be read far enough to know how it is referred to
   * (its section is not a list, an element is not an object, its key is not text). A reference that
   * resolves to nothing may then mean that entry: it is not reported as unknown, since the entry's
   * own problem already is, and the next import reports it if it is still wrong.
   */
  boolean isOpaque(Kind kind) {
    return opaque.contains(kind);
  }

  /**
   * An organisation; {@code base} has no parents yet: they are named by slug in {@code parents}.
   */
  record OrganisationEntry(
      String path,
      @Nullable OrganisationId id,
      @Nullable String slug,
      List<Located<String>> parents,
      List<Located<String>> feedParents,
      boolean parentsRead,
      @Nullable Organisation base,
      boolean complete) {}

  /** A team; it is built once its organisation slug is resolved. */
  record TeamEntry(
      String path,
      @Nullable TeamId id,
      @Nullable String name,
      @Nullable Located<String> organisation,
      List<Located<UserId>> members,
      List<Located<UserId>> admins,
      boolean complete) {}

  /**
   * A person or API user; {@code base} has no organisation yet, and carries the number the document
   * gives, if any. {@code lastSignInAt} is when a person last signed in, if the document says.
   */
  record UserEntry(
      String path,
      boolean apiUser,
      @Nullable UserId uid,
      @Nullable Email email,
      @Nullable Located<String> organisation,
      @Nullable Instant lastSignInAt,
      @Nullable User base,
      boolean complete) {}

  /** An application; {@code base} has no organisation yet. */
  record ApplicationEntry(
      String path,
      @Nullable ApplicationId id,
      @Nullable String clientId,
      @Nullable Located<String> organisation,
      @Nullable Application base,
      boolean complete,
      boolean saysNotices) {}

  /** A grant, naming its application by client id. */
  record GrantEntry(
      String path,
      @Nullable GrantId id,
      @Nullable Located<String> application,
      @Nullable Located<Grantee> grantee,
      List<Located<String>> roles,
      boolean complete) {}
}
