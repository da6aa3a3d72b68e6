package io.vmnetdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.v1alpha1.BridgePortState;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The picture the CLI prints, against golden text drawn from a fixed report. */
class PathPictureTest {
  @Test
  void seedCaseBreaksBetweenTheTapAndTheGuest() throws IOException {
    String picture = PathPicture.render(DiagnosisResult.of(Fixtures.seedReport(),
        Fixtures.verdict(VerdictReason.GuestNotProcessingReceive, "guest")));

    assertThat(picture).isEqualTo(golden("seed-picture.txt"));
  }

  @Test
  void aSegmentInsideTheHostMarksEveryLinkBetweenItsEnds() {
    List<String> roles = List.of("uplink", "bridge", "tap", "guest");
    assertThat(PathPicture.brokenLinks("uplink->tap", roles)).containsExactly(1, 2);
    assertThat(PathPicture.brokenLinks("bridge->tap", roles)).containsExactly(2);
    assertThat(PathPicture.brokenLinks("tap->uplink", roles)).as("egress: the same links").containsExactly(1, 2);
    assertThat(PathPicture.brokenLinks("upstream", roles)).containsExactly(0);
    assertThat(PathPicture.brokenLinks("guest", roles)).containsExactly(3);
    assertThat(PathPicture.brokenLinks("none", roles)).isEmpty();
    assertThat(PathPicture.brokenLinks("unknown", roles)).isEmpty();
  }

  @Test
  void aLossInsideTheHostIsDrawnBetweenItsBoxes() {
    String picture = PathPicture.render(DiagnosisResult.of(Fixtures.seedReport(),
        Fixtures.verdict(VerdictReason.LostInsideHost, "bridge->tap")));
    List<String> lines = picture.lines().toList();
    String links = lines.get(3);
    assertThat(links).startsWith("network -----| uplink").contains("|-----| bridge").contains("|--X--| tap")
        .contains("|-----| guest");
    int x = links.indexOf('X');
    assertThat(lines.get(8).indexOf('^')).as(picture).isEqualTo(x);
    assertThat(lines.get(8)).endsWith("^ packets stop here (bridge->tap)");
    assertThat(picture).contains("verdict   LostInsideHost (fault located)");
  }

  @Test
  void healthyAndInconclusivePathsHaveNoBreak() {
    AgentReport report = Fixtures.seedReport();
    String healthy = PathPicture.render(DiagnosisResult.of(report, Fixtures.verdict(VerdictReason.PathHealthy, "none")));
    assertThat(healthy).doesNotContain("X").contains("no break: nothing is lost on this node's path")
        .contains("verdict   PathHealthy (healthy)");
    String unknown = PathPicture.render(DiagnosisResult.of(report,
        Fixtures.verdict(VerdictReason.NoTrafficObserved, "unknown")));
    assertThat(unknown).doesNotContain("--X--").contains("where packets stop is not known")
        .contains("verdict   NoTrafficObserved (inconclusive)");
  }

  @Test
  void aHopThatCouldNotBeCapturedSaysSo() {
    AgentReport report = Fixtures.seedReport();
    report.getHops().get(1).setFailure("No such device");
    String picture = PathPicture.render(DiagnosisResult.of(report,
        Fixtures.verdict(VerdictReason.CaptureIncomplete, "unknown")));
    assertThat(picture.lines().toList().get(5)).as(picture).contains("| not         |");
    assertThat(picture.lines().toList().get(6)).contains("| captured    |");
  }

  @Test
  void aLinkLibvirtHoldsDownIsShownInTheGuestsBoxAndBreaksTapToGuest() {
    AgentReport report = Fixtures.seedReport();
    report.getPath().setLinkState("down");

    String picture = PathPicture.render(DiagnosisResult.of(report, Fixtures.verdict(VerdictReason.HostLinkDown,
        "tap->guest")));

    List<String> lines = picture.lines().toList();
    assertThat(lines.get(3)).as(picture).matches(".*\\| tap +\\|--X--\\| guest +\\|");
    assertThat(lines.get(6)).as(picture).endsWith("|     | link down    |");
    assertThat(lines.get(8)).endsWith("^ packets stop here (tap->guest)");
    assertThat(picture).contains("verdict   HostLinkDown (fault located)");
  }

  @Test
  void aBridgePortThatForwardsNothingIsShownUnderItsCounts() {
    AgentReport report = Fixtures.seedReport();
    report.getPath().getHops().get(2).setPortState(BridgePortState.Disabled);

    String picture = PathPicture.render(DiagnosisResult.of(report, Fixtures.verdict(VerdictReason.LostInsideHost,
        "bridge->tap")));

    List<String> lines = picture.lines().toList();
    assertThat(lines.get(3)).as(picture).contains("|--X--| tap");
    // one line taller for every box: the tap's port state under its counts, the others blank
    assertThat(lines.get(7)).as(picture).contains("| port disabled |").startsWith("             |             |");
    assertThat(lines.get(8)).startsWith("             +--");
    assertThat(lines.get(9)).endsWith("^ packets stop here (bridge->tap)");
    String forwarding = PathPicture.render(DiagnosisResult.of(Fixtures.seedReport(),
        Fixtures.verdict(VerdictReason.LostInsideHost, "bridge->tap")));
    assertThat(forwarding).doesNotContain("port ");
  }

  static String golden(String name) throws IOException {
    try (InputStream in = PathPictureTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
