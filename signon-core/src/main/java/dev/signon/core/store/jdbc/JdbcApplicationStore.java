package dev.signon.core.store.jdbc;

import static dev.signon.core.store.jdbc.Rows.nullableString;
import static dev.signon.core.store.jdbc.Rows.nullableUuid;
import static dev.signon.core.store.jdbc.Rows.string;
import static dev.signon.core.store.jdbc.Rows.uuid;
import static dev.signon.core.store.jdbc.Statements.execute;

import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.ClientType;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.application.SigningAlgorithm;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.error.ConflictException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.store.ApplicationStore;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Applications in {@code applications}, their roles in {@code application_roles}, redirect URIs in
 * {@code application_redirect_uris} and post-logout redirect URIs in {@code
 * application_post_logout_redirect_uris}, each in the application's order. The ID-token signing
 * algorithm is stored by its JOSE name, the access-token format by its enum name.
 */
final class JdbcApplicationStore implements ApplicationStore {
  private final JdbcTransaction tx;

  JdbcApplicationStore(JdbcTransaction tx) {
    this.tx = tx;
  }

  @Override
  public void insert(Application a) {
    Objects.requireNonNull(a, "application");
    tx.directoryChanged();
    tx.change(
        "insert application " + a.clientId(),
        violations(a),
        c -> {
          execute(
              c,
              "INSERT INTO applications (id, client_id, name, description, service_uri,"
                  + " organisation_id, retired, api_only, client_secret_hash, jwks,"
                  + " id_token_signing_alg, access_token_format, client_type, jwks_uri,"
                  + " supports_push_updates, backchannel_logout_uri,"
                  + " backchannel_logout_session_required, push_base_uri, notice_give_up_seconds)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              a.id().value(),
              a.clientId(),
              a.name(),
              a.description(),
              serviceUri(a),
              organisation(a),
              a.retired(),
              a.apiOnly(),
              a.clientSecretHash(),
              a.jwks(),
              a.idTokenSigningAlgorithm().jwsName(),
              a.accessTokenFormat().name(),
              a.clientType().wireName(),
              jwksUri(a),
              a.supportsPushUpdates(),
              backchannelLogoutUri(a),
              a.backchannelLogoutSessionRequired(),
              pushBaseUri(a),
              giveUpSeconds(a));
          insertChildren(c, a);
        });
  }

  @Override
  public void update(Application a) {
    Objects.requireNonNull(a, "application");
    tx.directoryChanged();
    tx.change(
        "update application " + a.clientId(),
        violations(a),
        c -> {
          int rows =
              execute(
                  c,
                  "UPDATE applications SET client_id = ?, name = ?, description = ?,"
                      + " service_uri = ?, organisation_id = ?, retired = ?, api_only = ?,"
                      + " client_secret_hash = ?, jwks = ?, id_token_signing_alg = ?,"
                      + " access_token_format = ?, client_type = ?, jwks_uri = ?,"
                      + " supports_push_updates = ?, backchannel_logout_uri = ?,"
                      + " backchannel_logout_session_required = ?, push_base_uri = ?,"
                      + " notice_give_up_seconds = ? WHERE id = ?",
                  a.clientId(),
                  a.name(),
                  a.description(),
                  serviceUri(a),
                  organisation(a),
                  a.retired(),
                  a.apiOnly(),
                  a.clientSecretHash(),
                  a.jwks(),
                  a.idTokenSigningAlgorithm().jwsName(),
                  a.accessTokenFormat().name(),
                  a.clientType().wireName(),
                  jwksUri(a),
                  a.supportsPushUpdates(),
                  backchannelLogoutUri(a),
                  a.backchannelLogoutSessionRequired(),
                  pushBaseUri(a),
                  giveUpSeconds(a),
                  a.id().value());
          if (rows == 0) {
            throw new NotFoundException("no application " + a.id());
          }
          execute(c, "DELETE FROM application_roles WHERE application_id = ?", a.id().value());
          execute(
              c, "DELETE FROM application_redirect_uris WHERE application_id = ?", a.id().value());
          execute(
              c,
              "DELETE FROM application_post_logout_redirect_uris WHERE application_id = ?",
              a.id().value());
          insertChildren(c, a);
        });
  }

