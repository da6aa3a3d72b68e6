package io.vmnetdiag.lab.topology;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A KubeVirt node built by {@code kubevirt-up.sh}: an upstream network, the node, a virt-launcher pod's network
 * namespace as KubeVirt builds it for one binding with a real process in a kubelet-named cgroup, and the guest
 * behind {@code tap0}. Closing it tears everything down ({@code kubevirt-down.sh}).
 */
public final class KubevirtLab implements AutoCloseable {
  /** How the node reaches the pod's veth: through a CNI bridge (Flannel's cni0) or routed to it (Calico, Cilium). */
  public enum NodeSide { routed, bridge }

  /** What sits behind tap0: a namespace standing in for the guest, or the libvirt lab's real VM image under qemu. */
  public enum Guest { namespace, qemu }

  /** One agent command's answer, and a fault's whole run inside the guest. */
  private static final Duration GUEST_AGENT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration GUEST_FAULT_TIMEOUT = Duration.ofSeconds(15);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private final LabScripts scripts;
  private final String id;
  private final Map<String, String> values;

  private KubevirtLab(LabScripts scripts, String id, Map<String, String> values) {
    this.scripts = scripts;
    this.id = id;
    this.values = values;
  }

  /** Builds a lab of a fresh ID for {@code binding} ("bridge" or "masquerade"), its pod's UID derived from the ID. */
  public static KubevirtLab up(String binding, NodeSide nodeSide) {
    return up(binding, nodeSide, Map.of());
  }

  /** As {@link #up(String, NodeSide)}, the pod's cgroup named by {@code podUid}: the API server's pod object's. */
  public static KubevirtLab up(String binding, NodeSide nodeSide, String podUid) {
    return up(binding, nodeSide, podUid, Guest.namespace);
  }

  /** As {@link #up(String, NodeSide, String)}, with {@code guest} behind tap0. */
  public static KubevirtLab up(String binding, NodeSide nodeSide, String podUid, Guest guest) {
    return up(binding, nodeSide, guest, Map.of("KUBEVIRT_POD_UID", podUid));
  }

  private static KubevirtLab up(String binding, NodeSide nodeSide, Map<String, String> environment) {
    return up(binding, nodeSide, Guest.namespace, environment);
  }

  private static KubevirtLab up(String binding, NodeSide nodeSide, Guest guest, Map<String, String> environment) {
    LabScripts scripts = LabScripts.locate();
    String id = freshId();
    try {
      return new KubevirtLab(scripts, id, KeyValueLines.parse(
          scripts.run("kubevirt-up.sh", List.of(id, binding, nodeSide.name(), guest.name()), environment)));
    } catch (RuntimeException e) {
      scripts.run("kubevirt-down.sh", id);
      throw e;
    }
  }

