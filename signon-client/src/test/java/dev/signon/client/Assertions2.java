package dev.signon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the client's two exception families. */
final class Assertions2 {
  private Assertions2() {}

  static ProviderRejectedException assertRejected(ThrowingCallable call, String errorCode) {
    ProviderRejectedException[] caught = new ProviderRejectedException[1];
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProviderRejectedException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(errorCode);
              caught[0] = e;
            });
    return caught[0];
  }

  static ProviderUnavailableException assertUnavailable(ThrowingCallable call, String errorCode) {
    ProviderUnavailableException[] caught = new ProviderUnavailableException[1];
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(errorCode);
              caught[0] = e;
            });
    return caught[0];
  }
}
