package dev.signon.sink.aws;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Checks of name prefixes, client set-up and the words of a failure, shared by the AWS sinks. */
final class AwsNames {
  private AwsNames() {}

  /**
   * Builds a client with the URL-connection HTTP client (no Netty), the SDK's default credentials
   * chain and standard retries, in {@code region} (or the SDK's default region chain) and at {@code
   * endpoint} (or the service's own).
   */
  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
      B builder, @Nullable String region, @Nullable URI endpoint) {
    builder.httpClient(UrlConnectionHttpClient.create());
    if (region != null && !region.isBlank()) {
      builder.region(Region.of(region.strip()));
    }
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /**
   * Checks a name prefix: letters, digits and the characters {@code allowed}.
   *
   * @throws IllegalArgumentException naming the prefix otherwise
   */
  static String prefix(String prefix, String allowed) {
    Objects.requireNonNull(prefix, "namePrefix");
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || allowed.indexOf(c) >= 0;
      if (!ok) {
        throw new IllegalArgumentException(
            "namePrefix may hold letters, digits and " + allowed + " only: " + prefix);
      }
    }
    return prefix;
  }

  /**
   * What AWS answered, for a failure message: the HTTP status and the service's error code, such as
   * {@code 400 ThrottlingException}. The service's own message is left out: it may quote the
   * request.
   */
  static String answer(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    return "AWS answered " + e.statusCode() + " " + code;
  }
}
