package io.vmnetdiag.operator.libvirt;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** The libvirt URI of one node: from the administrator's node groups, reading the Node only when they need it. */
public final class NodeLibvirtUri {
  private final LibvirtUris uris;

  public NodeLibvirtUri(LibvirtUris uris) {
    this.uris = uris;
  }

  public String of(KubernetesClient client, String nodeName) {
    if (!uris.dependsOnNodeLabels()) {
      return uris.defaultUri();
    }
    Node node = client.nodes().withName(nodeName).get();
    return uris.uriFor(node == null ? Map.of() : node.getMetadata().getLabels());
  }
}
