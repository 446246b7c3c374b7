package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.instant;
import static dev.signon.core.store.jdbc.Rows.nullableInstant;
import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.rotation.RotationPolicy;
import dev.signon.core.rotation.TokenRotationState;
import dev.signon.core.rotation.TokenRoute;
import dev.signon.core.store.TokenRotationStore;
import dev.signon.core.token.ApplicationTokenId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Automatic token rotations in {@code token_rotations}, tokens' own policies in {@code
 * application_token_policies}, their own routes in {@code application_token_routes}, and the claim
 * in {@code application_tokens.rotation_claimed_at}. Every step that must happen once is one
 * conditional {@code UPDATE}: the database serializes concurrent updates of a row, so on PostgreSQL
 * the loser either sees the winner's change and matches nothing, or fails with a serialization
 * failure and runs again.
 */
final class JdbcTokenRotationStore implements TokenRotationStore {
  private static final String SELECT =
      "SELECT predecessor_id, successor_id, api_user_id, application_id, sink, target, secret_key,"
          + " sealed_value, started_at, attempts, next_attempt_at, last_error, delivered_at,"
          + " completed_at, stalled_at FROM token_rotations";

  private static final Comparator<TokenRotationState> OLDEST_FIRST =
      Comparator.comparing(TokenRotationState::startedAt)
          .thenComparing(r -> r.predecessor().value());

  private final JdbcTransaction tx;
  private final JdbcSealedDeliveries deliveries;

  JdbcTokenRotationStore(JdbcTransaction tx) {
    this.tx = tx;
    this.deliveries =
        new JdbcSealedDeliveries(
            tx, "token_rotations", "predecessor_id", "a token rotation's delivery");
  }

