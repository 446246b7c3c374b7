package dev.signon.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples compile against this build: every {@code ```java} block of the
 * reactor's {@code README.md} is wrapped in a class and compiled with the system compiler against
 * this test's class path (which holds signon-core, signon-client, signon-servlet, this starter and
 * Jetty). A failure names the README line the compiler complains about.
 *
 * <p>How a block is wrapped, so that README examples stay short:
 *
 * <ul>
 *   <li>Every package of {@code dev.signon} on the class path is imported, with the common JDK,
 *       Servlet and Jetty packages. A simple name found in several of them or as a nested type
 *       ({@code NewApplicationToken}) is imported from the module (core, client, servlet...) of
 *       which the block uses the most other types. A block's own {@code import} lines are kept.
 *   <li>A block that declares a type or a method is placed in the class body; any other block is
 *       the body of a method that may throw.
 *   <li>A name a block uses without declaring it (the acting admin {@code me}, the {@code server},
 *       the servlet {@code request}...) is a field whose type is given in {@link #CONTEXT}: add a
 *       name there when an example needs a new one.
 *   <li>A block fenced as {@code ```java no-compile} is not compiled (for a fragment that cannot
 *       be, say with {@code ...} in it).
 * </ul>
 */
class ReadmeExamplesTest {
  /**
   * Names the examples use without declaring them, with their types (simple names, found as the
   * examples' own types are). A field is declared only in the blocks that use the name and do not
   * declare it themselves.
   */
  static final Map<String, String> CONTEXT =
      Map.ofEntries(
          Map.entry("server", "SignonServer"),
          Map.entry("me", "Actor"),
          Map.entry("request", "HttpServletRequest"),
          Map.entry("app", "Application"),
          Map.entry("adminUid", "UserId"),
          Map.entry("myUid", "UserId"),
          Map.entry("userUid", "String"),
          Map.entry("orgId", "OrganisationId"),
          Map.entry("ip", "String"),
          Map.entry("userAgent", "String"),
          Map.entry("gate", "SignInGate"),
          Map.entry("joe", "User"),
          Map.entry("apiUser", "User"),
          Map.entry("smtpPassword", "String"),
          Map.entry("resetLink", "URI"),
          Map.entry("context", "ServletContextHandler"),
          Map.entry("email", "String"),
          Map.entry("password", "String"),
          Map.entry("rememberCookie", "String"),
          Map.entry("origin", "Origin"),
          Map.entry("issuer", "URI"),
          Map.entry("store", "SignonStore"),
          Map.entry("kek", "KeyEncryptionKey"),
          Map.entry("sender", "EmailSender"),
          Map.entry("client", "SignonClient"));

  /** Packages imported whole besides every {@code dev.signon} package, when on the class path. */
  static final List<String> LIBRARY_PACKAGES =
      List.of(
          "jakarta.servlet",
          "jakarta.servlet.http",
          "org.eclipse.jetty.server",
          "org.eclipse.jetty.ee10.servlet");

  static final List<String> JDK_PACKAGES =
      List.of(
          "java.util",
          "java.util.function",
          "java.util.concurrent",
          "java.time",
          "java.net",
          "java.nio.file",
          "java.io",
          "java.security",
          "javax.sql");

