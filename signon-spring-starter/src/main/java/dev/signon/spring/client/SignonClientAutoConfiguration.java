package dev.signon.spring.client;

import dev.signon.client.SignonClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration for a relying app: an app that signs its people in through a Signon host or
 * any OpenID Provider.
 *
 * <p>It activates when {@code signon.client.client-id} is set (and {@code signon.client.enabled} is
 * not {@code false}). Then it defines, each only when the app has none of its own:
 *
 * <ul>
 *   <li>a {@link SignonClient} from {@code signon.client.*}, with an {@code OkHttpClient} and a
 *       {@code Clock};
 *   <li>in a servlet web app, a {@link dev.signon.servlet.SignonFilter} from {@code
 *       signon.filter.*} (with a {@link dev.signon.servlet.RoleSource}), registered by a {@code
 *       FilterRegistrationBean} named {@code signonFilterRegistration}; an app that defines its own
 *       {@code SignonClient} gets the filter without setting {@code client-id};
 *   <li>with Spring MVC, an argument resolver so controllers can take the signed-in {@link
 *       dev.signon.servlet.SignonPrincipal} as a parameter.
 * </ul>
 *
 * <p>A missing or contradictory property stops the app at startup with a {@link
 * SignonClientConfigurationException}, which Spring Boot reports as "Description / Action".
 *
 * <pre>{@code
 * signon.client.issuer=https://signon.example.gov.uk
 * signon.client.client-id=reports
 * signon.client.client-secret=${SIGNON_CLIENT_SECRET}
 * signon.filter.public-url=https://reports.example.gov.uk
 * signon.filter.required-roles.reporting=/reports/**
 * signon.filter.api-paths=/api/**
 * }</pre>
 */
@AutoConfiguration
@ConditionalOnClass(SignonClient.class)
@ConditionalOnBooleanProperty(name = "signon.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties({SignonClientProperties.class, SignonFilterProperties.class})
// In this order: each conditions on the beans the one before it defines.
@Import({
  SignonClientConfiguration.class,
  SignonFilterConfiguration.class,
  SignonFallbackConfiguration.class,
  SignonSessionEndsConfiguration.class,
  SignonMvcConfiguration.class
})
public final class SignonClientAutoConfiguration {

  /** Made by Spring. */
  public SignonClientAutoConfiguration() {}
}
