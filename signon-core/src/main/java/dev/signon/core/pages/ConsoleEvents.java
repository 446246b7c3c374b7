package dev.signon.core.pages;

import dev.signon.core.admin.EventSearch;
import dev.signon.core.admin.Page;
import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.oauth.ProtocolResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The console's event log: {@code /admin/events} shows the audit log newest first, 50 a page,
 * filtered by event, by the person it happened to and the person who did it (each by email), and by
 * a range of dates (UTC, both days included). Which events appear is what {@link
 * dev.signon.core.admin.AdminService#searchEvents} shows the signed-in admin.
 */
final class ConsoleEvents implements ConsoleRoom {
  static final String PATH = "/admin/events";
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.UK).withZone(ZoneOffset.UTC);

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String title() {
    return "Event log";
  }

  @Override
  public boolean opensTo(ConsoleCall call) {
    return call.me().role().isAdmin();
  }

  @Override
  public ProtocolResponse answer(ConsoleCall call, String rest) {
    if (!rest.isEmpty()) {
      return call.notFound();
    }
    if (!call.get()) {
      return call.getOnly();
    }
    FormErrors errors = new FormErrors();
    Map<String, String> chosen = new LinkedHashMap<>();
    EventSearch search = read(call, chosen, errors);
    Map<String, Object> m = model(chosen);
    if (!errors.isEmpty() || search == null) {
      return call.invalid("admin-events", "Event log", m, errors);
    }
    Page<AuditEvent> page = call.admin().admin().searchEvents(call.actor(), search);
    Map<UserId, String> names = new HashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AuditEvent e : page.items()) {
      Map<String, Object> r = new HashMap<>();
      r.put("when", WHEN.format(e.occurredAt()));
      r.put("event", label(e.type()) + " (" + e.type().code() + ")");
      r.put("user", person(call, names, e.subject()));
      r.put("initiator", e.initiator() == null ? "Host" : person(call, names, e.initiator()));
      r.put("ip", Optional.ofNullable(e.ipAddress()).orElse(""));
      r.put("userAgent", Optional.ofNullable(e.userAgent()).orElse(""));
      r.put("detail", e.detail());
      rows.add(r);
    }
    m.put("events", rows);
    m.put("hasEvents", !rows.isEmpty());
    m.put("total", page.total());
    int first = page.total() == 0 ? 0 : (page.page() - 1) * page.pageSize() + 1;
    m.put("showing", first + " to " + (first == 0 ? 0 : first + rows.size() - 1));
    if (page.page() > 1) {
      m.put("previous", call.path(PATH) + ConsoleUsers.query(chosen, page.page() - 1));
    }
    if (page.hasNext()) {
      m.put("next", call.path(PATH) + ConsoleUsers.query(chosen, page.page() + 1));
    }
    return call.page(200, "admin-events", "Event log", m);
  }

  private static @Nullable EventSearch read(
      ConsoleCall call, Map<String, String> chosen, FormErrors errors) {
    EventSearch.Builder b = EventSearch.builder();
    String code = keep(call, chosen, "code");
    if (!code.isEmpty()) {
      Optional<AuditEventType> type = Optional.empty();
      try {
        type = AuditEventType.fromCode(Integer.parseInt(code));
      } catch (NumberFormatException e) {
        // reported below
      }
      type.ifPresentOrElse(b::type, () -> errors.add("code", "Choose an event from the list"));
    }
    b.subject(user(call, keep(call, chosen, "user"), "user", errors));
    b.initiator(user(call, keep(call, chosen, "initiator"), "initiator", errors));
    b.from(day(keep(call, chosen, "from"), "from", false, errors));
    b.to(day(keep(call, chosen, "to"), "to", true, errors));
    String page = call.query("page");
    if (!page.isEmpty()) {
      if (page.length() > 6
          || !page.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(page) < 1) {
        errors.add("code", "The page number must be a whole number from 1");
      } else {
        b.page(Integer.parseInt(page));
      }
    }
    if (!errors.isEmpty()) {
      return null;
    }
    try {
      return b.build();
    } catch (InvalidInputException e) {
      errors.add("to", "The end date must be on or after the start date");
      return null;
    }
  }

  private static String keep(ConsoleCall call, Map<String, String> chosen, String name) {
    String v = call.query(name).strip();
    if (!v.isEmpty()) {
      chosen.put(name, v);
    }
    return v;
  }

  /**
   * The person with this email. Someone unknown matches no event (a filter that finds nothing, not
   * an error, so the page does not tell whether an account exists).
   */
  private static @Nullable UserId user(
      ConsoleCall call, String email, String field, FormErrors errors) {
    if (email.isEmpty()) {
      return null;
    }
    Email parsed;
    try {
      parsed = Email.of(email);
    } catch (InvalidInputException e) {
      errors.add(field, "Enter an email address, such as name@example.gov.uk");
      return null;
    }
    return call.store()
        .transaction(tx -> tx.users().findByEmail(parsed))
        .map(User::uid)
        .orElse(new UserId(new java.util.UUID(0, 0)));
  }

  private static @Nullable Instant day(String text, String field, boolean end, FormErrors errors) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      LocalDate d = LocalDate.parse(text);
      return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(field, "Enter a date as year-month-day, such as 2026-12-01");
      return null;
    }
  }

  private static String person(ConsoleCall call, Map<UserId, String> names, @Nullable UserId uid) {
    if (uid == null) {
      return "";
    }
    return names.computeIfAbsent(
        uid,
        id ->
            call.store()
                .transaction(tx -> tx.users().find(id))
                .map(u -> u.name() + " <" + u.email().value() + ">")
                .orElse(id.toString()));
  }

  private static Map<String, Object> model(Map<String, String> chosen) {
    Map<String, Object> m = new HashMap<>();
    List<Map.Entry<String, String>> types = new ArrayList<>();
    for (AuditEventType t : AuditEventType.values()) {
      types.add(Map.entry(Integer.toString(t.code()), label(t) + " (" + t.code() + ")"));
    }
    m.put("codes", ConsoleUsers.options(types, chosen.get("code")));
    m.put("user", chosen.getOrDefault("user", ""));
    m.put("initiator", chosen.getOrDefault("initiator", ""));
    m.put("from", chosen.getOrDefault("from", ""));
    m.put("to", chosen.getOrDefault("to", ""));
    return m;
  }

  /** {@code USER_SUSPENDED} as {@code User suspended}. */
  static String label(AuditEventType type) {
    return ConsoleUsers.label(type.name().toLowerCase(Locale.ROOT));
  }
}
