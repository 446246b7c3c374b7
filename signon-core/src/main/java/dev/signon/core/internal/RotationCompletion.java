package dev.signon.core.internal;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * Completes a token rotation once its successor has been used: revokes the token it replaces and
 * records that, in the caller's transaction. Called on the successor's first authenticated use (by
 * the bearer lookup) and by the host's housekeeping for uses it has not seen.
 */
public final class RotationCompletion {
  private RotationCompletion() {}

  /**
   * Revokes the token {@code successor} replaces, if it is still unrevoked, audits the revocation
   * and the rotation's completion, and marks an automatic rotation completed.
   *
   * @return whether this call revoked the old token
   */
  public static boolean successorUsed(
      StoreTransaction tx, ApplicationToken successor, Instant now, SecureRandom random) {
    ApplicationTokenId replaced = successor.replaces();
    if (replaced == null) {
      return false;
    }
    tx.tokenRotations().complete(replaced, now);
    if (!tx.applicationTokens().revoke(replaced, now)) {
      return false;
    }
    String why = "successor application-token:" + successor.id() + " was used";
    for (AuditEventType type :
        List.of(
            AuditEventType.APPLICATION_TOKEN_REVOKED,
            AuditEventType.APPLICATION_TOKEN_ROTATION_COMPLETED)) {
      tx.audit()
          .append(
              new AuditEvent(
                  Ids.randomUuid(random),
                  now,
                  type,
                  successor.apiUser(),
                  null,
                  successor.application(),
                  "application-token:" + replaced,
                  null,
                  null,
                  type == AuditEventType.APPLICATION_TOKEN_REVOKED ? "" : why));
    }
    return true;
  }
}
