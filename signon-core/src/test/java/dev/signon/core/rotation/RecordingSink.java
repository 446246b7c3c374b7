package dev.signon.core.rotation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sink that keeps what it is given, and can be told to fail the next few writes. */
public final class RecordingSink implements SecretSink {
  /** Values by target and key, as a consuming application would read them. */
  public final Map<String, String> values = new LinkedHashMap<>();

  /** Every credential written, in order. */
  public final List<Credential> written = new ArrayList<>();

  /** Attempts made, successful or not. */
  public int attempts;

  private int failuresLeft;

  /** Makes the next {@code n} writes fail. */
  public void failNext(int n) {
    failuresLeft = n;
  }

  @Override
  public synchronized void write(Credential credential) {
    attempts++;
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new IllegalStateException("secret store unavailable");
    }
    written.add(credential);
    values.put(credential.target() + "/" + credential.key(), credential.value().reveal());
  }
}
