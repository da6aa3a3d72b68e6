package io.vmnetdiag.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.CaptureStats;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.testkit.LabTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real capture on real kernel links: a peer pings the "VM" across a bridge while every hop
 * (uplink veth, bridge, tap veth), one missing interface and one non-Ethernet tun are captured at once.
 */
@LabTest(tools = "ip")
class CaptureSessionLabTest {
  private static final int PINGS = 10;
  @RegisterExtension
  static final VethLab lab = new VethLab().withPeer().withTun();

  @Test
  void capturesEveryHopAtOnce() throws Exception {
    String missing = "vdnone" + lab.suffix;
    List<Hop> hops = List.of(
        new Hop(HopRole.Uplink, lab.uplink),
        new Hop(HopRole.Bridge, lab.bridge),
        new Hop(HopRole.Tap, lab.tap),
        new Hop(HopRole.Tap, missing),
        new Hop(HopRole.Tap, lab.tun));
    CaptureSettings settings = new CaptureSettings(lab.vmMac, lab.vmIp, Duration.ofSeconds(4), 96,
        List.of(), List.of(), 3);

    Map<String, Integer> baselines = new HashMap<>();
    for (String link : List.of(lab.uplink, lab.bridge, lab.tap)) {
      baselines.put(link, lab.promiscuity(link));
    }
    Thread traffic = new Thread(() -> {
      try {
        // The window opens right after the last handle is armed (promiscuous): wait for that.
        lab.awaitPromiscuityAbove(baselines);
        Thread.sleep(100);
        Process ping = lab.startIn(lab.peerNs, "ping", "-n", "-c", String.valueOf(PINGS), "-i", "0.2", "-W", "1", lab.vmIp);
        // The VM asks for an absent neighbour, as the seed's guest asked for its gateway.
        Process lonely = lab.startIn(lab.vmNs, "ping", "-n", "-c", "2", "-i", "0.5", "-W", "1", lab.absentIp);
        ping.getInputStream().transferTo(System.out);
        ping.waitFor(10, TimeUnit.SECONDS);
        lonely.waitFor(10, TimeUnit.SECONDS);
        lonely.destroy();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    traffic.start();
    List<HopObservation> observations = lab.inHostNamespace(() -> new CaptureSession(settings).run(hops));
    traffic.join(15_000);

    assertThat(observations).hasSize(5);
    for (HopObservation hop : observations.subList(0, 3)) {
      String name = hop.getInterfaceName();
      assertThat(hop.getFailure()).as(name).isNull();
      assertThat(hop.getToVm().get(PacketKind.IcmpEchoRequest)).as(name + " echo requests to VM").isEqualTo(PINGS);
      assertThat(hop.getFromVm().get(PacketKind.IcmpEchoReply)).as(name + " echo replies from VM").isEqualTo(PINGS);
      assertThat(hop.getToVm().get(PacketKind.ArpRequest)).as(name + " who-has for the VM").isGreaterThanOrEqualTo(1);
      assertThat(hop.getFromVm().get(PacketKind.ArpReply)).as(name + " VM's is-at").isGreaterThanOrEqualTo(1);
      assertThat(hop.getFromVm().get(PacketKind.ArpRequest)).as(name + " VM's who-has").isGreaterThanOrEqualTo(1);
      assertThat(hop.getToVm().get(PacketKind.IcmpEchoReply)).as(name).isZero();
      CaptureStats stats = hop.getCapture();
      assertThat(stats.getCaptured()).as(name).isGreaterThanOrEqualTo(2L * PINGS + 3);
      assertThat(stats.getReceived()).as(name).isGreaterThanOrEqualTo(stats.getCaptured());
      assertThat(stats.getDroppedByKernel()).as(name).isNotNegative();
      assertThat(stats.getDroppedByInterface()).as(name).isNotNegative();
      assertThat(hop.getSamples()).as(name).hasSizeGreaterThanOrEqualTo(6);
      assertThat(hop.getSamples().stream().map(PacketSample::getText).toList()).as(name)
          .anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ARP, Request who-has " + lab.vmIp.replace(".", "\\.") + " tell .*"))
          .anyMatch(line -> line.contains("IP " + lab.peerIp + " > " + lab.vmIp + ": ICMP echo request"));
      assertThat(hop.getNeighborLookups()).as(name + " the VM's lookup of an absent neighbour")
          .anySatisfy(lookup -> {
            assertThat(lookup.getAddress()).isEqualTo(lab.absentIp);
            assertThat(lookup.getRequests()).isPositive();
            assertThat(lookup.getAnswers()).isZero();
          });
      assertThat(hop.getVmSourceAddresses()).as(name).contains(lab.vmIp);
    }
    HopObservation absent = observations.get(3);
    assertThat(absent.getInterfaceName()).isEqualTo(missing);
    assertThat(absent.getFailure()).isEqualTo("Interface " + missing + " does not exist on this node.");
    assertThat(absent.getToVm().total()).isZero();
    assertThat(observations.get(4).getFailure())
        .isEqualTo("Interface " + lab.tun + " has link type RAW, but only Ethernet interfaces can be captured.");
  }
}
