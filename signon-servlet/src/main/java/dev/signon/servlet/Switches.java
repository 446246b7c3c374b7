package dev.signon.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link FallbackSwitch} implementations behind its static factories. */
final class Switches {
  private static final Logger log = LoggerFactory.getLogger(Switches.class);

  private Switches() {}

  /** {@code true}, {@code on}, {@code yes}, {@code 1}, in any case, count as on; nothing else. */
  static boolean switchedOn(@Nullable String value) {
    if (value == null) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "1", "true", "on", "yes" -> true;
      default -> false;
    };
  }

  /** A switch with a name for the log and the audit events. */
  record Named(String name, FallbackSwitch source) implements FallbackSwitch {
    @Override
    public boolean isOn(Instant now) {
      return source.isOn(now);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** {@link FallbackSwitch#or}. */
  static final class Either implements FallbackSwitch {
    private final FallbackSwitch first;
    private final FallbackSwitch second;
    private volatile FallbackSwitch last;

    Either(FallbackSwitch first, FallbackSwitch second) {
      this.first = first;
      this.second = second;
      this.last = first;
    }

    @Override
    public boolean isOn(Instant now) {
      if (first.isOn(now)) {
        last = first;
        return true;
      }
      if (second.isOn(now)) {
        last = second;
        return true;
      }
      return false;
    }

    @Override
    public String toString() {
      return last.toString();
    }
  }

  /** {@link FallbackSwitch#flagFile}: a {@code stat} (and a short read) at most once per period. */
  static final class FlagFile implements FallbackSwitch {
    private static final int MAX_READ = 16;

    private final Path file;
    private final Duration checkEvery;
    private @Nullable Instant checkedAt;
    private boolean on;

    FlagFile(Path file, Duration checkEvery) {
      this.file = Objects.requireNonNull(file, "file");
      Objects.requireNonNull(checkEvery, "checkEvery");
      if (checkEvery.isNegative() || checkEvery.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("checkEvery must be between 0 and 1 hour");
      }
      this.checkEvery = checkEvery;
    }

    @Override
    public synchronized boolean isOn(Instant now) {
      Instant last = checkedAt;
      if (last == null || !now.isBefore(last.plus(checkEvery)) || now.isBefore(last)) {
        checkedAt = now;
        on = read();
      }
      return on;
    }

    private boolean read() {
      try (InputStream in = Files.newInputStream(file)) {
        String head = new String(in.readNBytes(MAX_READ), StandardCharsets.UTF_8);
        return switch (head.trim().toLowerCase(Locale.ROOT)) {
          case "false", "off", "no", "0" -> false;
          default -> true;
        };
      } catch (NoSuchFileException e) {
        return false;
      } catch (IOException | RuntimeException e) {
        log.warn("Fallback flag file {} could not be read; counting it as off", file, e);
        return false;
      }
    }

    @Override
    public String toString() {
      return "flag file " + file;
    }
  }
}
