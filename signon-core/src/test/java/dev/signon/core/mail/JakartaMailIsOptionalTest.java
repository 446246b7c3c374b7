package dev.signon.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * signon-core declares Jakarta Mail optional: a host without it must still be able to use every
 * sender but SMTP. This loads core's classes again in a class loader that cannot see Jakarta Mail.
 */
class JakartaMailIsOptionalTest {
  @Test
  void withoutJakartaMailTheOtherSendersWorkAndSmtpSaysWhatToAdd() throws Exception {
    URL[] path = {
      location(EmailSender.class), // signon-core's classes
      location(WithoutJakartaMailProbe.class), // this probe
      location(Logger.class) // slf4j-api, without a provider: it falls back to no-op
    };
    try (URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
      Class<?> probe = loader.loadClass(WithoutJakartaMailProbe.class.getName());
      assertThat(probe.getClassLoader()).isSameAs(loader);
      @SuppressWarnings("unchecked")
      Callable<String> call = (Callable<String>) probe.getDeclaredConstructor().newInstance();

      assertThat(call.call())
          .isEqualTo(
              "jakarta.mail absent\n"
                  + "logging sent\n"
                  + "in-memory kept 1\n"
                  + "smtp refused: EmailSender.smtp needs Jakarta Mail:"
                  + " add org.eclipse.angus:angus-mail\n");
    }
  }

  private static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
