package dev.signon.core.admin;

import static dev.signon.core.admin.AdminJson.body;
import static dev.signon.core.admin.AdminJson.json;

import dev.signon.core.agreement.AgreementAcceptance;
import dev.signon.core.agreement.UserAgreement;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolRequest;
import dev.signon.core.oauth.ProtocolResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The admin API's {@code /agreements} resource (list the versions of the user agreement, add one)
 * and {@code /users/{uid}/agreements} (the versions a person accepted). Each translates JSON to one
 * call of {@link AgreementAdmin} and its answer back.
 */
final class AgreementResources {
  private final AgreementAdmin agreements;
  private final UnaryOperator<String> location;

  AgreementResources(AgreementAdmin agreements, UnaryOperator<String> location) {
    this.agreements = agreements;
    this.location = location;
  }

  ProtocolResponse list(AdminCaller caller) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (UserAgreement a : agreements.list(caller.actor())) {
      out.add(document(a));
    }
    return json(200, Map.of("agreements", out));
  }

  ProtocolResponse add(AdminCaller caller, ProtocolRequest request) {
    AdminJson.Body body = body(request, Set.of("title", "text", "required_from"));
    String title = body.required("title");
    String text = body.required("text");
    Instant requiredFrom = body.parse("required_from", AgreementResources::instant);
    UserAgreement a = agreements.add(caller.actor(), title, text, requiredFrom);
    return json(201, document(a))
        .withHeader("Location", location.apply("/agreements/" + a.version()));
  }

  ProtocolResponse acceptances(AdminCaller caller, UserId uid) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (AgreementAcceptance a : agreements.acceptances(caller.actor(), uid)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", a.version());
      m.put("accepted_at", a.acceptedAt().toString());
      m.put("ip_address", a.ipAddress());
      out.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("uid", uid.toString());
    doc.put("acceptances", out);
    return json(200, doc);
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("must be an ISO 8601 instant such as 2027-01-01T00:00:00Z");
    }
  }

  private static Map<String, Object> document(UserAgreement a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", a.version());
    m.put("title", a.title());
    m.put("text", a.text());
    m.put("required_from", a.requiredFrom().toString());
    m.put("created_at", a.createdAt().toString());
    return m;
  }
}
