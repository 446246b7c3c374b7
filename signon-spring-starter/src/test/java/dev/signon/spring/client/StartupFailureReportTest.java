package dev.signon.spring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a person starting an app with bad properties sees on the console. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

  @SpringBootConfiguration
  @ImportAutoConfiguration(SignonClientAutoConfiguration.class)
  static class App {}

  @Test
  void missingIssuerIsReportedAsDescriptionAndActionThroughSpringFactories(CapturedOutput output) {
    SpringApplication app = new SpringApplication(App.class);
    app.setWebApplicationType(WebApplicationType.NONE);

    assertThatThrownBy(
            () ->
                app.run(
                    "--signon.client.client-id=reports",
                    "--signon.client.client-secret=s3cret-value",
                    "--signon.client.redirect-uri=https://reports.example/auth/signon/callback"))
        .hasRootCauseInstanceOf(SignonClientConfigurationException.class);

    assertThat(output.toString())
        .contains("APPLICATION FAILED TO START")
        .contains("Description:")
        .contains("Signon relying-side configuration is invalid: no issuer is set.")
        .contains("Action:")
        .contains("Set signon.client.issuer to the provider's issuer URL")
        .doesNotContain("s3cret-value");
  }
}
