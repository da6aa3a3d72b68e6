package io.vmnetdiag.capture;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.capture.filter.MacAddress;
import io.vmnetdiag.capture.frame.FrameClass;
import io.vmnetdiag.capture.frame.FrameClassifier;
import io.vmnetdiag.capture.pcap.PcapFileReader;
import io.vmnetdiag.capture.record.HopRecorder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays a hop's recorded pcap file through the classifier and recorder a live capture uses, so a
 * recorded case gives the observation the node would have reported. No root, no network.
 */
public final class PcapReplay {
  private PcapReplay() {
  }

  /** What {@code hop} would have reported for the frames in {@code pcap}; {@code vmAddress} may be null. */
  public static HopObservation replay(Hop hop, Path pcap, String vmMac, String vmAddress, int sampleLines)
      throws IOException {
    return replay(hop, pcap, vmMac, vmAddress, sampleLines, List.of());
  }

  /**
   * As {@link #replay(Hop, Path, String, String, int)} on a path whose uplink and bridge have these MACs
   * ({@link Hop#getMac()}): at the uplink, what the node itself sent towards the VM is not counted, and the VM's
   * frames to the node are counted apart, as live.
   */
  public static HopObservation replay(Hop hop, Path pcap, String vmMac, String vmAddress, int sampleLines,
      List<Hop> path) throws IOException {
    byte[] address = vmAddress == null ? null : IpLiteral.parse(vmAddress, "VM address");
    FrameClassifier classifier = CaptureSession.forHop(new FrameClassifier(MacAddress.parse(vmMac).bytes(), address),
        hop, CaptureSession.nodeMacs(path));
    HopRecorder recorder = new HopRecorder(sampleLines);
    PcapFileReader.read(pcap, (frame, originalLength, micros) -> {
      FrameClass frameClass = classifier.classify(frame);
      recorder.record(frameClass, classifier.lastFacts(), frame, originalLength, micros);
    });
    return recorder.observation(hop);
  }
}
