package io.vmnetdiag.lab.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.agent.path.ObservedAddress;
import io.vmnetdiag.api.v1alpha1.AddressSource;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.diagnosis.VerdictEngine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each recorded lab case (see {@code src/test/resources/replay/README.md}) replayed offline: every hop's
 * pcap through the capture's classifier and recorder, then the verdict engine; the verdict must be the
 * one the case expects, with the evidence it names. No root, no network.
 */
class ReplayedVerdictsTest {

  static List<String> cases() {
    return RecordedCase.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRecordedCaseGetsItsExpectedVerdict(String name) throws Exception {
    RecordedCase recorded = RecordedCase.load(name);

    Verdict verdict = decide(recorded, recorded.path(), recorded.replayPath(), "");

    assertExpected(recorded, verdict);
  }

  /**
   * The same frames with no address given (as when neither the spec, the guest agent nor a neighbour
   * table knows it): the VM announced its address in what it sent, the agent learns it from there
   * (addressSource Observed), and the verdict must not change.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theVerdictHoldsWithoutAGivenAddress(String name) throws Exception {
    RecordedCase recorded = RecordedCase.load(name);

    Verdict verdict = decide(recorded, recorded.path(null), recorded.replayPath(null), " (no address)");

    assertExpected(recorded, verdict);
  }

  private static Verdict decide(RecordedCase recorded, ResolvedPath path, List<HopObservation> hops, String variant) {
    // As the node agent does: with no address given, the frames the VM's MAC sent give it.
    if (path.getVmAddress() == null) {
      assertThat(ObservedAddress.learn(path, hops)).as("address learned from the frames").isTrue();
      assertThat(path.getVmAddress()).isEqualTo(recorded.actualVmAddress());
      assertThat(path.getAddressSource()).isEqualTo(AddressSource.Observed);
    }
    Verdict verdict = new VerdictEngine().decide(path, hops);
    System.out.println("[replay] " + recorded.name() + variant + " -> " + said(verdict));
    return verdict;
  }

  private static void assertExpected(RecordedCase recorded, Verdict verdict) {
    String said = said(verdict);
    assertThat(String.valueOf(verdict.getReason())).as(said).isEqualTo(recorded.expectedReason());
    if (recorded.expectedLocation() != null) {
      assertThat(verdict.getLocation()).as(said).isEqualTo(recorded.expectedLocation());
    }
    for (String line : recorded.expectedEvidence()) {
      assertThat(verdict.getEvidence()).as(said).anyMatch(evidence -> evidence.contains(line));
    }
  }

  private static String said(Verdict verdict) {
    return verdict.getReason() + " at " + verdict.getLocation() + ": " + verdict.getSummary()
        + "\n  evidence:\n    " + String.join("\n    ", verdict.getEvidence());
  }
}
