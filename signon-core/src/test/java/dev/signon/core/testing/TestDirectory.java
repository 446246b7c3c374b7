package dev.signon.core.testing;

import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.OrganisationId;
import dev.signon.core.directory.Team;
import dev.signon.core.directory.TeamId;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserId;
import dev.signon.core.token.IssuedToken;
import dev.signon.core.token.TokenHash;
import dev.signon.core.token.TokenKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Builders with sensible defaults for tests; set only what a test is about. */
public final class TestDirectory {
  /** A fixed instant, millisecond precision, that every store can round-trip. */
  public static final Instant T0 = Instant.parse("2026-01-05T09:30:00.123Z");

  private TestDirectory() {}

  public static Organisation.Builder organisation(String slug) {
    return Organisation.builder()
        .id(new OrganisationId(UUID.randomUUID()))
        .slug(slug)
        .name("Organisation " + slug)
        .contentId(UUID.randomUUID());
  }

  public static User.Builder user(String email) {
    return User.builder()
        .uid(new UserId(UUID.randomUUID()))
        .name("Joe Bloggs")
        .email(Email.of(email))
        .createdAt(T0);
  }

  public static Team.Builder team(String name, OrganisationId organisation) {
    return Team.builder().id(new TeamId(UUID.randomUUID())).name(name).organisation(organisation);
  }

  public static Application.Builder application(String clientId) {
    return Application.builder()
        .id(new ApplicationId(UUID.randomUUID()))
        .clientId(clientId)
        .name("App " + clientId)
        .redirectUri(RedirectUri.of("https://" + clientId + ".example/auth/signon/callback"));
  }

  /**
   * An access token for {@code app}, held by {@code holder} (none: a client's), issued at {@link
   * #T0} for an hour, unspent and unrevoked.
   */
  public static IssuedToken accessToken(TokenHash hash, Application app, @Nullable UserId holder) {
    return new IssuedToken(
        hash,
        TokenKind.ACCESS_TOKEN,
        app.id(),
        holder,
        Set.of("openid"),
        T0,
        T0,
        T0.plus(Duration.ofHours(1)),
        UUID.randomUUID(),
        null,
        null);
  }
}
