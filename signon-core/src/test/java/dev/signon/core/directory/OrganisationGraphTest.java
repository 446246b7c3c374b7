package dev.signon.core.directory;

import static dev.signon.core.testing.TestDirectory.organisation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signon.core.error.InvalidInputException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrganisationGraphTest {
  final Organisation moj = organisation("moj").build();
  final Organisation co = organisation("cabinet-office").build();
  final Organisation noms = organisation("noms.moj").parents(Set.of(moj.id())).build();
  final Organisation prisons = organisation("prisons.noms.moj").parents(Set.of(noms.id())).build();
  // A child with two parents, which GOV.UK Signon cannot model.
  final Organisation digital = organisation("digital").parents(Set.of(moj.id(), co.id())).build();
  final Organisation team = organisation("team.digital").parents(Set.of(digital.id())).build();
  final OrganisationGraph graph =
      OrganisationGraph.of(List.of(moj, co, noms, prisons, digital, team));

  @Test
  void ancestorsFollowEveryParent() {
    assertThat(graph.ancestors(team.id()))
        .containsExactlyInAnyOrder(digital.id(), moj.id(), co.id());
    assertThat(graph.ancestors(prisons.id())).containsExactly(noms.id(), moj.id());
    assertThat(graph.ancestors(moj.id())).isEmpty();
  }

  @Test
  void descendantsFollowEveryChild() {
    assertThat(graph.descendants(moj.id()))
        .containsExactlyInAnyOrder(noms.id(), prisons.id(), digital.id(), team.id());
    assertThat(graph.descendants(co.id())).containsExactlyInAnyOrder(digital.id(), team.id());
    assertThat(graph.children(moj.id())).containsExactlyInAnyOrder(noms.id(), digital.id());
  }

  @Test
  void isWithinThroughAnyParentAndReflexive() {
    assertThat(graph.isWithin(team.id(), co.id())).isTrue();
    assertThat(graph.isWithin(team.id(), moj.id())).isTrue();
    assertThat(graph.isWithin(moj.id(), moj.id())).isTrue();
    assertThat(graph.isWithin(prisons.id(), co.id())).isFalse();
    assertThat(graph.isWithin(moj.id(), prisons.id())).isFalse();
  }

  @Test
  void linkWhenItWouldMakeACycleThenRefused() {
    assertThatThrownBy(() -> graph.checkCanLink(moj.id(), prisons.id()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining("prisons.noms.moj")
        .hasMessageContaining("moj");
    assertThatThrownBy(() -> graph.checkCanLink(moj.id(), moj.id()))
        .isInstanceOf(InvalidInputException.class);
    assertThatCode(() -> graph.checkCanLink(prisons.id(), co.id())).doesNotThrowAnyException();
  }

  @Test
  void problemsReportCyclesAndUnknownParents() {
    Organisation a = organisation("a").build();
    Organisation b = organisation("b").parents(Set.of(a.id())).build();
    Organisation aInCycle = a.toBuilder().parents(Set.of(b.id())).build();
    Organisation orphan =
        organisation("orphan").parents(Set.of(organisation("ghost").build().id())).build();

    assertThat(OrganisationGraph.of(List.of(aInCycle, b, orphan)).problems())
        .anyMatch(p -> p.contains("a is its own ancestor"))
        .anyMatch(p -> p.contains("orphan has an unknown parent"));
    assertThat(graph.problems()).isEmpty();
  }

  @Test
  void findsBySlug() {
    assertThat(graph.findBySlug("prisons.noms.moj")).contains(prisons);
    assertThat(graph.findBySlug("nope")).isEmpty();
  }

  @Test
  void organisationCannotBeItsOwnParent() {
    assertThatThrownBy(() -> moj.toBuilder().parents(Set.of(moj.id())).build())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void slugMustBeLowerCaseDottedWords() {
    assertThatThrownBy(() -> organisation("Moj").build()).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> organisation("a..b").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> organisation(".moj").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatCode(() -> organisation("pentonville.prisons.noms.moj").build())
        .doesNotThrowAnyException();
  }
}
