package dev.signon.interop;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * Starts one oidc-provider for the whole test run (the first class that needs it starts it; the
 * root store stops it when the run ends) and hands tests an {@link InteropProvider}.
 *
 * <p>When node or npm is missing, or {@code npm ci} cannot install the provider, every test using
 * it is aborted (skipped) with a message saying what is missing; a provider that is installed but
 * fails to start fails the tests.
 *
 * <pre>{@code
 * @ExtendWith(OidcProviderExtension.class)
 * class SomeInteropTest {
 *   SomeInteropTest(InteropProvider provider) { ... }
 * }
 * }</pre>
 */
final class OidcProviderExtension implements TestInstancePreConstructCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OidcProviderExtension.class);

  /**
   * Starts the provider, or aborts the test, before its class is instantiated: an abort while
   * resolving a constructor parameter would be reported as an error, not a skip.
   */
  @Override
  public void preConstructTestInstance(
      TestInstanceFactoryContext factoryContext, ExtensionContext context) {
    provider(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == InteropProvider.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return provider(context);
  }

  private static InteropProvider provider(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Startup.class, k -> Startup.attempt(), Startup.class)
        .providerOrAbort();
  }

  /** The outcome of starting the provider, remembered so a failure is not retried per class. */
  static final class Startup implements AutoCloseable {
    private final @Nullable InteropProvider provider;
    private final @Nullable String unavailable;
    private final @Nullable RuntimeException failure;

    private Startup(
        @Nullable InteropProvider provider,
        @Nullable String unavailable,
        @Nullable RuntimeException failure) {
      this.provider = provider;
      this.unavailable = unavailable;
      this.failure = failure;
    }

    static Startup attempt() {
      Path sources = Path.of(System.getProperty("interop.nodeSources", "src/test/node"));
      Path work = Path.of(System.getProperty("interop.nodeWork", "target/node-work"));
      try {
        return new Startup(InteropProvider.start(sources, work), null, null);
      } catch (NodeProvider.Unavailable e) {
        String message =
            "SKIPPING the oidc-provider interoperability tests: "
                + e.getMessage()
                + " (they need node 20.19+ and npm on the PATH, and the npm registry for the first"
                + " npm ci)";
        System.err.println(message);
        return new Startup(null, message, null);
      } catch (RuntimeException e) {
        return new Startup(null, null, e);
      }
    }

    InteropProvider providerOrAbort() {
      if (failure != null) {
        throw new IllegalStateException("oidc-provider could not be started", failure);
      }
      if (provider == null) {
        Assumptions.abort(unavailable);
      }
      return provider;
    }

    @Override
    public void close() {
      if (provider != null) {
        provider.close();
      }
    }
  }
}
