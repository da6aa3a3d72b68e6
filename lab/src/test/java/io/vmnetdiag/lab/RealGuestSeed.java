package io.vmnetdiag.lab;

import static io.vmnetdiag.lab.KubevirtClusterLab.hop;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import io.vmnetdiag.lab.topology.GuestCommand;
import io.vmnetdiag.lab.topology.KubevirtLab;
import java.time.Duration;
import java.util.List;

/**
 * The seed fault on a KubeVirt lab's real qemu guest, for either binding: made and read inside the guest through its
 * agent socket, and the verdict's picture of it checked.
 */
final class RealGuestSeed {
  private RealGuestSeed() {}

  /** Injects the seed inside the guest and returns the guest NIC's rx count right after. */
  static long inject(KubevirtLab node) {
    node.injectGuestReceiveFault();
    assertThat(inGuest(node, "nft list tables")).contains("table netdev vndfault");
    return rxPackets(node);
  }

  /**
   * The seed's verdict with the pod's hops captured and the seed's picture at tap0: the guest keeps asking who-has
   * its gateway, the answers reach it, nothing comes back; and the guest's NIC counted frames since
   * {@code rxBefore}: dropped above the NIC, inside the guest.
   */
  static void assertFoundAtTheGuest(KubevirtClusterLab lab, NetworkDiagnosis done, long rxBefore) {
    String yaml = lab.asYaml(done);
    assertThat(done.getStatus().getVerdict().getReason()).as(yaml).isEqualTo(VerdictReason.GuestNotProcessingReceive);
    assertThat(done.getStatus().getVerdict().getLocation()).isEqualTo("guest");
    for (HopRole inPod : List.of(HopRole.PodInterface, HopRole.PodBridge, HopRole.Tap)) {
      assertThat(hop(done, inPod).getToVm().getIcmpEchoRequest()).as(inPod + "\n" + yaml).isPositive();
    }
    HopObservation tap = hop(done, HopRole.Tap);
    assertThat(tap.getFromVm().getArpRequest()).as(yaml).isPositive();
    assertThat(tap.getToVm().getArpReply()).as(yaml).isPositive();
    assertThat(tap.getFromVm().replies()).as(yaml).isZero();
    assertThat(String.join("\n", done.getStatus().getVerdict().getEvidence())).as(yaml)
        .contains("tap tap0: the guest asked for " + lab.node().guestGateway() + " (");
    assertThat(rxPackets(lab.node())).isGreaterThan(rxBefore);
  }

  /** Heals every fault, the guest's included, and checks the guest holds none. */
  static void heal(KubevirtLab node) {
    node.heal();
    assertThat(inGuest(node, "nft list tables")).doesNotContain("vndfault");
  }

  /** What a command printed in the guest, through its agent socket; it must succeed. */
  static String inGuest(KubevirtLab node, String command) {
    GuestCommand done = node.guestExec(command, Duration.ofSeconds(10));
    assertThat(done.exitCode()).as(command + ": " + done.stderr()).isZero();
    return done.stdout();
  }

  private static long rxPackets(KubevirtLab node) {
    return Long.parseLong(inGuest(node, "cat /sys/class/net/eth0/statistics/rx_packets").trim());
  }
}
