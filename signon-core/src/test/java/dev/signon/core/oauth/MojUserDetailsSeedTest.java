package dev.signon.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.admin.Actor;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.memory.InMemorySignonStore;
import dev.signon.core.testing.EngineFixture;
import dev.signon.core.testing.TestDirectory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MoJ Sign On's {@code GET /api/user_details}, against the example in MoJ's guide for relying apps
 * (seed 002): "Using this OAuth access token, we make a request for the user's details calling GET
 * /api/user_details. This call returns the following JSON data".
 */
class MojUserDetailsSeedTest {
  /**
   * The seed's example, word for word but for the email address, which the copy of the guide we
   * have shows obfuscated ("[email protected]"); Joe's address stands in for it.
   */
  private static final String SEED_EXAMPLE =
      """
      {
      "id": 42,
      "email": "joe@example.gov.uk",
      "first_name": "Joe",
      "last_name": "Bloggs",
      "permissions": [
      { "organisation": "digital.moj", "roles": [ "reporting" ] }
      ],
      "links": {
      "profile": "https://www.signon.dsd.io/profile",
      "logout": "https://www.signon.dsd.io/users/sign_out"
      }
      }
      """;

  private final SignonStore store = new InMemorySignonStore();

  /** A host at MoJ's address whose Joe is its 42nd person. */
  private final EngineFixture f = moj();

  private EngineFixture moj() {
    // 40 people came before: the fixture's superadmin is then the 41st, and Joe the 42nd.
    store.transaction(
        tx -> {
          tx.users().insert(TestDirectory.user("earlier@example.gov.uk").number(40L).build());
          return null;
        });
    return new EngineFixture(URI.create("https://www.signon.dsd.io"), store, true, b -> {});
  }

  private JsonNode userDetails() {
    String token = json(f.exchange(f.code())).get("access_token").asString();
    return json(f.oauth.userDetails(f.bearerRequest("GET", "/api/user_details", token)));
  }

  @Test
  void thisCallReturnsTheFollowingJsonData() {
    JsonNode seed = EngineFixture.JSON.readTree(SEED_EXAMPLE);
    JsonNode ours = userDetails();

    assertSameKeysAndTypes("$", seed, ours);
    assertThat(ours).isEqualTo(seed);
  }

  @Test
  void theIdIsAnIntegerThatStaysThePersonsAndIsNeverGivenToAnother() {
    assertThat(userDetails().get("id").isIntegralNumber()).isTrue();
    assertThat(userDetails().get("id").longValue()).isEqualTo(42L);

    f.server
        .admin()
        .updateUser(Actor.host(), f.joe.uid(), "Joseph Bloggs", f.joe.email(), f.moj.id());
    assertThat(userDetails().get("id").longValue()).as("kept through changes").isEqualTo(42L);

    User someone =
        f.server
            .admin()
            .createUser(
                Actor.host(),
                dev.signon.core.admin.NewUser.of("Ann Other", Email.of("ann@example.gov.uk")));
    store.transaction(tx -> tx.users().delete(someone.uid()));
    User next =
        f.server
            .admin()
            .createUser(
                Actor.host(),
                dev.signon.core.admin.NewUser.of("Ben Other", Email.of("ben@example.gov.uk")));
    assertThat(store.transaction(tx -> tx.users().find(next.uid())).orElseThrow().number())
        .as("a removed person's number is not given again")
        .isEqualTo(44L);
  }

  @Test
  void rolesAreASubsetOfTheRolesDefinedAgainstTheApplicationWithoutGovUkSignin() {
    JsonNode roles = userDetails().get("permissions").get(0).get("roles");
    assertThat(roles.toString()).isEqualTo("[\"reporting\"]");

    JsonNode gdsUser =
        json(f.oauth.userJson(
                f.bearerRequest(
                    "GET",
                    "/user.json",
                    json(f.exchange(f.code())).get("access_token").asString())))
            .get("user");
    assertThat(gdsUser.get("permissions").toString())
        .as("gds-sso's user.json keeps signin, which GOV.UK apps expect")
        .isEqualTo("[\"reporting\",\"signin\"]");
  }

  /** Fails at the first path where the two documents differ in keys, their order, or a type. */
  private static void assertSameKeysAndTypes(String path, JsonNode expected, JsonNode actual) {
    assertThat(actual.getNodeType()).as("type at %s", path).isEqualTo(expected.getNodeType());
    if (expected.isObject()) {
      assertThat(keys(actual)).as("keys at %s", path).isEqualTo(keys(expected));
      for (Map.Entry<String, JsonNode> e : ((ObjectNode) expected).properties()) {
        assertSameKeysAndTypes(path + "." + e.getKey(), e.getValue(), actual.get(e.getKey()));
      }
    } else if (expected.isArray()) {
      assertThat(actual.size()).as("length of %s", path).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertSameKeysAndTypes(path + "[" + i + "]", expected.get(i), actual.get(i));
      }
    } else if (expected.isNumber()) {
      assertThat(actual.isIntegralNumber())
          .as("integer at %s", path)
          .isEqualTo(expected.isIntegralNumber());
    }
  }

  private static List<String> keys(JsonNode node) {
    return new ArrayList<>(node.propertyNames());
  }

  private static JsonNode json(dev.signon.core.oauth.ProtocolResponse r) {
    return EngineFixture.JSON.readTree(r.body());
  }
}
