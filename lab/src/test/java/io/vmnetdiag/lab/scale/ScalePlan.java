package io.vmnetdiag.lab.scale;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.lab.replay.RecordedCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's diagnoses: {@code nodes} nodes, each with {@code diagnoses / nodes} libvirt domains, each domain played
 * by one of the recorded lab cases in turn. Probes are off (nothing here has a network) and no pcap files are kept.
 */
final class ScalePlan {
  /** One diagnosis: its name, the node and domain it targets, and the case that plays the domain. */
  record Target(String name, String node, String domain, RecordedCase recorded) {
  }

  private final List<String> nodes = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();

  ScalePlan(int diagnoses, int nodeCount, List<RecordedCase> cases) {
    for (int n = 0; n < nodeCount; n++) {
      nodes.add(String.format(Locale.ROOT, "scale-node-%02d", n));
    }
    for (int i = 0; i < diagnoses; i++) {
      // Round-robin over the nodes, so each node gets its share at once and its capture slots fill.
      String node = nodes.get(i % nodeCount);
      RecordedCase recorded = cases.get(i % cases.size());
      targets.add(new Target(String.format(Locale.ROOT, "scale-%04d", i), node,
          String.format(Locale.ROOT, "vm-%04d", i), recorded));
    }
  }

  List<String> nodes() {
    return nodes;
  }

  List<Target> targets() {
    return targets;
  }

  Map<String, RecordedCase> casesByDomain() {
    Map<String, RecordedCase> cases = new LinkedHashMap<>();
    targets.forEach(t -> cases.put(t.domain(), t.recorded()));
    return cases;
  }

  NetworkDiagnosis diagnosis(KubernetesClient client, Target target, String namespace) {
    String address = target.recorded().vmAddress();
    String yaml = """
        apiVersion: vmnetdiag.io/v1alpha1
        kind: NetworkDiagnosis
        metadata:
          name: %s
          namespace: %s
        spec:
          target:
            libvirt:
              node: %s
              domain: %s
        %s
          capture:
            duration: 5s
            probes:
              mode: Never
            pcap:
              enabled: false
        """.formatted(target.name(), namespace, target.node(), target.domain(),
        address == null ? "" : "      address: " + address);
    return client.getKubernetesSerialization().unmarshal(yaml, NetworkDiagnosis.class);
  }
}
