package dev.signon.client.admin;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An application as the admin API shows it; it holds no secret.
 *
 * @param id its id
 * @param clientId its OAuth client id
 * @param name its name
 * @param description what it is for
 * @param roles the names of its roles, {@code signin} among them
 * @param organisation the id of the organisation that owns it, or {@code null}
 * @param homePage its home page, or {@code null}
 * @param apiOnly whether only API users use it
 * @param retired whether it is retired
 * @param supportsPushUpdates whether the host pushes gds-sso user updates and reauths to it
 * @param pushBaseUri where those pushes go when set explicitly (an app under a context path), or
 *     {@code null}
 * @param backchannelLogoutUri where the host posts back-channel logout tokens, or {@code null}
 * @param backchannelLogoutSessionRequired whether its logout tokens must carry {@code sid}
 * @param noticeGiveUpAfter how long the host retries its notices (ISO-8601, such as {@code PT6H}),
 *     or {@code null} for the host's default
 */
public record AdminApplication(
    String id,
    String clientId,
    String name,
    String description,
    List<String> roles,
    @Nullable String organisation,
    @Nullable String homePage,
    boolean apiOnly,
    boolean retired,
    boolean supportsPushUpdates,
    @Nullable String pushBaseUri,
    @Nullable String backchannelLogoutUri,
    boolean backchannelLogoutSessionRequired,
    @Nullable String noticeGiveUpAfter) {
  /** Copies the roles. */
  public AdminApplication {
    roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
  }
}
