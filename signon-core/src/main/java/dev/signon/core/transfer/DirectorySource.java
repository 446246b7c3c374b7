package dev.signon.core.transfer;

/**
 * Where a staging host reads the directory document it mirrors: production's admin API over HTTPS
 * (the Spring starter and {@code signon-servlet} make one from a URL and a token file). A source
 * that cannot read it throws; nothing is imported then.
 */
@FunctionalInterface
public interface DirectorySource {
  /**
   * The document's JSON text.
   *
   * @throws RuntimeException when it cannot be read, naming why (never a token)
   */
  String fetch();
}