  private static void insertChildren(Connection c, Application a) throws SQLException {
    Statements.batch(
        c,
        "INSERT INTO application_roles (application_id, name, ordinal, description,"
            + " delegated, grantable) VALUES (?, ?, ?, ?, ?, ?)",
        a.roles(),
        (role, ordinal) ->
            new Object[] {
              a.id().value(),
              role.name(),
              ordinal,
              role.description(),
              role.delegated(),
              role.grantable()
            });
    insertUris(c, "application_redirect_uris", a.id(), a.redirectUris());
    insertUris(c, "application_post_logout_redirect_uris", a.id(), a.postLogoutRedirectUris());
  }

  /** Inserts {@code uris} into {@code table}, one of our ordered URI tables, in their order. */
  private static void insertUris(
      Connection c, String table, ApplicationId application, List<RedirectUri> uris)
      throws SQLException {
    Statements.batch(
        c,
        "INSERT INTO " + table + " (application_id, ordinal, uri) VALUES (?, ?, ?)",
        uris,
        (uri, ordinal) -> new Object[] {application.value(), ordinal, uri.value()});
  }

  private static @Nullable String serviceUri(Application a) {
    URI uri = a.serviceUri();
    return uri == null ? null : uri.toString();
  }

  private static @Nullable String backchannelLogoutUri(Application a) {
    URI uri = a.backchannelLogoutUri();
    return uri == null ? null : uri.toString();
  }

  private static @Nullable String pushBaseUri(Application a) {
    URI uri = a.pushBaseUri();
    return uri == null ? null : uri.toString();
  }

  private static @Nullable Long giveUpSeconds(Application a) {
    java.time.Duration d = a.noticeGiveUpAfter();
    return d == null ? null : d.toSeconds();
  }

  private static @Nullable String jwksUri(Application a) {
    URI uri = a.jwksUri();
    return uri == null ? null : uri.toString();
  }

  private static @Nullable UUID organisation(Application a) {
    OrganisationId org = a.organisation();
    return org == null ? null : org.value();
  }

  private static Map<String, Supplier<RuntimeException>> violations(Application a) {
    return Map.of(
        "applications_pkey",
        () -> new ConflictException("application id " + a.id() + " is taken"),
        "applications_client_id_key",
        () -> new ConflictException("client id " + a.clientId() + " is taken"),
        "applications_organisation_fkey",
        () -> new NotFoundException("no organisation " + a.organisation()));
  }

  @Override
  public Optional<Application> find(ApplicationId id) {
    Objects.requireNonNull(id, "id");
    ApplicationCache cache = tx.applicationCache();
    if (cache != null) {
      return cache.byId(id, () -> Rows.first(load("find an application", "id = ?", id.value())));
    }
    return Rows.first(load("find an application", "id = ?", id.value()));
  }

  @Override
  public Optional<Application> findByClientId(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    ApplicationCache cache = tx.applicationCache();
    if (cache != null) {
      return cache.byClientId(
          clientId, () -> Rows.first(load("find an application", "client_id = ?", clientId)));
    }
    return Rows.first(load("find an application", "client_id = ?", clientId));
  }

  @Override
  public List<Application> list() {
    return load("list applications", "1 = 1").stream()
        .sorted(Comparator.comparing(Application::clientId))
        .toList();
  }

