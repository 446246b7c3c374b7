package dev.signon.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImportReportTest {
  private static final ImportReport.Counts NONE = ImportReport.Counts.NONE;

  @Test
  void reportChangedWhenAnyKindHasACreateOrUpdate() {
    ImportReport unchanged =
        new ImportReport(
            new ImportReport.Counts(0, 0, 4),
            NONE,
            NONE,
            NONE,
            NONE,
            new ImportReport.Counts(0, 0, 2));
    ImportReport oneUpdate =
        new ImportReport(NONE, NONE, NONE, new ImportReport.Counts(0, 1, 0), NONE, NONE);

    assertThat(unchanged.changed()).isFalse();
    assertThat(oneUpdate.changed()).isTrue();
  }

  @Test
  void summaryNamesEveryKindWithItsCounts() {
    ImportReport report =
        new ImportReport(
            new ImportReport.Counts(1, 2, 3),
            NONE,
            new ImportReport.Counts(4, 0, 0),
            NONE,
            NONE,
            new ImportReport.Counts(0, 0, 9));

    assertThat(report.summary())
        .isEqualTo(
            "organisations 1 created, 2 updated, 3 unchanged; teams 0 created, 0 updated, 0"
                + " unchanged; users 4 created, 0 updated, 0 unchanged; api_users 0 created, 0"
                + " updated, 0 unchanged; applications 0 created, 0 updated, 0 unchanged; grants 0"
                + " created, 0 updated, 9 unchanged");
    assertThat(report.organisations().total()).isEqualTo(6);
  }

  @Test
  void countsWhenNegativeThenRefused() {
    assertThatThrownBy(() -> new ImportReport.Counts(0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectionWhenNoProblemsThenRefused() {
    assertThatThrownBy(() -> new ImportRejectedException(java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