  private static String freshId() {
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder("k");
    for (int i = 0; i < 5; i++) {
      id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  public String id() { return id; }
  public String binding() { return values.get("BINDING"); }
  public String podUid() { return values.get("POD_UID"); }
  public long podPid() { return Long.parseLong(values.get("POD_PID")); }
  public String cgroup() { return values.get("CGROUP"); }
  public String podIp() { return values.get("POD_IP"); }
  public String vmMac() { return values.get("VM_MAC"); }
  public String vmIp() { return values.get("VM_IP"); }
  /** The guest's default gateway: the pod network's with the bridge binding, k6t-eth0's 10.0.2.1 with masquerade. */
  public String guestGateway() { return values.get("GUEST_GATEWAY"); }
  public String uplink() { return values.get("UPLINK"); }
  /** The CNI bridge on the node; empty when the node side is routed. */
  public String cniBridge() { return values.getOrDefault("CNI_BRIDGE", ""); }
  public String podVeth() { return values.get("POD_VETH"); }
  public String podInterface() { return values.get("POD_INTERFACE"); }
  public String podBridge() { return values.get("POD_BRIDGE"); }
  public String tap() { return values.get("TAP"); }
  public String upstreamNamespace() { return values.get("UPSTREAM_NAMESPACE"); }
  public String podNamespace() { return values.get("POD_NAMESPACE"); }
  /** The namespace standing in for the guest; empty when the guest is the qemu VM. */
  public String vmNamespace() { return values.getOrDefault("VM_NAMESPACE", ""); }
  public Guest guest() { return Guest.valueOf(values.get("GUEST")); }
  /**
   * The qemu guest's agent channel: the unix socket behind its {@code org.qemu.guest_agent.0} port, in the lab's
   * state dir (lab plumbing: KubeVirt itself reaches the agent through virt-launcher's libvirt).
   */
  public Path guestAgentSocket() {
    requireQemuGuest("has no guest agent socket");
    return Path.of(values.get("GUEST_AGENT_SOCKET"));
  }
  /** The node's namespace by name (a lab kubelet node's). */
  public String nodeNamespace() { return values.get("NODE_NAMESPACE"); }
  /** The node's namespace as the agent enters it. */
  public String nodeNamespacePath() { return "/var/run/netns/" + values.get("NODE_NAMESPACE"); }
  public List<String> clientAddresses() { return List.of(values.get("CLIENT_IPS").split(" ")); }

  /**
   * The seed's wedged guest NIC: the guest's stack sees nothing that reaches its eth0. In the namespace guest by
   * {@code kubevirt-fault.sh}; inside the qemu guest through its agent, as the libvirt lab's VM gets it
   * ({@link GuestFaults#receiveWedged(String)}).
   */
  public void injectGuestReceiveFault() {
    if (guest() == Guest.qemu) {
      inGuest(GuestFaults.receiveWedged(guestGateway()));
    } else {
      scripts.run("kubevirt-fault.sh", id, "guest-rx-drop");
    }
  }

  /** Runs {@code shellCommand} in the qemu guest through its agent socket ({@link GuestShell}). */
  public GuestCommand guestExec(String shellCommand, Duration timeout) {
    requireQemuGuest("has no agent to run a command");
    try (QgaSocket agent = QgaSocket.open(guestAgentSocket(), GUEST_AGENT_TIMEOUT)) {
      return GuestShell.exec(agent, shellCommand, timeout);
    } catch (IOException e) {
      throw new IllegalStateException("guest-exec in KubeVirt lab " + id + "'s guest failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running in the guest: " + shellCommand, e);
    }
  }

  private void inGuest(String shellCommand) {
    GuestCommand done = guestExec(shellCommand, GUEST_FAULT_TIMEOUT);
    if (done.exitCode() != 0) {
      throw new IllegalStateException("in KubeVirt lab " + id + "'s guest, exit " + done.exitCode() + ": "
          + shellCommand + "\n" + done.stdout() + done.stderr());
    }
  }

  private void requireQemuGuest(String what) {
    if (guest() != Guest.qemu) {
      throw new IllegalStateException("KubeVirt lab " + id + "'s " + guest() + " guest " + what);
    }
  }

  /** The pod drops what its NAT forwards to the guest: packets reach the pod's eth0, not k6t-eth0. */
  public void injectPodNatDrop() {
    scripts.run("kubevirt-fault.sh", id, "pod-nat-drop");
  }

  /**
   * The link virt-launcher holds down (the VMI interface's state down): nothing passes between tap0 and the guest
   * (the qemu guest's own {@code set_link off}).
   */
  public void injectLinkDown() {
    scripts.run("kubevirt-fault.sh", id, "link-down");
  }

  /** Every fault gone: the pod's and the link's ({@code kubevirt-fault.sh}), and the qemu guest's own. */
  public void heal() {
    scripts.run("kubevirt-fault.sh", id, "heal");
    if (guest() == Guest.qemu) {
      inGuest(GuestFaults.heal(guestGateway()));
    }
  }

  @Override
  public void close() {
    scripts.run("kubevirt-down.sh", id);
  }
}
