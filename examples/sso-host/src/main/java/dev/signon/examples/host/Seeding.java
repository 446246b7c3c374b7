package dev.signon.examples.host;

import dev.signon.core.SignonServer;
import dev.signon.core.access.Grantee;
import dev.signon.core.admin.Actor;
import dev.signon.core.admin.NewUser;
import dev.signon.core.application.Application;
import dev.signon.core.application.RedirectUri;
import dev.signon.core.application.Role;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.Organisation;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import dev.signon.core.mail.EmailMessage;
import dev.signon.core.mail.InMemoryEmailSender;
import dev.signon.core.signin.Origin;
import dev.signon.core.token.ClientSecret;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenValue;
import dev.signon.core.transfer.ImportReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Seeds an empty store and imports the directory once every bean exists and before the web server
 * starts, so nothing answers until the data a newcomer needs (the password, the demo app's secret
 * file) is there.
 */
final class Seeding implements SmartInitializingSingleton {
  private static final Pattern LINK_TOKEN = Pattern.compile("[?&]token=([^\\s&]+)");

  private final KeyEncryptionKey kek;
  private final SecureRandom random;
  private final Path dataDir;
  private final @Nullable Path importFile;
  private final boolean seed;
  private final PrintStream out;
  private @Nullable ConfigurableApplicationContext context;
  private volatile @Nullable String password;

  Seeding(
      KeyEncryptionKey kek,
      SecureRandom random,
      Path dataDir,
      @Nullable Path importFile,
      boolean seed,
      PrintStream out) {
    this.kek = kek;
    this.seed = seed;
    this.random = random;
    this.dataDir = dataDir;
    this.importFile = importFile;
    this.out = out;
  }

  /** The superadmin's password if this start seeded the store; null otherwise. */
  @Nullable String password() {
    return password;
  }

  Seeding in(ConfigurableApplicationContext context) {
    this.context = context;
    return this;
  }

  @Override
  public void afterSingletonsInstantiated() {
    SignonServer server = Objects.requireNonNull(context).getBean(SignonServer.class);
    try {
      // A staging host gets its directory, ids and all, from production's: seeding it would clash.
      password = seed ? seedIfEmpty(server, kek, random, dataDir, out) : null;
    } catch (IOException e) {
      throw new SsoHost.StartupException("could not keep the demo app's secret in " + dataDir, e);
    }
    if (importFile != null) {
      importDirectory(server, importFile, out);
    }
  }

  /** Seeds an empty store; returns the superadmin's password, or null if there were users. */
  private static @Nullable String seedIfEmpty(
      SignonServer server, KeyEncryptionKey kek, SecureRandom random, Path dataDir, PrintStream out)
      throws IOException {
    boolean empty = server.store().transaction(tx -> tx.users().list().isEmpty());
    if (!empty) {
      return null;
    }
    Actor host = Actor.host();
    Organisation organisation = server.admin().ensureOrganisationPath(host, SsoHost.ORGANISATION);
    User admin =
        server
            .admin()
            .createUser(
                host,
                NewUser.of("Example Admin", Email.of(SsoHost.ADMIN_EMAIL))
                    .inOrganisation(organisation.id())
                    .withRole(UserRole.SUPERADMIN));
    String password = newPassword(random);
    acceptInvitation(server, kek, random, admin, password);

    Path secretFile =
        seedApplication(
            server,
            random,
            dataDir,
            admin,
            SsoHost.DEMO_CLIENT_ID,
            "Demo app",
            SsoHost.DEMO_APP_URL,
            SsoHost.DEMO_SECRET_FILE);
    Path springSecretFile =
        seedApplication(
            server,
            random,
            dataDir,
            admin,
            SsoHost.SPRING_CLIENT_ID,
            "Spring demo app",
            SsoHost.SPRING_APP_URL,
            SsoHost.SPRING_SECRET_FILE);

    out.println();
    out.println("Seeded a new store in " + dataDir + ":");
    out.println("  organisation " + SsoHost.ORGANISATION);
    out.println(
        "  application  " + SsoHost.DEMO_CLIENT_ID + " (client secret in " + secretFile + ")");
    out.println(
        "  application  "
            + SsoHost.SPRING_CLIENT_ID
            + " (client secret in "
            + springSecretFile
            + ")");
    out.println("  superadmin   " + SsoHost.ADMIN_EMAIL);
    out.println("  password     " + password);
    out.println("The password is shown this once. Admins must set up two-step verification");
    out.println("at their first sign-in: have an authenticator app ready to scan the QR code.");
    out.println();
    return password;
  }

