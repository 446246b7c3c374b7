package dev.signon.core.store.memory;

import dev.signon.core.access.Grant;
import dev.signon.core.access.GrantId;
import dev.signon.core.account.EmailChange;
import dev.signon.core.account.HostSession;
import dev.signon.core.account.SignInLink;
import dev.signon.core.account.UserCredentials;
import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.federation.UpstreamLink;
import dev.signon.core.notify.Notice;
import dev.signon.core.notify.SessionUse;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.AuthorizationCode;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.StoredSigningKey;
import dev.signon.core.token.TokenHandover;
import dev.signon.core.token.TokenHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Everything an {@link InMemorySignonStore} holds, one map per aggregate. Only a transaction that
 * holds the store's lock reads or writes it, and writes go through {@link InMemoryTransaction} so
 * that they can be undone.
 */
final class InMemoryData {
  final Map<OrganisationId, Organisation> organisations = new HashMap<>();
  final Map<TeamId, Team> teams = new HashMap<>();
  final Map<UserId, User> users = new HashMap<>();
  // Every user number ever given, to whom; never removed, so that no number is given twice.
  final Map<Long, UserId> userNumbers = new HashMap<>();
  final Map<ApplicationId, Application> applications = new HashMap<>();
  final Map<GrantId, Grant> grants = new HashMap<>();
  final List<AuditEvent> audit = new ArrayList<>();
  final Map<TokenHash, AuthorizationCode> codes = new HashMap<>();
  final Map<TokenHash, IssuedToken> tokens = new HashMap<>();
  final Map<ApplicationTokenId, ApplicationToken> applicationTokens = new HashMap<>();
  final Map<String, StoredSigningKey> signingKeys = new HashMap<>();
  final Map<String, Instant> oneTimeUses = new HashMap<>();
  final Map<UserId, UserCredentials> credentials = new HashMap<>();
  final Map<TokenHash, SignInLink> links = new HashMap<>();
  final Map<TokenHash, HostSession> sessions = new HashMap<>();
  final Map<String, InMemoryThrottleStore.Counter> throttle = new HashMap<>();
  final Map<TokenHash, TokenHandover> handovers = new HashMap<>();
  final Map<UUID, StoredNotice> notices = new HashMap<>();
  // The last position given to a notice; never reused, as a database sequence.
  final AtomicLong noticePositions = new AtomicLong();
  final Map<UUID, SessionUse> sessionUses = new HashMap<>();
  final Map<UserId, EmailChange> emailChanges = new HashMap<>();
  final Map<InMemorySignInCountStore.Key, Long> signInCounts = new HashMap<>();

  /** A notice in the outbox and, while one delivery holds it, until when. */
  record StoredNotice(Notice notice, @Nullable Instant claimedUntil) {}

  // Automatic token rotations by predecessor, the tokens whose rotation was claimed, and tokens'
  // own rotation policies.
  final Map<ApplicationTokenId, TokenRotationState> rotations = new HashMap<>();
  final Map<ApplicationTokenId, Instant> rotationClaims = new HashMap<>();
  final Map<ApplicationTokenId, RotationPolicy> rotationPolicies = new HashMap<>();
  final Map<ApplicationTokenId, dev.signon.core.rotation.TokenRoute> rotationRoutes =
      new HashMap<>();

  // The versions of the user agreement by number, and acceptances by person and version.
  final Map<Integer, UserAgreement> agreements = new HashMap<>();
  final Map<AcceptanceKey, AgreementAcceptance> acceptances = new HashMap<>();

  /** Whose acceptance of which version. */
  record AcceptanceKey(UserId user, int version) {}

  // Rotated client secrets on their way to a sink, by application.
  final Map<ApplicationId, dev.signon.core.rotation.ClientSecretDelivery> clientSecretDeliveries =
      new HashMap<>();

  // Upstream identities by issuer and subject, and the upstream each restricted account is held to.
  final Map<List<String>, UpstreamLink> upstreamLinks = new HashMap<>();
  final Map<UserId, String> emailMatchRestrictions = new HashMap<>();
}
