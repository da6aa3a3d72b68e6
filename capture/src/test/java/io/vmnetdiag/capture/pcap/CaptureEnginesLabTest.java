package io.vmnetdiag.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.VlanCount;
import io.vmnetdiag.capture.VethLab;
import io.vmnetdiag.capture.filter.BpfFilter;
import io.vmnetdiag.capture.filter.MacAddress;
import io.vmnetdiag.capture.frame.FrameClassifier;
import io.vmnetdiag.capture.frame.Frames;
import io.vmnetdiag.capture.probe.FrameSender;
import io.vmnetdiag.capture.probe.ProbeFailure;
import io.vmnetdiag.testkit.LabTest;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ring engine and the pcap4j engine capture the same tap at once, through the same window, while the
 * peer floods the VM with pings and sends a few 802.1Q-tagged ARP requests: both must count and describe
 * exactly the same frames, down to the sample lines (but for their times, which may differ by a microsecond).
 */
@LabTest(tools = {"ip", "ping"})
class CaptureEnginesLabTest {
  private static final int VLAN = 7;
  private static final int TAGGED_FRAMES = 5;
  private static final String TAGGED_SENDER_MAC = "02:00:00:00:07:02";
  @RegisterExtension
  static final VethLab lab = new VethLab().withPeer();

  @Test
  void theRingSeesWhatPcap4jSeesOnTheSameTraffic() throws Exception {
    String filter = BpfFilter.build(lab.vmMac, lab.vmIp, List.of(), List.of());
    int promiscuityBefore = lab.promiscuity(lab.tap);
    HopCapture ring = HopCapture.open(lab.hopInHost(HopRole.Tap, lab.tap), filter, 96, classifier(), 4, null,
        CaptureEngine.RING);
    assertThat(lab.promiscuity(lab.tap)).as("the ring turned promiscuous mode on").isEqualTo(promiscuityBefore + 1);
    HopCapture pcap4j = HopCapture.open(lab.hopInHost(HopRole.Tap, lab.tap), filter, 96, classifier(), 4, null,
        CaptureEngine.PCAP4J);

    long start = System.currentTimeMillis() * 1000;
    long end = start + TimeUnit.SECONDS.toMicros(8);
    for (HopCapture capture : List.of(ring, pcap4j)) {
      capture.setWindow(start, end);
      capture.start();
    }
    sendTraffic();
    Thread.sleep(Math.max(0, end / 1000 - System.currentTimeMillis()) + 3L * HopCapture.READ_TIMEOUT_MILLIS);
    for (HopCapture capture : List.of(ring, pcap4j)) {
      capture.stop();
      assertThat(capture.awaitStopped(Duration.ofSeconds(5))).isTrue();
    }
    HopObservation byRing = ring.finish();
    HopObservation byPcap4j = pcap4j.finish();

    System.out.printf("ring captured %d received %d dropped %d; pcap4j captured %d received %d dropped %d%n",
        byRing.getCapture().getCaptured(), byRing.getCapture().getReceived(), byRing.getCapture().getDroppedByKernel(),
        byPcap4j.getCapture().getCaptured(), byPcap4j.getCapture().getReceived(),
        byPcap4j.getCapture().getDroppedByKernel());
    assertThat(byRing.getFailure()).isNull();
    assertThat(byPcap4j.getFailure()).isNull();
    assertThat(byPcap4j.getCapture().getDroppedByKernel()).as("pcap4j kept up: the comparison is fair").isZero();
    assertThat(byRing.getCapture().getDroppedByKernel()).isZero();
    assertThat(byRing.getCapture().getCaptured()).as("a flood, not a trickle").isGreaterThan(5_000)
        .isEqualTo(byPcap4j.getCapture().getCaptured());
    assertThat(byRing.getCapture().getReceived()).isGreaterThanOrEqualTo(byRing.getCapture().getCaptured());
    assertThat(byRing.getToVm()).usingRecursiveComparison().isEqualTo(byPcap4j.getToVm());
    assertThat(byRing.getFromVm()).usingRecursiveComparison().isEqualTo(byPcap4j.getFromVm());
    assertThat(byRing.getToVm().getIcmpEchoRequest()).isGreaterThan(5_000);
    assertThat(byRing.getVlans()).as("the tag the kernel took out is back")
        .extracting(VlanCount::getVlanId, VlanCount::getPackets).contains(tuple(VLAN, (long) TAGGED_FRAMES));
    assertThat(byRing.getVlans()).usingRecursiveComparison().isEqualTo(byPcap4j.getVlans());
    // Each socket stamps a frame the host did not stamp itself at its own moment: compare all but the time.
    assertThat(withoutTimes(byRing.getSamples())).hasSizeGreaterThanOrEqualTo(8)
        .isEqualTo(withoutTimes(byPcap4j.getSamples()));
    assertThat(lab.promiscuity(lab.tap)).as("closing the socket ended promiscuous mode").isEqualTo(promiscuityBefore);
  }

  /** A few 802.1Q-tagged ARP requests for the VM, injected on the peer's link, then a ping flood. */
  private static void sendTraffic() throws Exception {
    byte[] tagged = Frames.tagged(Frames.ethernet(Frames.BROADCAST, TAGGED_SENDER_MAC, 0x0806,
        Frames.arp(1, TAGGED_SENDER_MAC, lab.peerIp, "00:00:00:00:00:00", lab.vmIp)), VLAN);
    Thread sender = new Thread(() -> {
      try {
        NetworkNamespace.enter("/var/run/netns/" + lab.peerNs);
        try (FrameSender link = FrameSender.pcap().open("eth0")) {
          for (int i = 0; i < TAGGED_FRAMES; i++) {
            link.send(tagged);
          }
        }
      } catch (CaptureFailure | ProbeFailure e) {
        throw new IllegalStateException(e);
      }
    }, "tagged-sender");
    sender.start();
    sender.join(10_000);
    run("ping", "-n", "-q", "-f", "-c", "20000", "-w", "4", lab.vmIp);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = lab.startIn(lab.peerNs, command);
    process.getInputStream().transferTo(System.out);
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private static List<String> withoutTimes(List<PacketSample> samples) {
    return samples.stream().map(sample -> sample.getText().substring(sample.getText().indexOf(' ') + 1)).toList();
  }

  private static FrameClassifier classifier() throws IOException {
    return new FrameClassifier(MacAddress.parse(lab.vmMac).bytes(), InetAddress.getByName(lab.vmIp).getAddress());
  }
}
