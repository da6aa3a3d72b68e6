package io.vmnetdiag.operator.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.operator.OperatorSettings;
import io.vmnetdiag.operator.events.EventReason;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTableTest {

  @Test
  void everyFailureHasExactlyOneRow() {
    List<Object> failures = Arrays.asList((Object[]) CaptureFailure.class.getPermittedSubclasses());
    assertThat(OutcomeTable.rows()).extracting(r -> (Object) r.type()).containsExactlyInAnyOrderElementsOf(failures);
  }

  @Test
  void onlyEvictionNodeNotReadyAndADeletedPodAreRetried() {
    assertThat(OutcomeTable.rows()).filteredOn(r -> r.retry() == OutcomeTable.Retry.TRANSIENT)
        .extracting(r -> (Object) r.type()).containsExactlyInAnyOrder(CaptureFailure.Evicted.class,
            CaptureFailure.NodeNotReady.class, CaptureFailure.PodDeleted.class);
  }

  @Test
  void reasonsAreCamelCaseWordsAndEventsWarnings() {
    assertThat(OutcomeTable.rows()).allSatisfy(r -> {
      assertThat(r.reason()).matches("^[A-Z][A-Za-z]*$");
      assertThat(r.event().type()).isEqualTo("Warning");
    });
    // A cause of its own has an event of its own name, so `kubectl get events --field-selector reason=...` finds it.
    assertThat(OutcomeTable.rows()).filteredOn(r -> r.event() != EventReason.CaptureFailed)
        .allSatisfy(r -> assertThat(r.event().name()).isEqualTo(r.reason()));
  }

  @Test
  void messagesCarryTheFacts() {
    assertThat(OutcomeTable.of(new CaptureFailure.ImagePullFailed("registry/vmnetdiag:1", "ImagePullBackOff",
        "Back-off pulling image")))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo("ImagePullFailed");
          assertThat(e.message()).contains("registry/vmnetdiag:1", "ImagePullBackOff", "Back-off pulling image");
          assertThat(e.transientCause()).isFalse();
        });
    assertThat(OutcomeTable.of(new CaptureFailure.AgentFailed(1, "Error", null)).message())
        .contains("exited with code 1", "without a log");
  }

  @Test
  void backoffDoublesUpToItsCap() {
    var retry = new OperatorSettings.Retry(5, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ZERO,
        Duration.ZERO);
    assertThat(List.of(retry.before(2), retry.before(3), retry.before(4), retry.before(5)))
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }
}
