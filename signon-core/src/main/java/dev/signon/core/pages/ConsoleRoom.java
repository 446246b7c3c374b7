package dev.signon.core.pages;

import dev.signon.core.oauth.ProtocolResponse;
import java.util.Map;

/**
 * One part of the admin console, such as the users or the applications: the pages below one path, a
 * link in the console's navigation, and who may open it. {@link AdminConsole} has checked that
 * someone is signed in before a room is asked anything; each room still asks the admin service,
 * which applies {@link dev.signon.core.access.AdminPolicy}, for every read and change.
 */
interface ConsoleRoom {
  /** The room's path below the issuer, such as {@code /admin/users}. */
  String path();

  /** Its name in the console's navigation, such as {@code Users}. */
  String title();

  /** True when the signed-in person may open this room at all. */
  boolean opensTo(ConsoleCall call);

  /**
   * Answers a request for a page of this room.
   *
   * @param rest what follows {@link #path()}: empty, or starting with {@code /}
   */
  ProtocolResponse answer(ConsoleCall call, String rest);

  /**
   * The success messages this room's pages show after a change, by the key the change's redirect
   * carries ({@link ConsoleCall#redirect(String, String)}), so a link cannot make a page say
   * anything else.
   */
  default Map<String, String> notices() {
    return Map.of();
  }
}
