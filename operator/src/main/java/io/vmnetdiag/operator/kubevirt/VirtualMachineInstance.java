package io.vmnetdiag.operator.kubevirt;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;

/**
 * The fields of a KubeVirt VirtualMachineInstance (kubevirt.io/v1) the operator reads, named as KubeVirt's API
 * types name them (VirtualMachineInstanceSpec/Status, Interface, Network, VirtualMachineInstanceNetworkInterface,
 * VirtualMachineInstanceMigrationState). Read-only and partial: everything else is ignored, so no KubeVirt client
 * is needed and newer KubeVirt fields do no harm.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineInstance(ObjectMeta metadata, Spec spec, Status status) {
  /** Where VMIs are served; given whole so that reading one needs no API discovery. */
  public static final ResourceDefinitionContext RESOURCE = new ResourceDefinitionContext.Builder()
      .withGroup("kubevirt.io").withVersion("v1").withKind("VirtualMachineInstance")
      .withPlural("virtualmachineinstances").withNamespaced(true).build();

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Spec(Domain domain, List<Network> networks) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Domain(Devices devices) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Devices(List<Interface> interfaces) {
  }

  /** One of spec.domain.devices.interfaces: its name (that of its network) and the one binding it sets. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Interface(String name, String macAddress, Map<String, Object> bridge, Map<String, Object> masquerade,
      Map<String, Object> sriov, Map<String, Object> slirp, Map<String, Object> passt, Map<String, Object> macvtap,
      PluginBinding binding) {
  }

  /** A network binding plugin (spec.domain.devices.interfaces[].binding), such as passt in newer KubeVirt. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PluginBinding(String name) {
  }

  /** One of spec.networks: the pod network or a Multus network. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Network(String name, Map<String, Object> pod, Multus multus) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Multus(String networkName, @JsonProperty("default") Boolean isDefault) {
  }

  /**
   * @param activePods the VMI's virt-launcher pods: pod UID to node name (two during a migration)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Status(String nodeName, String phase, Map<String, String> activePods, MigrationState migrationState,
      List<NetworkInterface> interfaces, List<Condition> conditions) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MigrationState(Boolean completed, Boolean failed, String sourceNode, String targetNode,
      String targetPod) {
  }

  /**
   * One of status.interfaces, as KubeVirt reports it (from the domain, the guest agent or Multus).
   *
   * @param infoSource where it came from, comma-separated: domain, guest-agent, multus-status
   * @param linkState up or down, the domain's link (KubeVirt 1.5+, set by the interface's spec state)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NetworkInterface(String name, String mac, String ipAddress, List<String> ipAddresses,
      String interfaceName, String podInterfaceName, String infoSource, String linkState) {
    /** Whether the guest agent contributed to it (infoSource lists guest-agent). */
    boolean fromGuestAgent() {
      return infoSource != null && java.util.Arrays.stream(infoSource.split(","))
          .anyMatch(source -> "guest-agent".equals(source.trim()));
    }

    /** Its addresses: ipAddresses, else the single ipAddress, else none. */
    List<String> addresses() {
      if (ipAddresses != null && !ipAddresses.isEmpty()) {
        return ipAddresses;
      }
      return ipAddress == null || ipAddress.isBlank() ? List.of() : List.of(ipAddress);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Condition(String type, String status, String reason, String message) {
  }
}
