package dev.signon.core.transfer;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.audit.AuditEventType;
import dev.signon.core.directory.UserId;
import dev.signon.core.internal.Ids;
import dev.signon.core.store.SignonStore;
import dev.signon.core.store.StoreTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports the whole directory as one JSON document, and imports such a document: organisations,
 * teams, users, API users, applications and grants, each under its stable id. It seeds development
 * and test hosts, and syncs production into staging every morning.
 *
 * <p>Import matches entities by id and is idempotent: a new id is created, a stored id is updated
 * when any value differs, and entities the document does not mention are left alone. The whole
 * document is checked against the domain's rules and the store before anything is written; every
 * problem is reported with its JSON path, and then nothing is written. Otherwise every write, and
 * one {@link AuditEventType#DIRECTORY_IMPORTED} audit event, happen in one store transaction. An
 * import that changes nothing writes nothing, not even the audit event. The format is described in
 * {@code docs/DIRECTORY-FORMAT.md}.
 *
 * <pre>{@code
 * DirectoryTransfer transfer = DirectoryTransfer.builder()
 *     .store(store).clock(clock).random(secureRandom)
 *     .build();
 * String json = transfer.exportJson();
 * ImportReport report = staging.importJson(json, null); // null: the host itself, say a nightly job
 * }</pre>
 */
public final class DirectoryTransfer {
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Two-space indents, one value per line, {@code "key": value}, and {@code \n} everywhere. */
  private static final ObjectWriter WRITER =
      JSON.writer()
          .with(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                          .withObjectEmptySeparator("")
                          .withArrayEmptySeparator(""))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private final SignonStore store;
  private final Clock clock;
  private final SecureRandom random;

  private DirectoryTransfer(Builder b) {
    this.store = Objects.requireNonNull(b.store);
    this.clock = Objects.requireNonNull(b.clock);
    this.random = Objects.requireNonNull(b.random);
  }

  /** A builder; the store, clock and random source are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The whole directory as a version 2 document, read in one transaction. The same directory always
   * gives the same text: lists are sorted and keys come in a fixed order. It holds no secret.
   *
   * @throws dev.signon.core.error.StorageException when the store cannot be read
   */
  public String exportJson() {
    JsonNode document = store.transaction(tx -> Exporter.export(tx, JSON));
    return WRITER.writeValueAsString(document) + "\n";
  }

  /**
   * Writes {@link #exportJson()} to {@code out} as UTF-8, leaving {@code out} open.
   *
   * @throws UncheckedIOException when {@code out} cannot be written
   * @throws dev.signon.core.error.StorageException when the store cannot be read
   */
  public void exportJson(OutputStream out) {
    Objects.requireNonNull(out, "out");
    byte[] bytes = exportJson().getBytes(StandardCharsets.UTF_8);
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Imports a directory document: creates entities with new ids and updates stored ones that
   * differ, in one transaction, leaving entities the document does not mention alone.
   *
   * @param json the document
   * @param initiator who asked for the import, for the audit log; {@code null} for the host itself
   * @return what was created, updated and left unchanged, kind by kind
   * @throws ImportRejectedException listing every problem with its JSON path, when the document is
   *     malformed, breaks a rule or clashes with the store; nothing is written then
   * @throws dev.signon.core.error.ConflictException when a concurrent change won the race
   * @throws dev.signon.core.error.StorageException when the store cannot be reached
   */
  public ImportReport importJson(String json, @Nullable UserId initiator) {
    Objects.requireNonNull(json, "json");
    return importTree(parse(json), initiator);
  }

  /**
   * Imports a directory document read from {@code in} (UTF-8, or UTF-16/32 with a byte order mark),
   * as {@link #importJson(String, UserId)} does. Does not close {@code in}.
   *
   * @throws UncheckedIOException when {@code in} cannot be read
   */
  public ImportReport importJson(InputStream in, @Nullable UserId initiator) {
    Objects.requireNonNull(in, "in");
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw malformed(e);
    }
    return importTree(root, initiator);
  }

  /**
   * Imports a directory document within a transaction the caller runs, so that it commits or rolls
   * back with the caller's other writes (a migration from GOV.UK Signon writes credentials and
   * tokens beside it). It checks and writes as {@link #importJson(String, UserId)} does, but writes
   * no audit event: the caller records its own.
   *
   * @throws ImportRejectedException listing every problem, before anything is written
   */
  public static ImportReport importJson(StoreTransaction tx, String json) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(json, "json");
    Problems problems = new Problems();
    Document document = read(parse(json), problems);
    return Importer.run(document, tx, problems);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JacksonException e) {
      throw malformed(e);
    }
  }

  /** The document, or {@link ImportRejectedException} naming every problem that stops reading. */
  private static Document read(JsonNode root, Problems problems) {
    if (root.isMissingNode()) {
      problems.add(Format.ROOT, "the document is empty");
      problems.throwIfAny();
    }
    Document document = DocumentReader.read(root, problems);
    if (document == null) {
      problems.throwIfAny();
      throw new IllegalStateException("a document that cannot be read has problems");
    }
    return document;
  }

  private ImportReport importTree(JsonNode root, @Nullable UserId initiator) {
    Problems problems = new Problems();
    Document document = read(root, problems);
    // Drawn before the transaction, which may run more than once.
    Instant now = clock.instant();
    UUID eventId = Ids.randomUuid(random);
    return store.transaction(
        tx -> {
          ImportReport report = Importer.run(document, tx, problems.copy());
          if (report.changed()) {
            tx.audit()
                .append(
                    new AuditEvent(
                        eventId,
                        now,
                        AuditEventType.DIRECTORY_IMPORTED,
                        null,
                        initiator,
                        null,
                        null,
                        null,
                        null,
                        "directory import: " + report.summary()));
          }
          return report;
        });
  }

  private static ImportRejectedException malformed(JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 0
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new ImportRejectedException(
        List.of(new ImportProblem(Format.ROOT, "malformed JSON" + where + ": " + reason(e))));
  }

  private static String reason(JacksonException e) {
    String m = e.getOriginalMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  /** Builds a {@link DirectoryTransfer}; {@code build()} names whatever is missing. */
  public static final class Builder {
    private @Nullable SignonStore store;
    private @Nullable Clock clock;
    private @Nullable SecureRandom random;

    private Builder() {}

    /** The store to export from and import into. */
    public Builder store(SignonStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock that stamps the audit event of an import. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The random source for the audit event's id. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the transfer.
     *
     * @throws IllegalStateException naming the first missing part
     */
    public DirectoryTransfer build() {
      if (store == null) {
        throw new IllegalStateException("store required");
      }
      if (clock == null) {
        throw new IllegalStateException("clock required");
      }
      if (random == null) {
        throw new IllegalStateException("random required");
      }
      return new DirectoryTransfer(this);
    }
  }
}