  @Override
  public boolean claim(ApplicationTokenId token, Instant now) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(now, "now");
    return tx.update(
            "claim a token's rotation",
            "UPDATE application_tokens SET rotation_claimed_at = ?"
                + " WHERE id = ? AND rotation_claimed_at IS NULL AND revoked_at IS NULL",
            now,
            token.value())
        == 1;
  }

  @Override
  public void insert(TokenRotationState r) {
    Objects.requireNonNull(r, "rotation");
    tx.write(
        "insert a token rotation",
        Map.of(
            "token_rotations_pkey",
            () -> new ConflictException("token " + r.predecessor() + " already has a rotation"),
            "token_rotations_predecessor_fkey",
            () -> new NotFoundException("no application token " + r.predecessor()),
            "token_rotations_successor_fkey",
            () -> new NotFoundException("no application token " + r.successor())),
        c ->
            execute(
                c,
                "INSERT INTO token_rotations (predecessor_id, successor_id, api_user_id,"
                    + " application_id, sink, target, secret_key, sealed_value, started_at,"
                    + " attempts, next_attempt_at, last_error, delivered_at, completed_at,"
                    + " stalled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.predecessor().value(),
                r.successor().value(),
                r.apiUser().value(),
                r.application().value(),
                r.sink(),
                r.target(),
                r.key(),
                r.sealedValue(),
                r.startedAt(),
                r.attempts(),
                r.nextAttemptAt(),
                r.lastError(),
                r.deliveredAt(),
                r.completedAt(),
                r.stalledAt()));
  }

  @Override
  public Optional<TokenRotationState> find(ApplicationTokenId predecessor) {
    Objects.requireNonNull(predecessor, "predecessor");
    return tx.first(
        "find a token rotation",
        SELECT + " WHERE predecessor_id = ?",
        JdbcTokenRotationStore::read,
        predecessor.value());
  }

  @Override
  public Optional<TokenRotationState> findBySuccessor(ApplicationTokenId successor) {
    Objects.requireNonNull(successor, "successor");
    return tx.first(
        "find a token rotation",
        SELECT + " WHERE successor_id = ?",
        JdbcTokenRotationStore::read,
        successor.value());
  }

  @Override
  public List<TokenRotationState> listOpen() {
    return tx
        .list(
            "list open token rotations",
            SELECT + " WHERE completed_at IS NULL",
            JdbcTokenRotationStore::read)
        .stream()
        .sorted(OLDEST_FIRST)
        .toList();
  }

  @Override
  public boolean lease(ApplicationTokenId predecessor, Instant expected, Instant leaseUntil) {
    return deliveries.lease(predecessor.value(), expected, leaseUntil);
  }

  @Override
  public void deliveryFailed(
      ApplicationTokenId predecessor, int attempts, Instant nextAttemptAt, String error) {
    deliveries.failed(predecessor.value(), attempts, nextAttemptAt, error);
  }

  @Override
  public boolean delivered(ApplicationTokenId predecessor, Instant now) {
    return deliveries.delivered(predecessor.value(), now);
  }

  @Override
  public boolean complete(ApplicationTokenId predecessor, Instant now) {
    return tx.update(
            "complete a token rotation",
            "UPDATE token_rotations SET completed_at = ?"
                + " WHERE predecessor_id = ? AND completed_at IS NULL",
            now,
            predecessor.value())
        == 1;
  }

  @Override
  public boolean stalled(ApplicationTokenId predecessor, Instant now) {
    return tx.update(
            "record a stalled token rotation",
            "UPDATE token_rotations SET stalled_at = ?"
                + " WHERE predecessor_id = ? AND stalled_at IS NULL",
            now,
            predecessor.value())
        == 1;
  }

  @Override
  public Optional<RotationPolicy> policy(ApplicationTokenId token) {
    Objects.requireNonNull(token, "token");
    return tx.first(
        "read a token's rotation policy",
        "SELECT policy FROM application_token_policies WHERE token_id = ?",
        r -> RotationPolicy.parse(string(r, "policy")),
        token.value());
  }

  /** Replaces the row under one savepoint (there is no upsert every supported database shares). */
  @Override
  public void setPolicy(ApplicationTokenId token, RotationPolicy policy) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(policy, "policy");
    tx.change(
        "set a token's rotation policy",
        Map.of(
            "application_token_policies_token_fkey",
            () -> new NotFoundException("no application token " + token)),
        c -> {
          execute(c, "DELETE FROM application_token_policies WHERE token_id = ?", token.value());
          execute(
              c,
              "INSERT INTO application_token_policies (token_id, policy) VALUES (?, ?)",
              token.value(),
              policy.text());
        });
  }

  @Override
  public Optional<TokenRoute> route(ApplicationTokenId token) {
    Objects.requireNonNull(token, "token");
    return tx.first(
        "read a token's route",
        "SELECT sink, target, secret_key FROM application_token_routes WHERE token_id = ?",
        r -> new TokenRoute(string(r, "sink"), string(r, "target"), string(r, "secret_key")),
        token.value());
  }

  /** Replaces or removes the row under one savepoint. */
  @Override
  public void setRoute(ApplicationTokenId token, @Nullable TokenRoute route) {
    Objects.requireNonNull(token, "token");
    tx.change(
        "set a token's route",
        Map.of(
            "application_token_routes_token_fkey",
            () -> new NotFoundException("no application token " + token)),
        c -> {
          execute(c, "DELETE FROM application_token_routes WHERE token_id = ?", token.value());
          if (route != null) {
            execute(
                c,
                "INSERT INTO application_token_routes (token_id, sink, target, secret_key)"
                    + " VALUES (?, ?, ?, ?)",
                token.value(),
                route.sink(),
                route.target(),
                route.key());
          }
        });
  }

  private static TokenRotationState read(ResultSet r) throws SQLException {
    return new TokenRotationState(
        new ApplicationTokenId(uuid(r, "predecessor_id")),
        new ApplicationTokenId(uuid(r, "successor_id")),
        new UserId(uuid(r, "api_user_id")),
        new ApplicationId(uuid(r, "application_id")),
        string(r, "sink"),
        string(r, "target"),
        string(r, "secret_key"),
        nullableString(r, "sealed_value"),
        instant(r, "started_at"),
        r.getInt("attempts"),
        nullableInstant(r, "next_attempt_at"),
        nullableString(r, "last_error"),
        nullableInstant(r, "delivered_at"),
        nullableInstant(r, "completed_at"),
        nullableInstant(r, "stalled_at"));
  }
}
