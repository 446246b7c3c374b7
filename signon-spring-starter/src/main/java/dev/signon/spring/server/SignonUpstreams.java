package dev.signon.spring.server;

import dev.signon.core.SignonServer;
import dev.signon.core.federation.Activation;
import dev.signon.core.federation.FederationSettings;
import dev.signon.core.federation.Upstream;
import dev.signon.spring.client.SignonClientConfigurationException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/** Turns {@code signon.server.upstreams.*} and the password switch into the engine's settings. */
final class SignonUpstreams {
  private static final Logger log = LoggerFactory.getLogger(SignonUpstreams.class);

  private SignonUpstreams() {}

  /** The prefix of one upstream's properties, with its dot. */
  static String prefix(String name) {
    return "signon.server.upstreams." + name + ".";
  }

  /**
   * The upstreams and the password switch of {@code properties}.
   *
   * @throws SignonConfigurationException naming the upstream whose settings are refused
   */
  static FederationSettings federation(SignonServerProperties properties) {
    FederationSettings.Builder b =
        FederationSettings.builder().passwordSignIn(properties.getSignIn().isPasswordEnabled());
    for (Map.Entry<String, SignonUpstreamProperties> e : properties.getUpstreams().entrySet()) {
      String prefix = prefix(e.getKey());
      try {
        b.upstream(e.getValue().toUpstream(e.getKey()));
      } catch (SignonClientConfigurationException ex) {
        throw new SignonConfigurationException(
            ex.property() + " is refused: " + ex.getMessage(), ex.action() + ".", ex);
      } catch (RuntimeException ex) {
        throw new SignonConfigurationException(
            "The " + prefix + "* settings are refused: " + ex.getMessage(),
            "Give "
                + prefix
                + " an issuer, a client-id and a readable client-secret-file or"
                + " private-key-file (PKCS#8 PEM); the name must be lower-case letters, digits"
                + " and hyphens; default-organisation is an organisation's slug, and"
                + " default-organisation and email-domains need auto-activate=true.",
            ex);
      }
    }
    try {
      return b.build();
    } catch (IllegalStateException ex) {
      throw new SignonConfigurationException(
          "signon.server.sign-in.password-enabled=false is refused: " + ex.getMessage(),
          "Configure at least one signon.server.upstreams.<name> or leave passwords on.",
          ex);
    }
  }

  /**
   * Checks that every upstream's default organisation and grants name what the store holds, once
   * the application has started (after anything it seeds at start). A store with no users yet is a
   * new host whose organisations and applications are still to be created in the console: then each
   * name that is missing is logged, and checked again at each activation (which leaves the person
   * pending while it is missing). A store with users must hold them.
   *
   * @throws SignonConfigurationException naming the property whose organisation, application or
   *     role the store lacks
   */
  static void checkDefaults(SignonServer server) {
    for (Upstream upstream : server.upstreamArrivals().settings().upstreams()) {
      List<Activation.UnresolvedDefault> missing =
          server.store().transaction(tx -> Activation.unresolvedDefaults(tx, upstream));
      if (missing.isEmpty()) {
        continue;
      }
      boolean seeded = server.store().transaction(tx -> !tx.users().list().isEmpty());
      for (Activation.UnresolvedDefault m : missing) {
        String property = property(upstream.name(), m);
        if (seeded) {
          throw new SignonConfigurationException(
              property + " is refused: " + m.problem() + ".",
              "Create it in the console (or fix "
                  + property
                  + "): default-organisation is an organisation's slug, default-grants maps an"
                  + " application's client id to roles it has.",
              null);
        }
        log.warn(
            "{}: {} yet; people {} activates wait as pending until it exists",
            property,
            m.problem(),
            upstream.name());
      }
    }
  }

  /** Runs {@link #checkDefaults} when the application context has been refreshed. */
  static final class DefaultsCheck implements ApplicationListener<ContextRefreshedEvent> {
    private final ObjectProvider<SignonServer> server;

    DefaultsCheck(ObjectProvider<SignonServer> server) {
      this.server = server;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
      SignonServer s = server.getIfUnique();
      if (s != null) {
        checkDefaults(s);
      }
    }
  }

  private static String property(String upstream, Activation.UnresolvedDefault m) {
    return m.setting().equals("defaultOrganisation")
        ? prefix(upstream) + "default-organisation"
        : prefix(upstream) + "default-grants." + m.name();
  }
}
