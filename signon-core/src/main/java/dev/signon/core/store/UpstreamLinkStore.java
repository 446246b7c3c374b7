package dev.signon.core.store;

import dev.signon.core.directory.UserId;
import dev.signon.core.federation.UpstreamLink;
import java.util.List;
import java.util.Optional;

/**
 * Stores the links from upstream identities (issuer and subject) to accounts, and the upstream an
 * account pre-activated by email is restricted to. Removing the user removes both.
 */
public interface UpstreamLinkStore {
  /**
   * Adds a link.
   *
   * @throws dev.signon.core.error.ConflictException if the issuer and subject are linked already
   * @throws dev.signon.core.error.NotFoundException if the user is not stored
   */
  void insert(UpstreamLink link);

  /** The link of this upstream identity. */
  Optional<UpstreamLink> find(String issuer, String subject);

  /** The links of {@code user}, oldest first. */
  List<UpstreamLink> listByUser(UserId user);

  /**
   * Restricts the matching of {@code user} by email to identities from the upstream named {@code
   * upstream}, replacing any earlier restriction.
   *
   * @throws dev.signon.core.error.NotFoundException if the user is not stored
   */
  void restrictEmailMatch(UserId user, String upstream);

  /** The upstream that matching {@code user} by email is restricted to, if any. */
  Optional<String> emailMatchRestriction(UserId user);
}