  /** Reads the applications matching {@code condition} with four queries, whatever their number. */
  private List<Application> load(String what, String condition, @Nullable Object... params) {
    return tx.read(
        what,
        c -> {
          Map<UUID, Row> rows =
              Rows.grouped(
                  c,
                  "SELECT id, client_id, name, description, service_uri, organisation_id, retired,"
                      + " api_only, client_secret_hash, jwks, id_token_signing_alg,"
                      + " access_token_format, client_type, jwks_uri, supports_push_updates,"
                      + " backchannel_logout_uri, backchannel_logout_session_required,"
                      + " push_base_uri, notice_give_up_seconds"
                      + " FROM applications WHERE "
                      + condition,
                  "id",
                  Row::new,
                  (row, r) -> {},
                  params);
          if (rows.isEmpty()) {
            return List.of();
          }
          String ofThese =
              " WHERE application_id IN (SELECT id FROM applications WHERE " + condition;
          Rows.attach(
              c,
              "SELECT application_id, name, description, delegated, grantable FROM application_roles"
                  + ofThese
                  + ") ORDER BY application_id, ordinal",
              "application_id",
              rows,
              (row, r) ->
                  row.roles.add(
                      new Role(
                          string(r, "name"),
                          string(r, "description"),
                          r.getBoolean("delegated"),
                          r.getBoolean("grantable"))),
              params);
          Rows.attach(
              c,
              "SELECT application_id, uri FROM application_redirect_uris"
                  + ofThese
                  + ") ORDER BY application_id, ordinal",
              "application_id",
              rows,
              (row, r) -> row.redirectUris.add(new RedirectUri(string(r, "uri"))),
              params);
          Rows.attach(
              c,
              "SELECT application_id, uri FROM application_post_logout_redirect_uris"
                  + ofThese
                  + ") ORDER BY application_id, ordinal",
              "application_id",
              rows,
              (row, r) -> row.postLogoutRedirectUris.add(new RedirectUri(string(r, "uri"))),
              params);
          return rows.values().stream().map(Row::build).toList();
        });
  }

  /** An application being read, with its roles and both kinds of redirect URI in order. */
  private static final class Row {
    final Application.Builder builder;
    final List<Role> roles = new ArrayList<>();
    final List<RedirectUri> redirectUris = new ArrayList<>();
    final List<RedirectUri> postLogoutRedirectUris = new ArrayList<>();

    Row(ResultSet r) throws SQLException {
      UUID org = nullableUuid(r, "organisation_id");
      String service = nullableString(r, "service_uri");
      String jwksUri = nullableString(r, "jwks_uri");
      String logout = nullableString(r, "backchannel_logout_uri");
      String pushBase = nullableString(r, "push_base_uri");
      long giveUp = r.getLong("notice_give_up_seconds");
      boolean noGiveUp = r.wasNull();
      builder =
          Application.builder()
              .id(new ApplicationId(uuid(r, "id")))
              .clientId(string(r, "client_id"))
              .name(string(r, "name"))
              .description(string(r, "description"))
              .serviceUri(service == null ? null : URI.create(service))
              .organisation(org == null ? null : new OrganisationId(org))
              .retired(r.getBoolean("retired"))
              .apiOnly(r.getBoolean("api_only"))
              .clientSecretHash(nullableString(r, "client_secret_hash"))
              .jwks(nullableString(r, "jwks"))
              .jwksUri(jwksUri == null ? null : URI.create(jwksUri))
              .clientType(ClientType.fromWireName(string(r, "client_type")))
              .idTokenSigningAlgorithm(
                  SigningAlgorithm.fromJwsName(string(r, "id_token_signing_alg")))
              .accessTokenFormat(AccessTokenFormat.valueOf(string(r, "access_token_format")))
              .supportsPushUpdates(r.getBoolean("supports_push_updates"))
              .backchannelLogout(
                  logout == null ? null : URI.create(logout),
                  r.getBoolean("backchannel_logout_session_required"))
              .pushBaseUri(pushBase == null ? null : URI.create(pushBase))
              .noticeGiveUpAfter(noGiveUp ? null : java.time.Duration.ofSeconds(giveUp));
    }

    Application build() {
      return builder
          .roles(roles)
          .redirectUris(redirectUris)
          .postLogoutRedirectUris(postLogoutRedirectUris)
          .build();
    }
  }
}
