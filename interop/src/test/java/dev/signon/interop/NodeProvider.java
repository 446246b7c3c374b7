package dev.signon.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Installs and runs {@code src/test/node/provider.mjs} (oidc-provider) in {@code target/node-work}:
 * {@code npm ci} once per lock file, then {@code node provider.mjs}, waiting for the line that
 * names its issuer.
 */
final class NodeProvider implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
  // package.json's engines: oidc-provider 9 runs on node 20.19+ (it recommends 22).
  private static final int MIN_NODE_MAJOR = 20;
  private static final int MIN_NODE_MINOR = 19;
  private static final long NPM_CI_TIMEOUT_SECONDS = 300;
  private static final long START_TIMEOUT_SECONDS = 30;
  private static final String LOCK_STAMP = ".signon-interop-lock.sha256";

  private final Process process;
  private final Thread reader;
  private final String issuer;
  private final Path log;

  private NodeProvider(Process process, Thread reader, String issuer, Path log) {
    this.process = process;
    this.reader = reader;
    this.issuer = issuer;
    this.log = log;
  }

  /** Thrown when something the tests need (node, npm, the npm registry) is not there. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  /**
   * Installs the provider's packages if needed and starts it.
   *
   * @throws Unavailable if node or npm is missing or too old, or {@code npm ci} fails
   * @throws IllegalStateException if the provider itself fails to start (a real failure)
   */
  static NodeProvider start(Path sources, Path work, Map<String, String> environment)
      throws Unavailable {
    checkNode();
    install(sources, work);
    Path log = work.resolve("provider.log");
    ProcessBuilder builder =
        new ProcessBuilder(node(), "provider.mjs")
            .directory(work.toFile())
            .redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().put("NO_COLOR", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new Unavailable("cannot run node: " + e.getMessage());
    }
    CompletableFuture<String> listening = new CompletableFuture<>();
    Deque<String> recent = new ArrayDeque<>();
    Thread reader =
        new Thread(() -> readOutput(process, log, listening, recent), "oidc-provider-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String issuer = listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new NodeProvider(process, reader, issuer, log);
    } catch (ExecutionException | TimeoutException e) {
      destroy(process);
      String output;
      synchronized (recent) {
        output = String.join("\n", recent);
      }
      throw new IllegalStateException(
          "oidc-provider did not start ("
              + e.getClass().getSimpleName()
              + "); its output, also in "
              + log
              + ":\n"
              + output,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroy(process);
      throw new IllegalStateException("interrupted while starting oidc-provider", e);
    }
  }

  /** Reads the provider's output into its log until it exits, noticing the listening line. */
  private static void readOutput(
      Process process, Path log, CompletableFuture<String> listening, Deque<String> recent) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
        synchronized (recent) {
          recent.addLast(line);
          if (recent.size() > 40) {
            recent.removeFirst();
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          listening.complete(m.group(1));
        }
      }
      listening.completeExceptionally(new IllegalStateException("oidc-provider exited"));
    } catch (IOException e) {
      listening.completeExceptionally(e);
    }
  }

  private static void checkNode() throws Unavailable {
    String version = run(List.of(node(), "--version"), null, 30, "node").strip();
    Matcher m = Pattern.compile("v(\\d+)\\.(\\d+)\\.").matcher(version);
    int major = m.find() ? Integer.parseInt(m.group(1)) : 0;
    int minor = major > 0 ? Integer.parseInt(m.group(2)) : 0;
    if (major < MIN_NODE_MAJOR || (major == MIN_NODE_MAJOR && minor < MIN_NODE_MINOR)) {
      throw new Unavailable(
          "node "
              + version
              + " is too old; the provider needs "
              + MIN_NODE_MAJOR
              + "."
              + MIN_NODE_MINOR
              + " or later");
    }
    run(List.of(npm(), "--version"), null, 30, "npm");
  }

  /** The node executable: {@code -Dinterop.node=...}, else {@code node} on the PATH. */
  private static String node() {
    return System.getProperty("interop.node", "node");
  }

  /** The npm executable: {@code -Dinterop.npm=...}, else {@code npm} on the PATH. */
  private static String npm() {
    String windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
            ? "npm.cmd"
            : "npm";
    return System.getProperty("interop.npm", windows);
  }

  /**
   * Copies the package files into {@code work} and runs {@code npm ci} unless {@code node_modules}
   * was installed from the same lock file.
   */
  private static void install(Path sources, Path work) throws Unavailable {
    try {
      Files.createDirectories(work);
      for (String name : List.of("package.json", "package-lock.json", "provider.mjs")) {
        Files.copy(sources.resolve(name), work.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
      String lockHash = sha256(Files.readAllBytes(work.resolve("package-lock.json")));
      Path stamp = work.resolve("node_modules").resolve(LOCK_STAMP);
      if (Files.isRegularFile(stamp)
          && Files.readString(stamp, StandardCharsets.UTF_8).strip().equals(lockHash)) {
        return;
      }
      run(
          List.of(npm(), "ci", "--no-audit", "--no-fund"),
          work,
          NPM_CI_TIMEOUT_SECONDS,
          "npm ci (it needs the npm registry the first time)");
      Files.writeString(stamp, lockHash, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + work, e);
    }
  }

  /** Runs a command to completion, returning its output; any failure means a missing tool. */
  private static String run(
      List<String> command, @Nullable Path directory, long timeoutSeconds, String what)
      throws Unavailable {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new Unavailable(what + " is not available: " + e.getMessage());
    }
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        destroy(process);
        throw new Unavailable(what + " did not finish in " + timeoutSeconds + " s");
      }
      String text = output.get(10, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new Unavailable(
            what + " failed with exit code " + process.exitValue() + ":\n" + tail(text));
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroy(process);
      throw new Unavailable(what + " was interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new Unavailable(what + ": cannot read its output: " + e);
    }
  }

  private static String tail(String text) {
    List<String> lines = new ArrayList<>(text.lines().toList());
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The provider's issuer, {@code http://127.0.0.1:<port>} without a trailing slash. */
  String issuer() {
    return issuer;
  }

  /** Where the provider's output goes, for a failing test to point at. */
  Path log() {
    return log;
  }

  private static void destroy(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Stops the provider and anything it started. */
  @Override
  public void close() {
    destroy(process);
    try {
      reader.join(TimeUnit.SECONDS.toMillis(5)); // the log gets the provider's last words
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
