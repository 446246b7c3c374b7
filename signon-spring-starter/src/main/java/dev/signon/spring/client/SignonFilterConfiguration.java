package dev.signon.spring.client;

import dev.signon.client.BearerTokenValidator;
import dev.signon.client.SignonClient;
import dev.signon.servlet.AccountLinker;
import dev.signon.servlet.EmailSender;
import dev.signon.servlet.FallbackAccounts;
import dev.signon.servlet.FallbackLinks;
import dev.signon.servlet.FallbackListener;
import dev.signon.servlet.FallbackSwitch;
import dev.signon.servlet.RoleSource;
import dev.signon.servlet.SessionEnds;
import dev.signon.servlet.SignonFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link SignonFilter} from {@code signon.filter.*}, over the app's {@link SignonClient}, and
 * its {@link FilterRegistrationBean}; in a servlet web app only. The app's own {@link RoleSource},
 * {@link AccountLinker}, {@link FallbackAccounts}, {@link EmailSender}, {@link
 * BearerTokenValidator}, {@link FallbackSwitch}, {@link FallbackLinks}, {@link FallbackListener}
 * and {@link SessionEnds} beans are used when it defines them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, SignonFilter.class, FilterRegistrationBean.class})
@ConditionalOnBooleanProperty(name = "signon.filter.enabled", matchIfMissing = true)
@ConditionalOnBean(SignonClient.class)
class SignonFilterConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SignonFilterConfiguration.class);
  private static final String PREFIX = "signon.filter.";

  /** The name of the filter's registration; define a bean of this name to replace it. */
  static final String REGISTRATION = "signonFilterRegistration";

  @Bean
  @ConditionalOnMissingBean(RoleSource.class)
  RoleSource signonRoleSource(SignonFilterProperties properties) {
    String claim = properties.getRoleClaim();
    return property(
        "role-claim",
        "Name the claim that holds roles, such as roles",
        () ->
            switch (properties.getRoleSource()) {
              case AUTOMATIC -> RoleSource.automatic(claim);
              case USER_DETAILS -> RoleSource.userDetails();
              case USER_JSON -> RoleSource.userJson();
              case CLAIM -> RoleSource.claim(claim);
            });
  }

  @Bean
  @ConditionalOnMissingBean(SignonFilter.class)
  SignonFilter signonFilter(
      SignonClient client,
      SignonFilterProperties properties,
      SignonClientProperties clientProperties,
      RoleSource roleSource,
      ObjectProvider<Clock> clock,
      ObjectProvider<AccountLinker> accountLinker,
      ObjectProvider<FallbackAccounts> fallbackAccounts,
      ObjectProvider<EmailSender> emailSender,
      ObjectProvider<BearerTokenValidator> bearerTokenValidator,
      Environment environment,
      ObjectProvider<FallbackSwitch> fallbackSwitch,
      ObjectProvider<FallbackLinks> fallbackLinks,
      ObjectProvider<FallbackListener> fallbackListener,
      ObjectProvider<SessionEnds> sessionEnds) {
    checkCallbackPath(clientProperties, properties);
    SignonFilter.Builder b = SignonFilter.builder(client);
    SignonFilterProperties p = properties;
    // Strictest first: a role pattern is never opened up by a wider permit-all pattern.
    for (Map.Entry<String, List<String>> e : p.getRequiredRoles().entrySet()) {
      for (String pattern : e.getValue()) {
        property(
            "required-roles",
            "Give path patterns such as /reports/** for each role",
            () -> b.hasRole(pattern.trim(), e.getKey()));
      }
    }
    if (!p.getAuthenticated().isEmpty()) {
      property(
          "authenticated",
          "Give path patterns such as /account/**",
          () -> b.authenticated(trimmed(p.getAuthenticated())));
    }
    if (!p.getPermitAll().isEmpty()) {
      property(
          "permit-all",
          "Give path patterns such as /,/assets/**",
          () -> b.permitAll(trimmed(p.getPermitAll())));
    }
    if (!p.getApiPaths().isEmpty()) {
      property(
          "api-paths",
          "Give path patterns such as /api/**",
          () -> b.apiPaths(trimmed(p.getApiPaths())));
    }
    String publicUrl = p.getPublicUrl();
    if (publicUrl != null && !publicUrl.isBlank()) {
      property(
          "public-url",
          "Set the app's origin, such as https://reports.example.gov.uk",
          () -> b.publicUrl(publicUrl.trim()));
    }
    String plainPath = "Give a plain path such as /auth/signon/x";
    property("sign-in-path", plainPath, () -> b.signInPath(p.getSignInPath()));
    property("callback-path", plainPath, () -> b.callbackPath(p.getCallbackPath()));
    property("sign-out-path", plainPath, () -> b.signOutPath(p.getSignOutPath()));
    property("signed-out-path", plainPath, () -> b.signedOutPath(p.getSignedOutPath()));
    property(
        "back-channel-logout-path",
        plainPath,
        () -> b.backChannelLogoutPath(p.getBackChannelLogoutPath()));
    property("fallback-path", plainPath, () -> b.fallbackPath(p.getFallbackPath()));
    property(
        "after-sign-out-path",
        "Give a local path such as /",
        () -> b.afterSignOutPath(p.getAfterSignOutPath()));
    property("realm", "Use printable ASCII without quotes", () -> b.realm(p.getRealm()));
    property(
        "role-refresh-interval",
        "Give a duration between 1s and 1d, such as 5m",
        () -> b.roleRefreshInterval(p.getRoleRefreshInterval()));
    b.signOutViaGet(p.isSignOutViaGet()).gdsSsoPush(p.isGdsSsoPush()).roleSource(roleSource);
    b.clock(clock.getIfUnique(Clock::systemUTC));
    accountLinker.ifUnique(b::accountLinker);
    sessionEnds.ifUnique(b::sessionEnds);
    bearerTokenValidator.ifUnique(b::bearerTokenValidator);
    FallbackAccounts accounts = fallbackAccounts.getIfUnique();
    if (accounts != null) {
      EmailSender sender = emailSender.getIfUnique();
      if (sender == null) {
        log.warn(
            "Signon fallback sign-in: no EmailSender bean, so sign-in links are only logged;"
                + " define one before production");
        sender = EmailSender.logging();
      }
      b.fallback(accounts, sender);
      SignonFallbackConfiguration.apply(
          b, p.getFallback(), environment, fallbackSwitch, fallbackLinks, fallbackListener);
    }
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw new SignonClientConfigurationException(
          "signon.filter",
          e.getMessage() + ".",
          "Give each of the signon.filter paths its own value, and set signon.filter.public-url"
              + " when the app defines FallbackAccounts",
          e);
    }
  }

  @Bean(REGISTRATION)
  @ConditionalOnMissingBean(name = REGISTRATION)
  FilterRegistrationBean<SignonFilter> signonFilterRegistration(
      SignonFilter filter, SignonFilterProperties properties) {
    FilterRegistrationBean<SignonFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("signonFilter");
    registration.setOrder(properties.getOrder());
    registration.setUrlPatterns(properties.getUrlPatterns());
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    return registration;
  }

  /** The redirect URI's path must end in the callback path, or no callback reaches the filter. */
  private static void checkCallbackPath(
      SignonClientProperties client, SignonFilterProperties filter) {
    String redirectUri = client.getRedirectUri();
    if (redirectUri == null || redirectUri.isBlank()) {
      return; // derived from the public URL and the callback path, so they agree
    }
    String path;
    try {
      path = URI.create(redirectUri.trim()).getPath();
    } catch (IllegalArgumentException e) {
      return; // the client reports a malformed redirect URI
    }
    if (path == null || !path.endsWith(filter.getCallbackPath())) {
      throw new SignonClientConfigurationException(
          PREFIX + "callback-path",
          "the redirect URI "
              + redirectUri.trim()
              + " does not end in signon.filter.callback-path ("
              + filter.getCallbackPath()
              + "), so the provider's answer would never reach the filter.",
          "Set signon.filter.callback-path to the redirect URI's path within the app, or change"
              + " signon.client.redirect-uri");
    }
  }

  private static String[] trimmed(List<String> patterns) {
    return patterns.stream().map(String::trim).toArray(String[]::new);
  }

  /** Runs one builder call, turning its refusal into a report naming the property. */
  static <T> T property(String property, String action, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      throw new SignonClientConfigurationException(
          PREFIX + property, "signon.filter." + property + ": " + e.getMessage() + ".", action, e);
    }
  }
}
