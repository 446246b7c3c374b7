package dev.signon.spring.server;

import dev.signon.core.SignonServer;

/**
 * Changes the builder of the engine the starter makes, after the {@code signon.server.*} properties
 * are applied and before it is built. Every bean of this type is applied, in {@code @Order}; the
 * starter's own hands the application's Micrometer {@code MeterRegistry} over.
 *
 * <pre>{@code
 * @Bean
 * SignonServerBuilderCustomizer adminApiPath() {
 *   return builder -> builder.adminApi("/api/admin/v2", "signon");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SignonServerBuilderCustomizer {
  /** Changes {@code builder}. */
  void customize(SignonServer.Builder builder);
}
