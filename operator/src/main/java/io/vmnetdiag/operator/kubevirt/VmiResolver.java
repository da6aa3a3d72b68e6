package io.vmnetdiag.operator.kubevirt;

import io.fabric8.kubernetes.api.model.Pod;
import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.operator.kubevirt.KubevirtResolution.Resolved;
import io.vmnetdiag.operator.kubevirt.KubevirtResolution.Unresolved;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Condition;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Interface;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.MigrationState;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Network;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.NetworkInterface;
import io.vmnetdiag.operator.kubevirt.VirtualMachineInstance.Status;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * From a VMI as the API server holds it and its virt-launcher pods to what the agent needs, or the one reason it
 * cannot be captured now. No I/O: {@link KubevirtTargets} reads the objects.
 */
public final class VmiResolver {
  private VmiResolver() {
  }

  /**
   * @param vmi null when the API server has no such VMI
   * @param wantedInterface the spec's interface name, or null for the one on the pod network
   * @param launcherPods the pods labelled as the VMI's (kubevirt.io/created-by), on any node
   */
  public static KubevirtResolution resolve(String namespace, String name, String wantedInterface,
      VirtualMachineInstance vmi, List<Pod> launcherPods) {
    String what = "VirtualMachineInstance " + namespace + "/" + name;
    if (vmi == null) {
      return new Unresolved(VmiProblem.VmiNotFound, what + " does not exist (a KubeVirt target names a VMI in the"
          + " diagnosis' own namespace; is KubeVirt installed?).");
    }
    Status status = vmi.status();
    String phase = status == null || status.phase() == null ? "without a phase" : status.phase();
    if (!"Running".equals(phase)) {
      return new Unresolved(VmiProblem.VmiNotRunning, what + " is " + phase + ", not Running: there is nothing to"
          + " capture. Re-create the diagnosis once it runs.");
    }
    MigrationState migration = status.migrationState();
    if (migration != null && !Boolean.TRUE.equals(migration.completed()) && !Boolean.TRUE.equals(migration.failed())) {
      return new Unresolved(VmiProblem.VmiMigrating, what + " is migrating from node " + migration.sourceNode()
          + " to node " + migration.targetNode() + ": a capture now could watch the wrong node. Re-create the"
          + " diagnosis once the migration has completed.");
    }
    if (status.nodeName() == null) {
      return new Unresolved(VmiProblem.VmiNotRunning, what + " is Running but reports no node (status.nodeName).");
    }
    List<Interface> interfaces = vmi.spec() == null || vmi.spec().domain() == null
        || vmi.spec().domain().devices() == null || vmi.spec().domain().devices().interfaces() == null
        ? List.of() : vmi.spec().domain().devices().interfaces();
    List<Network> networks = vmi.spec() == null || vmi.spec().networks() == null ? List.of() : vmi.spec().networks();
    Optional<Interface> chosen = wantedInterface != null
        ? interfaces.stream().filter(i -> wantedInterface.equals(i.name())).findFirst()
        : interfaces.stream().filter(i -> network(networks, i.name()).map(n -> n.pod() != null).orElse(false))
            .findFirst();
    if (chosen.isEmpty()) {
      String names = "interfaces: " + interfaces.stream().map(Interface::name).toList();
      return new Unresolved(VmiProblem.InterfaceNotFound, wantedInterface != null
          ? what + " has no interface " + wantedInterface + " (" + names + ")."
          : what + " has no interface on the pod network; name one in spec.target.kubevirt.interface (" + names
              + ").");
    }
    Interface iface = chosen.get();
    String binding = VmiBindings.of(iface);
    if (!VmiBindings.SUPPORTED.contains(binding)) {
      return new Unresolved(VmiProblem.BindingNotSupported, "Interface " + iface.name() + " of " + what
          + (binding == null ? " sets no binding vmnetdiag knows" : " uses binding " + binding + ", which is not"
              + " supported yet") + " (supported: bridge, masquerade).");
    }
    Optional<Network> network = network(networks, iface.name());
    if (network.isPresent() && network.get().multus() != null) {
      return new Unresolved(VmiProblem.BindingNotSupported, "Interface " + iface.name() + " of " + what
          + " is on Multus network " + network.get().multus().networkName() + ": binding " + binding
          + " on a secondary network is not supported yet (the pod network is).");
    }
    Optional<Pod> launcher = launcherOnNode(status, launcherPods);
    if (launcher.isEmpty()) {
      return new Unresolved(VmiProblem.LauncherPodNotFound, "No running virt-launcher pod of " + what + " on its node "
          + status.nodeName() + " (status.activePods " + Objects.requireNonNullElse(status.activePods(), Map.of())
          + "; pods labelled kubevirt.io/created-by=" + vmi.metadata().getUid() + ": " + describe(launcherPods)
          + ").");
    }
    return new Resolved(target(namespace, name, iface, binding, status, launcher.get()), status.nodeName());
  }

  private static Optional<Network> network(List<Network> networks, String name) {
    return networks.stream().filter(n -> Objects.equals(n.name(), name)).findFirst();
  }

  /** The pod KubeVirt lists as active on the VMI's node, scheduled there, Running and not being deleted. */
  private static Optional<Pod> launcherOnNode(Status status, List<Pod> pods) {
    Map<String, String> active = status.activePods() == null ? Map.of() : status.activePods();
    return pods.stream()
        .filter(p -> status.nodeName().equals(active.get(p.getMetadata().getUid())))
        .filter(p -> p.getSpec() != null && status.nodeName().equals(p.getSpec().getNodeName()))
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .findFirst();
  }

  private static List<String> describe(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName() + " (uid " + p.getMetadata().getUid() + ", node "
        + (p.getSpec() == null ? null : p.getSpec().getNodeName()) + ", "
        + (p.getStatus() == null ? null : p.getStatus().getPhase()) + ")").toList();
  }

  private static KubevirtCaptureTarget target(String namespace, String name, Interface iface, String binding,
      Status status, Pod launcher) {
    KubevirtCaptureTarget target = new KubevirtCaptureTarget();
    target.setNamespace(namespace);
    target.setVmi(name);
    target.setLauncherPod(launcher.getMetadata().getName());
    target.setLauncherPodUid(launcher.getMetadata().getUid());
    target.setInterfaceName(iface.name());
    target.setBinding(binding);
    Optional<NetworkInterface> reported = status.interfaces() == null ? Optional.empty()
        : status.interfaces().stream().filter(i -> iface.name().equals(i.name())).findFirst();
    target.setMac(reported.map(NetworkInterface::mac).orElse(iface.macAddress()));
    target.setPodInterfaceName(reported.map(NetworkInterface::podInterfaceName).orElse(null));
    List<Condition> conditions = status.conditions() == null ? List.of() : status.conditions();
    target.setGuestAgentConnected(conditions.stream()
        .anyMatch(c -> "AgentConnected".equals(c.type()) && "True".equals(c.status())));
    VmiReportedView.fill(target, reported, status.interfaces() == null ? List.of() : status.interfaces(),
        target.isGuestAgentConnected(), launcher);
    return target;
  }
}
