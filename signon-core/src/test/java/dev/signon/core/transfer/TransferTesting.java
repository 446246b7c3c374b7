package dev.signon.core.transfer;

import static dev.signon.core.testing.TestDirectory.T0;

import dev.signon.core.audit.AuditEvent;
import dev.signon.core.store.SignonStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The sample document, a transfer over a store with a fixed clock, and JSON helpers. */
final class TransferTesting {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  private TransferTesting() {}

  static DirectoryTransfer transfer(SignonStore store) {
    return DirectoryTransfer.builder().store(store).clock(CLOCK).random(new SecureRandom()).build();
  }

  /** The sample document's text, exactly as in {@code docs/DIRECTORY-FORMAT.md}'s example. */
  static String sampleJson() {
    try (InputStream in =
        TransferTesting.class.getResourceAsStream("/transfer/sample-directory.json")) {
      return new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample document as a tree, to change before importing. */
  static ObjectNode sample() {
    return (ObjectNode) JSON.readTree(sampleJson());
  }

  static String json(JsonNode document) {
    return JSON.writeValueAsString(document);
  }

  /** Element {@code index} of the top-level list {@code section}. */
  static ObjectNode entry(ObjectNode document, String section, int index) {
    return (ObjectNode) document.get(section).get(index);
  }

  static ArrayNode array(ObjectNode entry, String key) {
    return (ArrayNode) entry.get(key);
  }

  static List<AuditEvent> audit(SignonStore store) {
    return store.transaction(tx -> tx.audit().listRecent(1000));
  }
}