  /**
   * Registers one of the example relying apps at {@code url} with a {@code reporting} role, pushes
   * and back-channel logout, grants {@code admin} both roles, and keeps the client secret in {@code
   * secretFileName}.
   */
  private static Path seedApplication(
      SignonServer server,
      SecureRandom random,
      Path dataDir,
      User admin,
      String clientId,
      String name,
      String url,
      String secretFileName)
      throws IOException {
    Actor host = Actor.host();
    ClientSecret secret = ClientSecret.mint(random);
    Application app =
        server
            .admin()
            .createApplication(
                host,
                Application.builder()
                    .id(server.admin().newApplicationId())
                    .clientId(clientId)
                    .name(name)
                    .description("The example relying app on " + url)
                    .role(Role.of("reporting"))
                    .redirectUri(RedirectUri.of(url + "/auth/signon/callback"))
                    .postLogoutRedirectUri(RedirectUri.of(url + "/auth/signon/signed_out"))
                    .serviceUri(URI.create(url))
                    .clientSecretHash(secret.hash())
                    // The filter takes gds-sso pushes (a suspension ends the session, a role
                    // change shows at the next request) and back-channel logout tokens.
                    .supportsPushUpdates(true)
                    .backchannelLogout(URI.create(url + "/auth/signon/backchannel_logout"), true)
                    .build());
    server.admin().grant(host, app.id(), Grantee.user(admin.uid()), Set.of("signin", "reporting"));
    Path secretFile = dataDir.resolve(secretFileName);
    Files.deleteIfExists(secretFile);
    SsoHost.writePrivateFile(secretFile, secret.value().reveal());
    return secretFile;
  }

  /**
   * Makes the invited superadmin active with {@code password}, through the invitation flow: a
   * second engine over the same store emails the link into memory, and the link is used at once.
   */
  private static void acceptInvitation(
      SignonServer server, KeyEncryptionKey kek, SecureRandom random, User admin, String password) {
    InMemoryEmailSender inbox = new InMemoryEmailSender();
    SignonServer seeding =
        SignonServer.builder()
            .issuer(server.issuer())
            .store(server.store())
            .keyEncryptionKey(kek)
            .random(random)
            .clock(server.clock())
            .emailSender(inbox)
            .build();
    // Not closed: closing would close the store it shares with the running host.
    seeding.admin().invite(Actor.host(), admin.uid());
    EmailMessage invitation =
        inbox
            .lastTo(admin.email())
            .orElseThrow(() -> new IllegalStateException("no invitation was sent"));
    Matcher m = LINK_TOKEN.matcher(invitation.text());
    if (!m.find()) {
      throw new IllegalStateException("the invitation holds no link");
    }
    TokenValue link =
        TokenValue.presented(m.group(1))
            .orElseThrow(() -> new IllegalStateException("the invitation link is malformed"));
    seeding.emailedLinks().acceptInvitation(link, password, Origin.unknown());
  }

  /** Four groups of five letters and digits, easy to type: about 100 bits. */
  static String newPassword(SecureRandom random) {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    StringBuilder sb = new StringBuilder();
    for (int group = 0; group < 4; group++) {
      if (group > 0) {
        sb.append('-');
      }
      for (int i = 0; i < 5; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return sb.toString();
  }

  private static void importDirectory(SignonServer server, Path file, PrintStream out) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SsoHost.StartupException("SIGNON_IMPORT: cannot read " + file, e);
    }
    try {
      ImportReport report = server.admin().importDirectory(Actor.host(), json);
      out.println("Imported " + file + ": " + report.summary());
    } catch (RuntimeException e) {
      throw new SsoHost.StartupException(
          "SIGNON_IMPORT: " + file + " was refused: " + e.getMessage(), e);
    }
  }
}
