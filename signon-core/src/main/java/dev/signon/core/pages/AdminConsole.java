package dev.signon.core.pages;

import dev.signon.core.account.HostSession;
import dev.signon.core.admin.AdminServices;
import dev.signon.core.directory.User;
import dev.signon.core.error.AccessDeniedException;
import dev.signon.core.error.NotFoundException;
import dev.signon.core.oauth.HostPaths;
import dev.signon.core.oauth.ProtocolResponse;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console under {@link HostPaths#CONSOLE}: the pages for the people who run the host
 * (GOV.UK Signon's and MoJ Sign On's admin pages). Someone not signed in is sent to sign in and
 * brought back; a signed-in person who may open no room (a normal user) gets a 403 page; {@code
 * /admin} itself goes to the first room the person may open. Every read and change goes through the
 * same admin services as the JSON admin API, so the two never disagree: a refusal there ({@link
 * AccessDeniedException}) is a 403 page here, and something the person may not see ({@link
 * NotFoundException}) a 404.
 */
final class AdminConsole {
  private static final Logger log = LoggerFactory.getLogger(AdminConsole.class);

  private final HostPages site;
  private final AdminServices admin;
  private final List<ConsoleRoom> rooms;

  AdminConsole(HostPages site, AdminServices admin) {
    this.site = site;
    this.admin = admin;
    this.rooms =
        List.of(
            new ConsoleUsers(),
            new ConsoleApiUsers(),
            new ConsoleApplications(),
            new ConsoleOrganisations(),
            new ConsoleTeams(),
            new ConsoleEvents(),
            new ConsoleExpiringTokens(),
            new ConsoleBatchInvitations(),
            new ConsoleAgreements());
  }

  /** True for the console's paths. */
  static boolean serves(String path) {
    return path.equals(HostPaths.CONSOLE) || path.startsWith(HostPaths.CONSOLE + "/");
  }

  ProtocolResponse answer(Exchange x, String path) {
    Optional<HostSession> s = x.sessionToken().flatMap(site.services().hostSessions()::session);
    if (s.isEmpty()) {
      return x.redirect(YourApplications.signInReturningTo(x, x.get ? path : HostPaths.CONSOLE));
    }
    User me = site.store().transaction(tx -> tx.users().find(s.get().user())).orElseThrow();
    List<ConsoleRoom> open =
        rooms.stream()
            .filter(r -> r.opensTo(new ConsoleCall(x, site, me, admin, List.of(), r)))
            .toList();
    if (open.isEmpty()) {
      return forbidden(x);
    }
    if (path.equals(HostPaths.CONSOLE) || path.equals(HostPaths.CONSOLE + "/")) {
      return x.get ? x.redirect(x.path(open.get(0).path())) : x.methodNotAllowed("GET", "");
    }
    for (ConsoleRoom room : rooms) {
      if (path.equals(room.path())
          || path.startsWith(room.path() + "/")
          || path.startsWith(room.path() + ".")) {
        if (!open.contains(room)) {
          return forbidden(x);
        }
        ConsoleCall call = new ConsoleCall(x, site, me, admin, open, room);
        try {
          return room.answer(call, path.substring(room.path().length()));
        } catch (AccessDeniedException e) {
          log.debug("{} {} refused: {}", x.request.method(), path, e.getMessage());
          return forbidden(x);
        } catch (NotFoundException e) {
          return call.notFound();
        }
      }
    }
    return x.message(
        404, "Page not found", "There is no page at this address.", x.path(HostPaths.HOME), "Home");
  }

  /** The 403 page: the person is signed in but may not see this. */
  static ProtocolResponse forbidden(Exchange x) {
    return x.message(
        403,
        "You do not have permission to see this page",
        "Your account does not give you access to this part of the service. If you think it"
            + " should, ask an administrator.",
        x.path(HostPaths.HOME),
        "Go to your applications");
  }
}
