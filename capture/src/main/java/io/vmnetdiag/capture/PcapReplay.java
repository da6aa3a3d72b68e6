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
    byte[] address = vmAddress == null ? null : IpLiteral.parse(vmAddress, "VM address");
    FrameClassifier classifier = new FrameClassifier(MacAddress.parse(vmMac).bytes(), address);
    HopRecorder recorder = new HopRecorder(sampleLines);
    PcapFileReader.read(pcap, (frame, originalLength, micros) -> {
      FrameClass frameClass = classifier.classify(frame);
      recorder.record(frameClass, classifier.lastFacts(), frame, originalLength, micros);
    });
    return recorder.observation(hop);
  }
}
