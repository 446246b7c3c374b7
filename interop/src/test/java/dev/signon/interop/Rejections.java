package dev.signon.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.client.ProviderRejectedException;
import dev.signon.client.ProviderUnavailableException;
import dev.signon.client.SignonClientException;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the client's two exception families. */
final class Rejections {
  private Rejections() {}

  static ProviderRejectedException assertRejected(ThrowingCallable call, String errorCode) {
    return assertFamily(call, ProviderRejectedException.class, errorCode);
  }

  static ProviderUnavailableException assertUnavailable(ThrowingCallable call, String errorCode) {
    return assertFamily(call, ProviderUnavailableException.class, errorCode);
  }

  private static <T extends SignonClientException> T assertFamily(
      ThrowingCallable call, Class<T> family, String errorCode) {
    AtomicReference<T> caught = new AtomicReference<>();
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            family,
            e -> {
              assertThat(e.errorCode()).as("error code of %s", e.getMessage()).isEqualTo(errorCode);
              caught.set(e);
            });
    return caught.get();
  }
}
