package dev.signon.servlet.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signon.core.directory.Email;
import dev.signon.core.directory.User;
import dev.signon.core.directory.UserRole;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batch invitations from an uploaded CSV file: the servlet reads the multipart form for that page
 * only, bounded in size, and the console checks it is a CSV.
 */
class AdminConsoleBatchUploadTest {
  private PagesHost host;
  private Browser ada;

  @BeforeEach
  void start() throws Exception {
    host = new PagesHost(false);
    host.person("Ada Admin", "ada@example.gov.uk", UserRole.SUPERADMIN);
    ada = host.signedIn("ada@example.gov.uk");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private Optional<User> user(String email) {
    return host.server.store().transaction(tx -> tx.users().findByEmail(Email.of(email)));
  }

  private Browser.Page upload(String filename, String type, byte[] content) throws Exception {
    return ada.postFile(
        host.url("/admin/batch-invitations"),
        "csv_file",
        filename,
        type,
        content,
        "csv",
        "",
        "access",
        host.visits.id() + ":signin");
  }

  @Test
  void theFormOffersAFileUploadAndIsMultipart() throws Exception {
    String page = ada.get(host.url("/admin/batch-invitations")).body();
    assertThat(page)
        .contains("enctype=\"multipart/form-data\"")
        .contains("<label for=\"csv_file\">Or upload a CSV file</label>")
        .contains("type=\"file\"");
  }

  @Test
  void anUploadedCsvInvitesEachGoodRowAndReportsTheBadOne() throws Exception {
    byte[] csv =
        ("name,email\nAmy Able,amy@example.gov.uk\nBad Row,not-an-email\nZoë Ünal,zoe@example.gov.uk\n")
            .getBytes(StandardCharsets.UTF_8);
    Browser.Page r = upload("people.csv", "text/csv", csv);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Browser.unescape(r.body())).contains("2 of 3 people invited").contains("Zoë Ünal");
    assertThat(user("amy@example.gov.uk")).isPresent();
    assertThat(user("zoe@example.gov.uk"))
        .hasValueSatisfying(u -> assertThat(u.name()).isEqualTo("Zoë Ünal"));
  }

  @Test
  void aFileThatIsNotACsvIsRefusedNextToTheField() throws Exception {
    Browser.Page r =
        upload("photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n'});
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("<a href=\"#csv_file\">The file must be a CSV file");
  }

  @Test
  void aTextFileNamedOtherwiseIsRefusedAsNotCsv() throws Exception {
    Browser.Page r =
        upload(
            "people.docx",
            "application/octet-stream",
            "a,b@example.gov.uk\n".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("<a href=\"#csv_file\">The file must be a CSV file (ending .csv)</a>");
    assertThat(user("b@example.gov.uk")).isEmpty();
  }

  @Test
  void aFileTooLargeGetsAPageThatSaysSo() throws Exception {
    byte[] big = new byte[SignonEndpointServlet.MAX_UPLOAD_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    Browser.Page r = upload("people.csv", "text/csv", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("The file is too large").contains("512 KB");
  }

  @Test
  void anUploadWithoutTheCsrfTokenIsRefused() throws Exception {
    Browser stranger = new Browser();
    stranger.get(host.url("/sign-in"));
    Browser.Page r =
        stranger.postFile(
            host.url("/admin/batch-invitations"),
            "csv_file",
            "people.csv",
            "text/csv",
            "Eve,eve@example.gov.uk\n".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isNotEqualTo(200);
    assertThat(user("eve@example.gov.uk")).isEmpty();
  }

  @Test
  void otherPagesDoNotReadMultipartBodies() throws Exception {
    Browser.Page r =
        ada.postFile(
            host.url("/admin/users/new"),
            "csv_file",
            "people.csv",
            "text/csv",
            "x".getBytes(StandardCharsets.UTF_8),
            "name",
            "Mallory",
            "email",
            "mallory@example.gov.uk");
    assertThat(r.statusCode()).isNotEqualTo(303);
    assertThat(user("mallory@example.gov.uk")).isEmpty();
  }
}
