package dev.signon.core.metrics;

import dev.signon.core.rotation.ApiTokenHealth;
import dev.signon.core.store.SignonStore;

/** Reports to nothing. Touches no Micrometer class. */
enum NoMetrics implements SignonMetrics {
  INSTANCE;

  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public void tokenRequest(String grantType, String result) {}

  @Override
  public void refused(String endpoint, String error) {}

  @Override
  public void signIn(String method, String result, String reason) {}

  @Override
  public void rotations(String outcome, int count) {}

  @Override
  public void openRotations(int delivering, int awaitingUse, int stalled) {}

  @Override
  public void clientSecrets(String outcome, int count) {}

  @Override
  public void sinkFailure(String sink, String credential) {}

  @Override
  public void apiTokens(ApiTokenHealth health) {}

  @Override
  public SignonStore store(SignonStore store) {
    return store;
  }
}
