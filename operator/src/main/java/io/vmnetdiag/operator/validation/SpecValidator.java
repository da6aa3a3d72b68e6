package io.vmnetdiag.operator.validation;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.KubevirtTarget;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.Target;
import io.vmnetdiag.operator.rerun.RunSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a spec before anything runs. The CRD schema checks most of this too, but a status message must
 * also reach users whose API server skipped validation (or CRs written before a schema change).
 */
public final class SpecValidator {
  public static final int MIN_DURATION_SECONDS = CaptureSpec.MIN_DURATION_SECONDS;
  public static final int MAX_DURATION_SECONDS = CaptureSpec.MAX_DURATION_SECONDS;
  private static final Pattern NODE_NAME = Pattern.compile(LibvirtTarget.NAME_PATTERN);
  private static final Pattern INTERFACE = Pattern.compile(LibvirtTarget.INTERFACE_PATTERN);
  private static final Pattern KUBEVIRT_INTERFACE = Pattern.compile(KubevirtTarget.INTERFACE_PATTERN);
  private static final int MAX_NODE_NAME = 253;
  private static final int MAX_LIST = CaptureSpec.MAX_FOCUS;

  /** Every problem found, as messages naming the field; empty when the spec is valid. */
  public List<String> validate(NetworkDiagnosisSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null || spec.getTarget() == null) {
      problems.add("spec.target is required");
      return problems;
    }
    validateTarget(spec.getTarget(), problems);
    validateCapture(spec.getCapture() == null ? new CaptureSpec() : spec.getCapture(), problems);
    validateReruns(spec, problems);
    return problems;
  }

  /** The capture window in seconds; call only on a valid spec. */
  public static int durationSeconds(CaptureSpec capture) {
    return CaptureSpec.seconds(capture == null ? null : capture.getDuration());
  }

  private static void validateTarget(Target target, List<String> problems) {
    boolean libvirt = target.getLibvirt() != null;
    boolean kubevirt = target.getKubevirt() != null;
    if (libvirt == kubevirt) {
      problems.add("spec.target: set exactly one of libvirt or kubevirt");
      return;
    }
    if (kubevirt) {
      String name = target.getKubevirt().getName();
      if (name == null || name.isBlank()) {
        problems.add("spec.target.kubevirt.name is required");
      }
      String iface = target.getKubevirt().getInterfaceName();
      if (iface != null && (iface.length() > 63 || !KUBEVIRT_INTERFACE.matcher(iface).matches())) {
        problems.add("spec.target.kubevirt.interface must be a VMI interface name such as default, got "
            + quote(iface));
      }
      return;
    }
    LibvirtTarget lv = target.getLibvirt();
    if (lv.getNode() == null || lv.getNode().length() > MAX_NODE_NAME || !NODE_NAME.matcher(lv.getNode()).matches()) {
      problems.add("spec.target.libvirt.node must be a Kubernetes node name, got " + quote(lv.getNode()));
    }
    if (lv.getDomain() == null || lv.getDomain().isBlank() || lv.getDomain().length() > 255
        || lv.getDomain().chars().anyMatch(Character::isISOControl)) {
      problems.add("spec.target.libvirt.domain must be a libvirt domain name, got " + quote(lv.getDomain()));
    }
    if (lv.getAddress() != null && !IpLiteral.isLiteral(lv.getAddress())) {
      problems.add("spec.target.libvirt.address must be an IP address, got " + quote(lv.getAddress()));
    }
    if (lv.getInterfaceName() != null && !INTERFACE.matcher(lv.getInterfaceName()).matches()) {
      problems.add("spec.target.libvirt.interface must be a MAC address such as 52:54:00:12:34:56 or a device name"
          + " such as vnet3 (at most 15 characters, no slash, colon or space), got " + quote(lv.getInterfaceName()));
    }
  }

  private static void validateCapture(CaptureSpec capture, List<String> problems) {
    int seconds = durationSeconds(capture);
    if (seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
      problems.add("spec.capture.duration must be between " + MIN_DURATION_SECONDS + "s and "
          + MAX_DURATION_SECONDS + "s, such as 10s; got " + quote(capture.getDuration()));
    }
    Integer snap = capture.getSnapLength();
    if (snap != null && (snap < 64 || snap > 65535)) {
      problems.add("spec.capture.snapLength must be between 64 and 65535, got " + snap);
    }
    List<String> peers = capture.getPeers() == null ? List.of() : capture.getPeers();
    if (peers.size() > MAX_LIST) {
      problems.add("spec.capture.peers holds at most " + MAX_LIST + " addresses, got " + peers.size());
    }
    for (String peer : peers) {
      if (!IpLiteral.isLiteral(peer)) {
        problems.add("spec.capture.peers must hold IP addresses, got " + quote(peer));
      }
    }
    List<Integer> ports = capture.getPorts() == null ? List.of() : capture.getPorts();
    if (ports.size() > MAX_LIST) {
      problems.add("spec.capture.ports holds at most " + MAX_LIST + " ports, got " + ports.size());
    }
    for (Integer port : ports) {
      if (port == null || port < 1 || port > 65535) {
        problems.add("spec.capture.ports must hold ports between 1 and 65535, got " + port);
      }
    }
  }

  private static void validateReruns(NetworkDiagnosisSpec spec, List<String> problems) {
    if (spec.getSchedule() != null) {
      String problem = RunSchedule.problem(spec.getSchedule());
      if (problem != null) {
        problems.add(problem);
      }
      if (spec.getTtlSecondsAfterFinished() != null) {
        problems.add("spec.ttlSecondsAfterFinished applies to one-shot diagnoses only: remove it or spec.schedule");
      }
    }
    if (spec.getTtlSecondsAfterFinished() != null && spec.getTtlSecondsAfterFinished() < 0) {
      problems.add("spec.ttlSecondsAfterFinished must be 0 or more, got " + spec.getTtlSecondsAfterFinished());
    }
  }

  private static String quote(String value) {
    return value == null ? "nothing" : "\"" + value + "\"";
  }
}