  private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*(\\S*)(.*)$");
  private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Za-z_$][A-Za-z0-9_$]*\\b");
  private static final Pattern DECLARATION_START =
      Pattern.compile(
          "^(@[A-Za-z]|(public|protected|private|abstract|final|static|sealed|non-sealed|default)\\s"
              + "|(class|interface|record|enum)\\s)");
  private static final Pattern METHOD_START =
      Pattern.compile(
          "^[\\w<>\\[\\],.? ]+\\s+\\w+\\s*\\([^;]*\\)\\s*(throws\\s+[\\w., ]+)?\\{\\s*$");
  private static final Set<String> STATEMENT_KEYWORDS =
      Set.of(
          "return",
          "new",
          "throw",
          "if",
          "for",
          "while",
          "switch",
          "try",
          "do",
          "else",
          "yield",
          "synchronized",
          "catch",
          "var");

  private static final Set<String> NOT_TYPES = Set.of("case", "assert", "instanceof", "throws");

  @Test
  void everyJavaExampleInTheReadmeCompiles(@TempDir Path out) {
    Path readme = reactorRoot().resolve("README.md");
    List<String> lines = readLines(readme);
    List<Block> blocks = blocks(lines);
    assertThat(blocks).as("```java blocks in " + readme).isNotEmpty();

    assertThat(compile(blocks, lines, out))
        .as("README examples that do not compile (" + readme + ")")
        .isEmpty();
  }

  @Test
  void declarationsGoInTheClassBodyStatementsInAMethodAndErrorsNameTheLine(@TempDir Path out) {
    List<String> lines =
        List.of(
            "Some prose.",
            "```java",
            "@Deprecated",
            "static class Hello {",
            "  String greet() { return \"hello\"; }",
            "}",
            "```",
            "```java",
            "String hello(User user) {",
            "  return user.name();",
            "}",
            "```",
            "```sh",
            "echo not java",
            "```",
            "```java",
            "List<String> names = new ArrayList<>();",
            "names.add(me.toString());",
            "```",
            "```java no-compile",
            "this is not Java",
            "```",
            "```java",
            "int broken = \"not a number\";",
            "```");
    List<Block> blocks = blocks(lines);
    assertThat(blocks).extracting(Block::firstLine).containsExactly(3, 9, 17, 24);

    assertThat(compile(blocks, lines, out))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("README.md:24: incompatible types");
  }

  /** Compiles the wrapped blocks, returning the errors as README lines. */
  private static List<String> compile(List<Block> blocks, List<String> lines, Path out) {
    ClassIndex index = ClassIndex.of(classPath());
    List<Unit> units = new ArrayList<>();
    for (Block block : blocks) {
      units.add(wrap(block, index));
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK's compiler (tests must run on a JDK)").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options = new ArrayList<>();
    options.addAll(List.of("-proc:none", "-Xlint:none", "--release", "17", "-d", out.toString()));
    options.addAll(List.of("-classpath", String.join(File.pathSeparator, classPath())));
    boolean ok = compiler.getTask(null, null, diagnostics, options, null, units).call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(describe(d, units, lines));
      }
    }
    if (!ok && errors.isEmpty()) {
      errors.add("the compiler failed without an error: " + diagnostics.getDiagnostics());
    }
    return errors;
  }

  /** A compiler error as the README line it is about. */
  private static String describe(
      Diagnostic<? extends JavaFileObject> d, List<Unit> units, List<String> lines) {
    String message = d.getMessage(Locale.ROOT);
    JavaFileObject source = d.getSource();
    Unit unit = null;
    for (Unit u : units) {
      if (u == source) {
        unit = u;
      }
    }
    if (unit == null) {
      return message;
    }
    int generated = (int) d.getLineNumber();
    int readmeLine = unit.readmeLine(generated);
    if (readmeLine > 0) {
      return "README.md:"
          + readmeLine
          + ": "
          + message
          + "\n    "
          + lines.get(readmeLine - 1).strip();
    }
    return "README.md:"
        + unit.block.firstLine
        + " (the wrapper of the block starting there, line "
        + generated
        + " of:\n"
        + unit.code
        + "\n): "
        + message
        + "\n    (a name the example uses undeclared needs an entry in ReadmeExamplesTest.CONTEXT)";
  }

  // Reading the README.

  /** One fenced block: its lines and the README line of the first. */
  record Block(int firstLine, List<String> code) {}

  static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    List<String> current = null;
    int first = 0;
    boolean inOther = false;
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i));
      if (current != null) {
        if (fence.matches() && fence.group(1).isEmpty()) {
          blocks.add(new Block(first, current));
          current = null;
        } else {
          current.add(lines.get(i));
        }
      } else if (fence.matches()) {
        if (inOther) {
          inOther = false;
        } else if (fence.group(1).equals("java") && !fence.group(2).contains("no-compile")) {
          current = new ArrayList<>();
          first = i + 2;
        } else {
          inOther = true;
        }
      }
    }
    return blocks;
  }

  // Wrapping a block.

  static Unit wrap(Block block, ClassIndex index) {
    List<String> imports = new ArrayList<>();
    List<String> body = new ArrayList<>();
    for (String line : block.code()) {
      if (line.strip().startsWith("import ")) {
        imports.add(line.strip());
        body.add("");
      } else {
        body.add(line);
      }
    }
    String code = stripLiteralsAndComments(String.join("\n", body));
    Set<String> words = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(code);
    while (m.find()) {
      words.add(m.group());
    }

    List<String> fields = new ArrayList<>();
    Set<String> typeNames = new TreeSet<>();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(CONTEXT).entrySet()) {
      if (words.contains(e.getKey()) && !declares(code, e.getKey())) {
        fields.add("  " + e.getValue() + " " + e.getKey() + ";");
        typeNames.add(e.getValue().split("\\.", -1)[0]);
      }
    }
    for (String w : words) {
      if (Character.isUpperCase(w.charAt(0))) {
        typeNames.add(w);
      }
    }
    imports.addAll(index.importsFor(typeNames));

    String className = "ReadmeExampleAtLine" + block.firstLine();
    List<String> out = new ArrayList<>();
    int[] origin = new int[block.code().size() + imports.size() + fields.size() + 16];
    for (String i : imports) {
      out.add(i);
    }
    out.add("@SuppressWarnings(\"all\")");
    out.add("class " + className + " {");
    out.addAll(fields);
    boolean members = declaresMembers(code);
    if (!members) {
      out.add("  void example() throws Exception {");
    }
    for (int i = 0; i < body.size(); i++) {
      out.add(body.get(i));
      origin = grow(origin, out.size());
      origin[out.size()] = block.firstLine() + i;
    }
    if (!members) {
      out.add("  }");
    }
    out.add("}");
    return new Unit(className, block, String.join("\n", out) + "\n", origin);
  }

  private static int[] grow(int[] a, int index) {
    return index < a.length ? a : java.util.Arrays.copyOf(a, index * 2);
  }

  /** True when {@code code} declares a local or field named {@code name} itself. */
  static boolean declares(String code, String name) {
    Matcher m =
        Pattern.compile(
                "(\\w+)\\s*(<[^;=()]*>)?(\\[\\])?\\s+" + Pattern.quote(name) + "\\s*(=|;|:|\\))")
            .matcher(code);
    while (m.find()) {
      String type = m.group(1);
      if ((type.equals("var") || !STATEMENT_KEYWORDS.contains(type)) && !NOT_TYPES.contains(type)) {
        return true;
      }
    }
    return false;
  }

  /** True when the block's first line of code starts a type or method declaration. */
  static boolean declaresMembers(String code) {
    for (String line : code.split("\n", -1)) {
      String s = line.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (DECLARATION_START.matcher(s).find()) {
        return true;
      }
      String firstWord = s.split("[\\s(]", 2)[0];
      return !STATEMENT_KEYWORDS.contains(firstWord) && METHOD_START.matcher(s).matches();
    }
    return false;
  }

  /** The code with string and char literals emptied and comments blanked, lines kept. */
  static String stripLiteralsAndComments(String code) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (code.startsWith("\"\"\"", i)) {
        int end = code.indexOf("\"\"\"", i + 3);
        end = end < 0 ? code.length() : end + 3;
        out.append("\"\"").append(newlines(code.substring(i, end)));
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < code.length() && code.charAt(j) != c && code.charAt(j) != '\n') {
          j += code.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(c).append(c);
        i = Math.min(code.length(), j + 1);
      } else if (code.startsWith("//", i)) {
        int end = code.indexOf('\n', i);
        i = end < 0 ? code.length() : end;
      } else if (code.startsWith("/*", i)) {
        int end = code.indexOf("*/", i + 2);
        end = end < 0 ? code.length() : end + 2;
        out.append(newlines(code.substring(i, end)));
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String newlines(String s) {
    return "\n".repeat((int) s.chars().filter(ch -> ch == '\n').count());
  }

  /** A wrapped block, as the compiler reads it. */
  static final class Unit extends SimpleJavaFileObject {
    final Block block;
    final String code;
    private final int[] readmeLines;

    Unit(String className, Block block, String code, int[] readmeLines) {
      super(URI.create("string:///" + className + ".java"), Kind.SOURCE);
      this.block = block;
      this.code = code;
      this.readmeLines = readmeLines;
    }

    /** The README line of a line of this source, or 0 for a line of the wrapper. */
    int readmeLine(int generatedLine) {
      return generatedLine > 0 && generatedLine < readmeLines.length
          ? readmeLines[generatedLine]
          : 0;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }

  // The class path and what it holds.

  static List<String> classPath() {
    List<String> entries = new ArrayList<>();
    for (String property : List.of("java.class.path", "jdk.module.path")) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        for (String entry : value.split(Pattern.quote(File.pathSeparator), -1)) {
          if (!entry.isBlank()) {
            entries.add(entry);
          }
        }
      }
    }
    return entries;
  }

  /** Which types the class path holds, by simple name, and how the examples import them. */
  static final class ClassIndex {
    /** Top-level types of the imported packages, by simple name. */
    final Map<String, List<String>> topLevel = new HashMap<>();

    /** Member types of {@code dev.signon} types, by simple name, as binary names. */
    final Map<String, List<String>> nested = new HashMap<>();

    final Set<String> packages = new TreeSet<>();

    static ClassIndex of(List<String> classPath) {
      ClassIndex index = new ClassIndex();
      for (String entry : classPath) {
        Path p = Path.of(entry);
        if (Files.isDirectory(p)) {
          try (Stream<Path> files = Files.walk(p)) {
            files
                .filter(f -> f.toString().endsWith(".class"))
                .forEach(
                    f -> index.add(p.relativize(f).toString().replace(File.separatorChar, '/')));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
          try (JarFile jar = new JarFile(p.toFile())) {
            Enumeration<JarEntry> all = jar.entries();
            while (all.hasMoreElements()) {
              String name = all.nextElement().getName();
              if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                index.add(name);
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      return index;
    }

    private void add(String path) {
      String binary = path.substring(0, path.length() - ".class".length()).replace('/', '.');
      int dot = binary.lastIndexOf('.');
      if (dot < 0) {
        return;
      }
      String pkg = binary.substring(0, dot);
      String simple = binary.substring(dot + 1);
      if (!imported(pkg)) {
        return;
      }
      packages.add(pkg);
      if (simple.equals("package-info") || simple.equals("module-info")) {
        return;
      }
      int dollar = simple.lastIndexOf('$');
      if (dollar < 0) {
        topLevel.computeIfAbsent(simple, k -> new ArrayList<>()).add(binary);
      } else if (pkg.startsWith("dev.signon.")) {
        String member = simple.substring(dollar + 1);
        if (!member.isEmpty() && !Character.isDigit(member.charAt(0))) {
          nested.computeIfAbsent(member, k -> new ArrayList<>()).add(binary);
        }
      }
    }

    private static boolean imported(String pkg) {
      return pkg.startsWith("dev.signon.") || LIBRARY_PACKAGES.contains(pkg);
    }

    /** The import lines for a block that uses {@code names}. */
    List<String> importsFor(Set<String> names) {
      Map<String, List<String>> candidates = new LinkedHashMap<>();
      for (String name : names) {
        List<String> found = new ArrayList<>();
        if (exists("java.lang." + name)) {
          found.add("java.lang." + name);
        }
        for (String pkg : JDK_PACKAGES) {
          if (exists(pkg + "." + name)) {
            found.add(pkg + "." + name);
          }
        }
        for (String binary : topLevel.getOrDefault(name, List.of())) {
          if (isPublic(binary)) {
            found.add(binary);
          }
        }
        for (String binary : nested.getOrDefault(name, List.of())) {
          if (isPublic(binary)) {
            found.add(binary);
          }
        }
        if (!found.isEmpty()) {
          candidates.put(name, found);
        }
      }
      // What the block uses without doubt tells which module an ambiguous name comes from.
      Map<String, Integer> uses = new HashMap<>();
      for (List<String> found : candidates.values()) {
        if (found.size() == 1 && !found.get(0).contains("$")) {
          uses.merge(root(found.get(0)), 1, Integer::sum);
        }
      }
      List<String> lines = new ArrayList<>();
      for (String pkg : JDK_PACKAGES) {
        lines.add("import " + pkg + ".*;");
      }
      for (String pkg : packages) {
        lines.add("import " + pkg + ".*;");
      }
      for (Map.Entry<String, List<String>> e : candidates.entrySet()) {
        List<String> found = e.getValue();
        boolean isNested = found.get(0).contains("$");
        if (found.size() > 1 || isNested) {
          String chosen =
              found.stream()
                  .max(
                      Comparator.<String>comparingInt(b -> uses.getOrDefault(root(b), 0))
                          .thenComparing(b -> b.startsWith("java.lang.") ? 1 : 0)
                          .thenComparing(b -> b.contains("$") ? 0 : 1)
                          .thenComparing(Comparator.<String>reverseOrder()))
                  .orElseThrow();
          lines.add("import " + chosen.replace('$', '.') + ";");
        }
      }
      return lines;
    }

    /** The module a type belongs to, roughly: {@code dev.signon.client}, {@code java}... */
    private static String root(String binary) {
      String[] parts = binary.split("\\.", -1);
      if (parts[0].equals("java") || parts[0].equals("javax")) {
        return "java";
      }
      return parts.length > 3 ? parts[0] + "." + parts[1] + "." + parts[2] : parts[0];
    }

    private static boolean exists(String name) {
      try {
        return Modifier.isPublic(
            Class.forName(name, false, ClassLoader.getSystemClassLoader()).getModifiers());
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }

    private static boolean isPublic(String binary) {
      try {
        Class<?> c = Class.forName(binary, false, ReadmeExamplesTest.class.getClassLoader());
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
          if (!Modifier.isPublic(k.getModifiers())) {
            return false;
          }
        }
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        return true; // cannot tell without its dependencies: let the compiler decide
      }
    }
  }

  // Finding the README.

  /** The reactor's root: the nearest directory up from here whose pom.xml lists modules. */
  static Path reactorRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path pom = dir.resolve("pom.xml");
      if (Files.isRegularFile(pom)
          && readLines(pom).stream().anyMatch(l -> l.contains("<modules>"))
          && Files.isRegularFile(dir.resolve("README.md"))) {
        return dir;
      }
    }
    throw new AssertionError(
        "no reactor root with a README.md above " + Path.of("").toAbsolutePath());
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
