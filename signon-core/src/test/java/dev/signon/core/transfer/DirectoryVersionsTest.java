package dev.signon.core.transfer;

import static dev.signon.core.transfer.TransferTesting.entry;
import static dev.signon.core.transfer.TransferTesting.json;
import static dev.signon.core.transfer.TransferTesting.sample;
import static dev.signon.core.transfer.TransferTesting.sampleJson;
import static dev.signon.core.transfer.TransferTesting.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.signon.core.application.AccessTokenFormat;
import dev.signon.core.application.Application;
import dev.signon.core.application.ClientType;
import dev.signon.core.application.SigningAlgorithm;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.token.ClientSecret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Version 2 of the directory document, and version 1 still read as before. */
class DirectoryVersionsTest {
  private final SignonStore store = new InMemorySignonStore();
  private final DirectoryTransfer transfer = transfer(store);

  static String sampleVersion1() {
    try (InputStream in =
        Objects.requireNonNull(
            DirectoryVersionsTest.class.getResourceAsStream(
                "/transfer/sample-directory-v1.json"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- version 1

  @Test
  void versionOneDocumentStillImportsAsBefore() {
    transfer.importJson(sampleVersion1(), null);

    // The same directory as the version 2 sample, but for what only version 2 carries: every
    // application takes the default client settings, and nobody's last sign-in is known.
    ObjectNode expected = sample();
    for (var a : (ArrayNode) expected.get("applications")) {
      ObjectNode app = (ObjectNode) a;
      app.put("client_type", "public");
      app.putNull("jwks");
      app.putNull("jwks_uri");
      app.put("id_token_signing_alg", "RS256");
      app.put("access_token_format", "opaque");
      app.putArray("post_logout_redirect_uris");
      app.put("supports_push_updates", false);
      app.putNull("push_base_uri");
      app.putNull("backchannel_logout_uri");
      app.put("backchannel_logout_session_required", false);
      app.putNull("notice_give_up_after");
    }
    for (var u : (ArrayNode) expected.get("users")) {
      ((ObjectNode) u).putNull("last_sign_in_at");
    }
    assertThat(TransferTesting.JSON.readTree(transfer.exportJson())).isEqualTo(expected);
  }

  @Test
  void versionOneDocumentKeepsTheStoredClientSettings() {
    transfer.importJson(sampleJson(), null);
    ClientSecret secret = ClientSecret.mint(new SecureRandom());
    store.transaction(
        tx -> {
          Application visits = tx.applications().findByClientId("prison-visits").orElseThrow();
          tx.applications().update(visits.toBuilder().clientSecretHash(secret.hash()).build());
          return null;
        });
    Application visitsBefore = application("prison-visits");
    Application publisherBefore = application("publisher");

    ImportReport report = transfer.importJson(sampleVersion1(), null);

    assertThat(application("prison-visits")).isEqualTo(visitsBefore);
    assertThat(application("prison-visits").clientSecretHash()).isEqualTo(secret.hash());
    assertThat(application("publisher")).isEqualTo(publisherBefore);
    assertThat(application("publisher").clientType()).isEqualTo(ClientType.PRIVATE_KEY_JWT);
    assertThat(report.applications().updated()).isZero();
  }

  @Test
  void versionOneDocumentRefusesVersionTwoKeys() {
    ObjectNode doc = (ObjectNode) TransferTesting.JSON.readTree(sampleVersion1());
    entry(doc, "applications", 0).put("client_type", "public");
    entry(doc, "users", 0).put("number", 7);

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            new ImportProblem("$.users[0].number", "unknown key"),
            new ImportProblem("$.applications[0].client_type", "unknown key"));
  }

  // --- version 2: what it carries

  @Test
  void versionTwoCarriesClientSettingsNumbersAndLastSignIns() {
    transfer.importJson(sampleJson(), null);

    Application publisher = application("publisher");
    assertThat(publisher.clientType()).isEqualTo(ClientType.PRIVATE_KEY_JWT);
    assertThat(publisher.jwks()).contains("publisher-2026");
    assertThat(publisher.idTokenSigningAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(publisher.accessTokenFormat()).isEqualTo(AccessTokenFormat.JWT);
    Application visits = application("prison-visits");
    assertThat(visits.clientType()).isEqualTo(ClientType.CONFIDENTIAL);
    assertThat(visits.clientSecretHash()).as("secrets never travel").isNull();
    assertThat(visits.postLogoutRedirectUris()).hasSize(1);
    Long carol =
        store.transaction(
            tx ->
                tx.users()
                    .findByEmail(dev.signon.core.directory.Email.of("carol@digital.example"))
                    .orElseThrow()
                    .number());
    assertThat(carol).isEqualTo(3L);
  }

  @Test
  void versionTwoKeysMayBeLeftOutForTheirDefaults() {
    ObjectNode doc = sample();
    ObjectNode legacy = entry(doc, "applications", 0);
    for (String key :
        new String[] {
          "client_type",
          "jwks",
          "jwks_uri",
          "id_token_signing_alg",
          "access_token_format",
          "post_logout_redirect_uris"
        }) {
      legacy.remove(key);
    }
    entry(doc, "users", 0).remove("number");
    entry(doc, "users", 0).remove("last_sign_in_at");

    transfer.importJson(json(doc), null);

    assertThat(application("legacy-reports").clientType()).isEqualTo(ClientType.PUBLIC);
  }

  @Test
  void versionTwoCarriesWhatTheHostTellsEachApplication() {
    transfer.importJson(sampleJson(), null);

    Application visits = application("prison-visits");
    assertThat(visits.supportsPushUpdates()).isTrue();
    assertThat(visits.backchannelLogoutUri())
        .isEqualTo(java.net.URI.create("https://visits.example/auth/signon/backchannel_logout"));
    assertThat(visits.backchannelLogoutSessionRequired()).isTrue();
    assertThat(visits.noticeGiveUpAfter()).isEqualTo(java.time.Duration.ofHours(6));
    assertThat(application("publisher").supportsPushUpdates()).isFalse();
    assertThat(TransferTesting.JSON.readTree(transfer.exportJson())).isEqualTo(sample());
  }

  @Test
  void documentWithoutNoticeKeysKeepsTheStoredNoticeSettings() {
    transfer.importJson(sampleJson(), null);
    Application before = application("prison-visits");
    ObjectNode doc = sample();
    for (String key :
        new String[] {
          "supports_push_updates",
          "push_base_uri",
          "backchannel_logout_uri",
          "backchannel_logout_session_required",
          "notice_give_up_after"
        }) {
      entry(doc, "applications", 1).remove(key);
    }

    transfer.importJson(json(doc), null);

    assertThat(application("prison-visits")).isEqualTo(before);
    assertThat(application("prison-visits").supportsPushUpdates()).isTrue();
  }

  @Test
  void versionOneDocumentKeepsTheStoredNoticeSettings() {
    transfer.importJson(sampleJson(), null);
    Application before = application("prison-visits");

    transfer.importJson(sampleVersion1(), null);

    assertThat(application("prison-visits").noticeGiveUpAfter())
        .isEqualTo(before.noticeGiveUpAfter());
    assertThat(application("prison-visits").backchannelLogoutUri())
        .isEqualTo(before.backchannelLogoutUri());
  }

  @Test
  void importWhenGiveUpTimeOrPushBaseMalformedThenRefusedAtTheKey() {
    ObjectNode doc = sample();
    entry(doc, "applications", 1).put("notice_give_up_after", "six hours");
    entry(doc, "applications", 2).put("notice_give_up_after", "PT10S");
    entry(doc, "applications", 3).put("push_base_uri", "/relative");

    assertThat(rejected(json(doc)).problems())
        .extracting(ImportProblem::path)
        .containsExactlyInAnyOrder(
            "$.applications[1].notice_give_up_after",
            "$.applications[2].notice_give_up_after",
            "$.applications[3].push_base_uri");
  }

  // --- version 2: refusals

  @Test
  void importWhenJwksHoldsAPrivateKeyThenRefused() throws Exception {
    ObjectNode doc = sample();
    String privateJwks =
        new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k").generate()).toString(false);
    entry(doc, "applications", 2).set("jwks", TransferTesting.JSON.readTree(privateJwks));

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            new ImportProblem(
                "$.applications[2].jwks", "a client's registered JWKS must hold public keys only"));
  }

  @Test
  void importWhenClientTypeContradictsTheKeysThenRefused() {
    ObjectNode doc = sample();
    entry(doc, "applications", 2).put("client_type", "public");
    entry(doc, "applications", 1).put("client_type", "shared");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            new ImportProblem(
                "$.applications[1].client_type",
                "not a client type: shared (public, confidential or private_key_jwt)"),
            new ImportProblem(
                "$.applications[2].client_type",
                "client type public: a public client has no credentials"));
  }

  @Test
  void importWhenPrivateKeyJwtClientHasNoKeysOrBothKindsThenRefused() {
    ObjectNode doc = sample();
    entry(doc, "applications", 0).put("client_type", "private_key_jwt");
    entry(doc, "applications", 2).put("jwks_uri", "https://publisher.example/jwks.json");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            new ImportProblem(
                "$.applications[0].client_type",
                "client type private_key_jwt: needs jwks or jwks_uri, and no client secret"),
            new ImportProblem(
                "$.applications[2].jwks", "client keys: give jwks or jwks_uri, not both"));
  }

  @Test
  void importWhenNumbersRepeatOrAreNotPositiveThenRefused() {
    ObjectNode doc = sample();
    entry(doc, "users", 1).put("number", 1);
    entry(doc, "users", 2).put("number", 0);
    entry(doc, "users", 3).put("number", "4");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(
            new ImportProblem("$.users[1].number", "duplicate of $.users[0].number"),
            new ImportProblem(
                "$.users[2].number", "user number must be a positive whole number: 0"),
            new ImportProblem("$.users[3].number", "must be a whole number or null"));
  }

  @Test
  void importWhenApiUserHasALastSignInThenRefused() {
    ObjectNode doc = sample();
    entry(doc, "api_users", 0).put("last_sign_in_at", "2026-12-01T00:00:00Z");

    assertThat(rejected(json(doc)).problems())
        .containsExactly(new ImportProblem("$.api_users[0].last_sign_in_at", "unknown key"));
  }

  private Application application(String clientId) {
    return store.transaction(tx -> tx.applications().findByClientId(clientId)).orElseThrow();
  }

  private ImportRejectedException rejected(String json) {
    ImportRejectedException e =
        catchThrowableOfType(ImportRejectedException.class, () -> transfer.importJson(json, null));
    assertThat(e).as("the import should have been refused").isNotNull();
    return e;
  }
}
