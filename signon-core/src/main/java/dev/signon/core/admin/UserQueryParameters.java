package dev.signon.core.admin;

import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.UserRole;
import dev.signon.core.directory.UserStatus;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the admin API's {@code GET /users} query into a {@link UserSearch}; a bad value is a 400
 * naming the parameter.
 */
final class UserQueryParameters {
  private static final Set<String> KNOWN =
      Set.of("q", "role", "organisation", "status", "two_step", "application", "api_users", "page");

  private UserQueryParameters() {}

  /**
   * The search the request asks for.
   *
   * @param organisation resolves a slug or id, refusing an unknown one naming the parameter
   * @param application resolves a client id, refusing an unknown one naming the parameter
   */
  static UserSearch read(
      ProtocolRequest request,
      Function<String, OrganisationId> organisation,
      Function<String, String> application) {
    Map<String, List<String>> params = request.queryParameters();
    for (String name : params.keySet()) {
      if (!KNOWN.contains(name)) {
        throw ApiError.invalidRequest(name + ": unknown parameter");
      }
    }
    UserSearch.Builder b = UserSearch.builder();
    b.text(one(params, "q"));
    String role = one(params, "role");
    if (role != null) {
      b.role(parse("role", role, UserRole::fromWireName));
    }
    String org = one(params, "organisation");
    if (org != null) {
      b.organisation(organisation.apply(org));
    }
    String status = one(params, "status");
    if (status != null) {
      b.status(parse("status", status, UserStatus::fromWireName));
    }
    b.twoStepSetUp(bool(params, "two_step"));
    String app = one(params, "application");
    if (app != null) {
      b.application(application.apply(app));
    }
    b.apiUsers(bool(params, "api_users"));
    String page = one(params, "page");
    if (page != null) {
      b.page(parse("page", page, UserQueryParameters::positive));
    }
    return b.build();
  }

  static @Nullable String one(Map<String, List<String>> params, String name) {
    List<String> values = params.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw ApiError.invalidRequest(name + ": given more than once");
    }
    if (values.isEmpty() || values.get(0).isBlank()) {
      return null;
    }
    return values.get(0);
  }

  private static @Nullable Boolean bool(Map<String, List<String>> params, String name) {
    String v = one(params, name);
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiError.invalidRequest(name + ": must be true or false");
    };
  }

  static int positive(String text) {
    if (text.length() > 9 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new InvalidInputException("must be a whole number from 1");
    }
    int n = Integer.parseInt(text);
    if (n < 1) {
      throw new InvalidInputException("must be a whole number from 1");
    }
    return n;
  }

  static <T> T parse(String name, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (InvalidInputException e) {
      throw ApiError.invalidRequest(name + ": " + AdminJson.describe(e));
    }
  }
}
