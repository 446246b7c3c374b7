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
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The engine's pages drawn from Mustache templates: the host's own first (a directory or a
 * classpath prefix), then the built-in ones under {@code dev/signon/servlet/host/templates}. {@code
 * {{value}}} is HTML-escaped; the built-in templates never use the unescaped {@code {{{value}}}}.
 * QR codes are drawn with ZXing. Both are optional dependencies of {@code signon-servlet}: {@code
 * com.github.spullara.mustache.java:compiler} and {@code com.google.zxing:core}.
 *
 * <pre>{@code
 * PageRenderer renderer = MustacheRenderer.builder()
 *     .templateDirectory(Path.of("/etc/signon/templates")) // replaces built-in pages of that name
 *     .build();
 * }</pre>
 */
public final class MustacheRenderer implements PageRenderer {
  private static final String BUILT_IN = "templates/";

  private final DefaultMustacheFactory factory;

  private MustacheRenderer(
      @Nullable Path directory, @Nullable String classpathPrefix, ClassLoader loader) {
    MustacheResolver resolver =
        name -> {
          Reader r = hostTemplate(directory, classpathPrefix, loader, name);
          if (r != null) {
            return r;
          }
          // Class.getResourceAsStream reads this module's own resources, also on the module path.
          InputStream in = MustacheRenderer.class.getResourceAsStream(BUILT_IN + name);
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

  /** Starts a renderer; without settings it draws the built-in templates. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MustacheRenderer}. */
  public static final class Builder {
    private @Nullable Path templateDirectory;
    private @Nullable String templatePrefix;
    private ClassLoader loader = MustacheRenderer.class.getClassLoader();

    private Builder() {}

    /**
     * A directory of templates ({@code sign-in.mustache}, …) replacing the built-in ones of the
     * same name; the others stay.
     */
    public Builder templateDirectory(Path directory) {
      this.templateDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * A classpath prefix, read through {@code loader}, of templates replacing the built-in ones.
     *
     * @throws IllegalArgumentException if the prefix contains {@code ..}
     */
    public Builder templateClasspath(String prefix, ClassLoader loader) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.contains("..")) {
        throw new IllegalArgumentException("prefix must not contain ..");
      }
      this.templatePrefix = prefix.startsWith("/") ? prefix.substring(1) : prefix;
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * Builds the renderer.
     *
     * @throws IllegalStateException if Mustache or ZXing is not on the class path
     */
    public MustacheRenderer build() {
      if (!available(MustacheRenderer.class.getClassLoader())) {
        throw new IllegalStateException(
            "Signon's pages need com.github.spullara.mustache.java:compiler and"
                + " com.google.zxing:core on the class path");
      }
      return new MustacheRenderer(templateDirectory, templatePrefix, loader);
    }
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

  /** Renders the template {@code name}{@code .mustache} with {@code scope}, escaping values. */
  @Override
  public String render(String name, Map<String, Object> scope) {
    Mustache m = factory.compile(name + ".mustache");
    StringWriter out = new StringWriter();
    m.execute(out, scope);
    return out.toString();
  }

  /** An SVG QR code of {@code text}, as a {@code data:} URI. */
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
