package io.vmnetdiag.operator.policy;

import io.vmnetdiag.api.v1alpha1.CapabilityMode;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.DiagnosisGrant;
import io.vmnetdiag.api.v1alpha1.DiagnosisPolicy;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NamespaceMatch;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.PcapSpec;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides a diagnosis against a DiagnosisPolicy, with no I/O. The chart's ValidatingAdmissionPolicy
 * (helm/vmnetdiag/templates/admission-policy.yaml) says the same in CEL, with the same three denials:
 * no grant for the namespace, none for the target, none allowing the capabilities.
 */
public final class PolicyRules {
  private PolicyRules() {
  }

  /**
   * @param policy the enforced policy, or null when it does not exist
   * @param namespaceLabels the labels of the diagnosis' namespace
   */
  public static PolicyDecision decide(String policyName, DiagnosisPolicy policy, String namespace,
      Map<String, String> namespaceLabels, NetworkDiagnosisSpec spec) {
    if (policy == null) {
      return PolicyDecision.denied("DiagnosisPolicy " + policyName + " does not exist, so no namespace may diagnose"
          + " anything: a cluster administrator creates it (README: Security model)");
    }
    List<DiagnosisGrant> grants = policy.getSpec() == null || policy.getSpec().getGrants() == null
        ? List.of() : policy.getSpec().getGrants();
    List<DiagnosisGrant> selecting = grants.stream().filter(g -> selects(g.getNamespaces(), namespace, namespaceLabels))
        .toList();
    if (selecting.isEmpty()) {
      return PolicyDecision.denied(noGrantForNamespace(policyName, namespace));
    }
    LibvirtTarget libvirt = spec.getTarget() == null ? null : spec.getTarget().getLibvirt();
    // KubeVirt targets are tenant-scoped by nature (the VMI lives in the diagnosis' namespace): no patterns apply.
    List<DiagnosisGrant> targeting = selecting.stream()
        .filter(g -> libvirt == null || (anyMatches(g.getNodes(), libvirt.getNode())
            && anyMatches(g.getDomains(), libvirt.getDomain())))
        .toList();
    if (targeting.isEmpty()) {
      return PolicyDecision.denied("no grant of DiagnosisPolicy " + policyName + " lets namespace " + namespace
          + " diagnose " + spec.getTarget().displayName());
    }
    CaptureSpec capture = spec.getCapture() == null ? new CaptureSpec() : spec.getCapture();
    for (DiagnosisGrant grant : targeting) {
      if (beyond(grant, capture).isEmpty()) {
        return PolicyDecision.allowedBy(grant);
      }
    }
    DiagnosisGrant first = targeting.get(0);
    return PolicyDecision.denied("grant " + first.getName() + " of DiagnosisPolicy " + policyName
        + " does not allow " + String.join(", ", beyond(first, capture)));
  }

  /** The message of a namespace no grant selects; the admission policy's CEL writes the same. */
  public static String noGrantForNamespace(String policyName, String namespace) {
    return "namespace " + namespace + " has no grant in DiagnosisPolicy " + policyName
        + ": a cluster administrator must add one (README: Security model)";
  }

  /** A name pattern: exact, a prefix ending in *, or * alone (see DiagnosisGrant). */
  static boolean matches(String pattern, String name) {
    if (name == null) {
      return false;
    }
    return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(name);
  }

  static boolean selects(NamespaceMatch match, String namespace, Map<String, String> labels) {
    if (match == null) {
      return false;
    }
    if (match.getNames() != null && match.getNames().contains(namespace)) {
      return true;
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    return match.getMatchLabels() != null
        && match.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
  }

  private static boolean anyMatches(List<String> patterns, String name) {
    return patterns != null && patterns.stream().anyMatch(p -> matches(p, name));
  }

  /** What the capture asks for beyond the grant, in the spec's own words; empty when nothing. */
  static List<String> beyond(DiagnosisGrant grant, CaptureSpec capture) {
    List<String> asks = new ArrayList<>();
    ProbeMode probeMode = capture.getProbes() == null || capture.getProbes().getMode() == null
        ? ProbeMode.Auto : capture.getProbes().getMode();
    boolean probesAllowed = grant.getProbes() != null && grant.getProbes().getMode() == CapabilityMode.Allowed;
    if (!probesAllowed && probeMode == ProbeMode.Always) {
      asks.add("capture.probes.mode Always (probes are Disabled)");
    }
    if (probesAllowed && probeMode != ProbeMode.Never && capture.getPorts() != null) {
      List<Integer> allowed = grant.getProbes().getPorts() == null ? List.of() : grant.getProbes().getPorts();
      List<Integer> other = capture.getPorts().stream().filter(p -> !allowed.contains(p)).toList();
      if (!other.isEmpty()) {
        asks.add("probes to ports " + other + " (allowed: " + allowed + "; set capture.probes.mode: Never to count"
            + " them without probing)");
      }
    }
    PcapSpec pcap = capture.getPcap();
    if (pcap != null && Boolean.TRUE.equals(pcap.getEnabled())) {
      boolean pcapAllowed = grant.getPcap() != null && grant.getPcap().getMode() == CapabilityMode.Allowed;
      int ring = megabytes(pcap.getMaxFileMegabytes(), PcapSpec.DEFAULT_MAX_FILE_MEGABYTES)
          * megabytes(pcap.getMaxFiles(), PcapSpec.DEFAULT_MAX_FILES);
      if (!pcapAllowed) {
        asks.add("capture.pcap.enabled (pcap is Disabled)");
      } else if (ring > grant.getPcap().getMaxRingMegabytes()) {
        asks.add("a pcap ring of " + ring + " MiB per hop (at most " + grant.getPcap().getMaxRingMegabytes() + ")");
      }
    }
    int snap = capture.getSnapLength() == null ? CaptureSpec.DEFAULT_SNAP_LENGTH : capture.getSnapLength();
    int maxSnap = grant.getMaxSnapLength() == null ? DiagnosisGrant.DEFAULT_MAX_SNAP_LENGTH : grant.getMaxSnapLength();
    if (snap > maxSnap) {
      asks.add("capture.snapLength " + snap + " (at most " + maxSnap + ")");
    }
    return asks;
  }

  private static int megabytes(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
