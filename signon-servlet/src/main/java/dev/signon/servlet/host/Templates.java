package dev.signon.servlet.host;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheResolver;
import dev.signon.core.pages.PageRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine's pages drawn from Mustache templates: the host's own first (a directory or a
 * classpath prefix), then the built-in ones under {@code dev/signon/servlet/host/templates}. {@code
 * {{value}}} is HTML-escaped; the built-in templates never use the unescaped {@code {{{value}}}}.
 * QR codes are drawn with ZXing.
 */
final class Templates implements PageRenderer {
  private static final String BUILT_IN = "templates/";

  private final DefaultMustacheFactory factory;

  Templates(@Nullable Path directory, @Nullable String classpathPrefix, ClassLoader loader) {
    MustacheResolver resolver =
        name -> {
          Reader r = hostTemplate(directory, classpathPrefix, loader, name);
          if (r != null) {
            return r;
          }
          // Class.getResourceAsStream reads this module's own resources, also on the module path.
          InputStream in = Templates.class.getResourceAsStream(BUILT_IN + name);
          return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
        };
    this.factory = new DefaultMustacheFactory(resolver);
  }

  private static @Nullable Reader hostTemplate(
      @Nullable Path directory, @Nullable String prefix, ClassLoader loader, String name) {
    if (name.contains("..") || name.startsWith("/")) {
      return null;
    }
    if (directory != null) {
      Path p = directory.resolve(name);
      if (Files.isRegularFile(p)) {
        try {
          return Files.newBufferedReader(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    if (prefix != null) {
      String base = prefix.endsWith("/") ? prefix : prefix + "/";
      InputStream in = loader.getResourceAsStream(base + name);
      if (in != null) {
        return new InputStreamReader(in, StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** True when Mustache and ZXing, optional dependencies, can be loaded through {@code loader}. */
  static boolean available(@Nullable ClassLoader loader) {
    try {
      Class.forName("com.github.mustachejava.MustacheFactory", false, loader);
      Class.forName("com.google.zxing.Writer", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Renders the template {@code name}{@code .mustache} with {@code scope}. */
  @Override
  public String render(String name, Map<String, Object> scope) {
    Mustache m = factory.compile(name + ".mustache");
    StringWriter out = new StringWriter();
    m.execute(out, scope);
    return out.toString();
  }

  @Override
  public String qrCode(String text) {
    return QrCode.dataUri(text);
  }

  /** The asset is a template too ({@code style.css.mustache}), so a host can replace it. */
  @Override
  public String asset(String name) {
    return render(name, Map.of());
  }
}
