package io.vmnetdiag.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failure handling that needs no privileges: bad hops are reported, never thrown. */
class CaptureSessionTest {
  private final CaptureSettings settings = new CaptureSettings("52:54:00:00:00:01", "10.9.9.9",
      Duration.ofMillis(50), 96, List.of(), List.of(), 2);

  @Test
  void reportsEveryBadHopInOrder() {
    List<HopObservation> observations = new CaptureSession(settings).run(Arrays.asList(
        new Hop(HopRole.Uplink, "vdnx" + ProcessHandle.current().pid()),
        new Hop(HopRole.Bridge, " "),
        null,
        new Hop(HopRole.Tap, "a-name-far-too-long-for-linux")));

    assertThat(observations).hasSize(4);
    assertThat(observations.get(0).getRole()).isEqualTo(HopRole.Uplink);
    assertThat(observations.get(0).getFailure()).isEqualTo(
        "Interface vdnx" + ProcessHandle.current().pid() + " does not exist on this node.");
    assertThat(observations.get(1).getFailure()).isEqualTo("The hop names no interface to capture.");
    assertThat(observations.get(2).getFailure()).isEqualTo("The hop entry is empty.");
    assertThat(observations.get(3).getFailure()).contains("does not exist");
    assertThat(observations).allSatisfy(o -> {
      assertThat(o.getToVm().total()).isZero();
      assertThat(o.getSamples()).isEmpty();
    });
  }

  @Test
  void emptyPathStillWaitsOutNothingAndReturnsEmpty() {
    assertThat(new CaptureSession(settings).run(List.of())).isEmpty();
  }

  @Test
  void rejectsMissingInput() {
    assertThatThrownBy(() -> new CaptureSession(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CaptureSession(settings).run(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
