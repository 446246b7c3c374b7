package dev.signon.spring.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.admin.Actor;
import dev.signon.core.admin.ApplicationTokenAdmin.NewApplicationToken;
import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.testing.EngineFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignonJobsTest {
  final EngineFixture f = new EngineFixture();
  final Actor me = Actor.user(f.superadmin.uid());

  @Test
  void accountsJobRevokesARotatedOutTokenOnceItsSuccessorHasBeenUsed() {
    User api = f.server.admin().createApiUser(me, "Publishing API", Email.of("api@example.gov.uk"));
    NewApplicationToken old = f.server.applicationTokens().create(me, api.uid(), f.visits.id());
    NewApplicationToken next = f.server.applicationTokens().rotate(me, old.token().id());
    SignonJobs jobs = new SignonJobs(f.server, new SignonServerProperties.Jobs());

    jobs.accounts();
    assertThat(status(old)).as("successor not used yet: the old token still works").isEqualTo(200);

    assertThat(status(next)).isEqualTo(200);
    jobs.accounts();
    assertThat(status(old)).isEqualTo(401);
    assertThat(status(next)).isEqualTo(200);
  }

  @Test
  void aRotationGraceThatIsNotPositiveIsRefusedNamingTheProperty() {
    SignonServerProperties.Jobs settings = new SignonServerProperties.Jobs();
    settings.setTokenRotationGrace(Duration.ZERO);
    assertThatThrownBy(() -> new SignonJobs(f.server, settings))
        .isInstanceOf(SignonConfigurationException.class)
        .hasMessageContaining("signon.server.jobs.token-rotation-grace");
  }

  private int status(NewApplicationToken token) {
    return f.oauth
        .userDetails(f.bearerRequest("GET", "/api/user_details", token.value().reveal()))
        .status();
  }
}
