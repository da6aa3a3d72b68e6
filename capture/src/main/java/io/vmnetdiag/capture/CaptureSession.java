package io.vmnetdiag.capture;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.filter.MacAddress;
import io.vmnetdiag.capture.frame.FrameClassifier;
import io.vmnetdiag.capture.pcap.CaptureEngine;
import io.vmnetdiag.capture.pcap.CaptureFailure;
import io.vmnetdiag.capture.pcap.HopCapture;
import io.vmnetdiag.capture.pcap.PcapRing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures every hop of a VM's path during one shared window and summarises each hop. All handles
 * are armed (opened and filtered, so the kernel already buffers) before the window starts; each
 * runs its own loop thread; a hop that cannot be captured records why and the others carry on.
 */
public final class CaptureSession {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureSession.class);
  /** After the window and the kernel's hand-over time, this much more before the loops are stopped. */
  private static final Duration DRAIN_MARGIN = Duration.ofMillis(200);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final CaptureSettings settings;
  private final String filter;

  public CaptureSession(CaptureSettings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("Capture settings are missing");
    }
    this.settings = settings;
    this.filter = settings.bpfFilter();
  }

  /** Captures all hops at once for the window; blocks; one bad hop records its failure, never throws for it. */
  public List<HopObservation> run(List<Hop> hops) {
    return run(hops, window -> { });
  }

  /**
   * As {@link #run(List)}, and calls {@code whileArmed} on its own thread once every hop is armed and the
   * window has started (to send probes while all hops watch). It must return before the window ends.
   */
  public List<HopObservation> run(List<Hop> hops, Consumer<CaptureWindow> whileArmed) {
    if (hops == null) {
      throw new IllegalArgumentException("The list of hops to capture is missing");
    }
    List<HopObservation> results = new ArrayList<>(hops.size());
    List<HopCapture> captures = new ArrayList<>(hops.size());
    List<String> pcapNames = PcapRing.baseNames(hops);
    List<byte[]> nodeMacs = nodeMacs(hops);
    for (int i = 0; i < hops.size(); i++) {
      captures.add(arm(hops.get(i), pcapNames.get(i), nodeMacs, results));
    }
    List<HopCapture> armed = captures.stream().filter(c -> c != null).toList();
    try {
      captureWindow(armed, whileArmed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Capture window interrupted; reporting what was captured so far");
    }
    for (int i = 0; i < hops.size(); i++) {
      if (captures.get(i) != null) {
        results.set(i, captures.get(i).finish());
      }
    }
    return results;
  }

  private HopCapture arm(Hop hop, String pcapName, List<byte[]> nodeMacs, List<HopObservation> results) {
    if (hop == null) {
      HopObservation observation = new HopObservation();
      observation.setFailure("The hop entry is empty.");
      results.add(observation);
      return null;
    }
    try {
      HopCapture capture = HopCapture.open(hop, filter, settings.snapLength(), newClassifier(hop, nodeMacs),
          settings.sampleLines(), pcapRing(pcapName), CaptureEngine.configured(), (int) settings.handOver().toMillis());
      if (settings.probeWatch() != null) {
        capture.watchProbes(settings.probeWatch().hop(HopRole.label(hop.getRole(), hop.getInterfaceName())));
      }
      results.add(null);
      return capture;
    } catch (CaptureFailure failure) {
      LOG.warn("Hop {} cannot be captured: {}", hop, failure.getMessage());
      HopObservation observation = new HopObservation(hop.getRole(), hop.getInterfaceName());
      observation.setFailure(failure.getMessage());
      results.add(observation);
      return null;
    }
  }

  /** The hop's pcap file ring when pcap files are wanted, else null; it opens on the hop's own thread. */
  private PcapRing pcapRing(String baseName) {
    PcapSettings pcap = settings.pcap();
    if (pcap == null) {
      return null;
    }
    return new PcapRing(pcap.directory(), baseName,
        pcap.maxFileBytes(), pcap.maxFiles(), settings.snapLength());
  }

  private void captureWindow(List<HopCapture> armed, Consumer<CaptureWindow> whileArmed) throws InterruptedException {
    long startMicros = SharedWindow.nowMicros();
    SharedWindow window = new SharedWindow(armed, startMicros, startMicros + settings.window().toNanos() / 1000);
    armed.forEach(HopCapture::start);
    LOG.info("Capturing {} hop(s) for {} with filter '{}'", armed.size(), settings.window(), filter);
    Thread actor = startWhileArmed(whileArmed, window);
    try {
      window.awaitEnd();
      if (window.endedEarly()) {
        // Whatever the actor still waits for (the probe step's idle check) has lost its window.
        actor.interrupt();
      }
      // Let the kernel hand over its last partly filled block: the window's tail is in it.
      sleepUntil(window.endMicros() + settings.handOver().plus(DRAIN_MARGIN).toNanos() / 1000);
      actor.join(STOP_TIMEOUT.toMillis());
    } finally {
      // pcap's read timeout never fires on an idle interface, so the loops are ended from here.
      armed.forEach(HopCapture::stop);
      for (HopCapture capture : armed) {
        capture.awaitStopped(STOP_TIMEOUT);
      }
    }
  }

  private static Thread startWhileArmed(Consumer<CaptureWindow> whileArmed, CaptureWindow window) {
    Thread actor = new Thread(() -> {
      try {
        whileArmed.accept(window);
      } catch (RuntimeException e) {
        LOG.warn("Action during the capture window failed: {}", e.toString());
      }
    }, "capture-window");
    actor.setDaemon(true);
    actor.start();
    return actor;
  }

  private FrameClassifier newClassifier(Hop hop, List<byte[]> nodeMacs) {
    byte[] address = settings.vmAddress() == null ? null : IpLiteral.parse(settings.vmAddress(), "VM address");
    return forHop(new FrameClassifier(MacAddress.parse(settings.vmMac()).bytes(), address), hop, nodeMacs);
  }

  /**
   * Every hop tells the VM's frames to the node itself apart; at the uplink, frames the node itself sends towards
   * the VM leave the node: they are not traffic from outside.
   */
  static FrameClassifier forHop(FrameClassifier classifier, Hop hop, List<byte[]> nodeMacs) {
    classifier.knowingNode(nodeMacs);
    return hop.getRole() == HopRole.Uplink ? classifier.ignoringTowardsVmFrom(nodeMacs) : classifier;
  }

  /** The MACs of the node's own uplink and bridge, as the path gives them. */
  static List<byte[]> nodeMacs(List<Hop> hops) {
    return hops.stream().filter(hop -> hop != null && hop.getMac() != null
            && (hop.getRole() == HopRole.Uplink || hop.getRole() == HopRole.Bridge))
        .map(hop -> MacAddress.parse(hop.getMac()).bytes()).toList();
  }

  private static void sleepUntil(long epochMicros) throws InterruptedException {
    long remainingMillis;
    while ((remainingMillis = (epochMicros - SharedWindow.nowMicros()) / 1000) > 0) {
      Thread.sleep(remainingMillis);
    }
  }
}
