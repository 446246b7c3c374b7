package dev.signon.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: a host that gives the server no registry runs without it on
 * the class path, and the engine asks for no Micrometer class.
 */
class MicrometerOptionalTest {
  /**
   * A class path of the engine and its dependencies, without Micrometer, that notes what is asked.
   */
  static final class WithoutMicrometer extends URLClassLoader {
    final List<String> asked = new CopyOnWriteArrayList<>();

    WithoutMicrometer(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("io.micrometer.")) {
        asked.add(name);
      }
      return super.loadClass(name, resolve);
    }
  }

  static URL[] classPathWithoutMicrometer() throws MalformedURLException {
    Set<String> entries = new LinkedHashSet<>();
    Path base = Path.of(System.getProperty("basedir", "."));
    entries.add(base.resolve("target/test-classes").toString());
    entries.add(base.resolve("target/classes").toString());
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      for (String e : System.getProperty(property, "").split(File.pathSeparator)) {
        if (!e.isBlank()) {
          entries.add(e);
        }
      }
    }
    List<URL> urls = new ArrayList<>();
    for (String e : entries) {
      Path p = Path.of(e);
      if (Files.exists(p) && !p.getFileName().toString().startsWith("micrometer-")) {
        urls.add(p.toUri().toURL());
      }
    }
    return urls.toArray(URL[]::new);
  }

  @Test
  void hostWithoutRegistryRunsWithMicrometerAbsentAndAsksForNoneOfItsClasses() throws Exception {
    try (WithoutMicrometer loader = new WithoutMicrometer(classPathWithoutMicrometer())) {
      assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .as("Micrometer is not on this class path")
          .isInstanceOf(ClassNotFoundException.class);
      loader.asked.clear();

      Class<?> probe = loader.loadClass(NoMicrometerProbe.class.getName());
      assertThat(probe.getClassLoader()).as("the engine is loaded apart").isSameAs(loader);
      Object answer = probe.getMethod("run").invoke(null);

      assertThat(answer).isEqualTo("200 token");
      assertThat(loader.asked).as("Micrometer classes the engine asked for").isEmpty();
    }
  }

  @Test
  void theMicrometerImplementationAloneNeedsMicrometer() throws Exception {
    try (WithoutMicrometer loader = new WithoutMicrometer(classPathWithoutMicrometer())) {
      assertThatThrownBy(
              () -> Class.forName(MicrometerMetrics.class.getName(), true, loader).getMethods())
          .isInstanceOf(NoClassDefFoundError.class);
      assertThat(loader.asked).as("what this class path cannot give").isNotEmpty();
    }
  }
}
