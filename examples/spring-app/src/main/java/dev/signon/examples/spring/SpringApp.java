package dev.signon.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The example Spring Boot relying app. The Signon starter configures the client and the filter from
 * {@code application.properties}; {@link Pages} shows who is signed in.
 *
 * <pre>{@code
 * SIGNON_CLIENT_SECRET_FILE=data/sso-host/spring-app.secret java -jar examples/spring-app/target/spring-app.jar
 * }</pre>
 */
@SpringBootApplication
public class SpringApp {

  /** Starts the app; settings come from the environment (see application.properties). */
  public static void main(String[] args) {
    SpringApplication.run(SpringApp.class, args);
  }
}
