package io.vmnetdiag.operator.libvirt;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The administrator's libvirt URI per node group: the first group whose node selector the node's labels match,
 * else the default. Tenants never pick a URI; only local transports are accepted, so an agent never connects
 * beyond its own node.
 *
 * @param defaultUri the URI of nodes no group selects
 * @param groups node groups in order; the first match wins
 */
public record LibvirtUris(String defaultUri, List<NodeGroup> groups) {
  private static final Pattern LOCAL = Pattern.compile(LibvirtTarget.LOCAL_URI_PATTERN);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Nodes carrying every label of nodeSelector use uri. */
  public record NodeGroup(Map<String, String> nodeSelector, String uri) {
  }

  public LibvirtUris {
    groups = List.copyOf(groups);
    requireLocal(defaultUri);
    groups.forEach(g -> requireLocal(g.uri()));
  }

  /** Every node: one URI. */
  public static LibvirtUris of(String uri) {
    return new LibvirtUris(uri, List.of());
  }

  /**
   * From the chart's settings: the default URI and the node groups as JSON
   * ({@code [{"nodeSelector": {"k": "v"}, "uri": "qemu:///system"}]}); blank groups: none.
   */
  public static LibvirtUris parse(String defaultUri, String groupsJson) {
    if (groupsJson == null || groupsJson.isBlank()) {
      return of(defaultUri);
    }
    try {
      return new LibvirtUris(defaultUri, JSON.readValue(groupsJson, new TypeReference<List<NodeGroup>>() { }));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("libvirt node groups are not a JSON list of {nodeSelector, uri}: "
          + e.getMessage(), e);
    }
  }

  /** True when the node's labels decide the URI (the operator then reads the Node). */
  public boolean dependsOnNodeLabels() {
    return !groups.isEmpty();
  }

  public String uriFor(Map<String, String> nodeLabels) {
    Map<String, String> labels = nodeLabels == null ? Map.of() : nodeLabels;
    return groups.stream()
        .filter(g -> g.nodeSelector() != null && g.nodeSelector().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey()))))
        .map(NodeGroup::uri)
        .findFirst()
        .orElse(defaultUri);
  }

  private static void requireLocal(String uri) {
    if (uri == null || !LOCAL.matcher(uri).matches()) {
      throw new IllegalArgumentException("libvirt URI " + uri + " is not local: use qemu:///system, qemu+unix:///system"
          + "?socket=... or test:///... (the agent connects on the VM's own node only)");
    }
  }
}
