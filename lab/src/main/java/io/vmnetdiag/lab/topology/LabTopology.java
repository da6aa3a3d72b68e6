package io.vmnetdiag.lab.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A VM host topology built for real in network namespaces by {@code lab/scripts}: an upstream network
 * (gateway + clients), the node (bridge, uplink, the VM's backend device) and the guest. Closing tears it down.
 */
public final class LabTopology implements AutoCloseable {
  private static final Pattern ID = Pattern.compile("[a-z0-9]{1,8}");
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Exit status of a script that refused before touching anything (lab-common.sh's lab_refuse). */
  static final int REFUSED = 3;

  private final LabScripts scripts;
  private final String id;
  private final Map<String, String> values;
  private volatile boolean closed;

  private LabTopology(LabScripts scripts, String id, Map<String, String> values) {
    this.scripts = scripts;
    this.id = id;
    this.values = values;
  }

  /** Builds lab {@code id} (1-8 chars of [a-z0-9]) with the scripts found by {@link LabScripts#locate()}. */
  public static LabTopology up(String id) {
    return up(LabScripts.locate(), id);
  }

  /** Builds a lab with a fresh random id. */
  public static LabTopology up() {
    return up(randomId());
  }

  /** Builds lab {@code id} in the given shape. */
  public static LabTopology up(String id, LabShape shape) {
    return up(LabScripts.locate(), id, shape);
  }

  /** Builds a lab of the given shape with a fresh random id. */
  public static LabTopology up(LabShape shape) {
    return up(randomId(), shape);
  }

  public static LabTopology up(LabScripts scripts, String id) {
    return up(scripts, id, LabShape.DEFAULT);
  }

  public static LabTopology up(LabScripts scripts, String id, LabShape shape) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("lab id must be 1-8 chars of [a-z0-9]: " + id);
    }
    try {
      LabTopology lab = new LabTopology(scripts, id, KeyValueLines.parse(
          scripts.run("lab-up.sh", List.of(id), Map.of("LAB_SHAPE", shape.scriptName()))));
      lab.requireAllValues();
      return lab;
    } catch (RuntimeException e) {
      if (e instanceof LabScriptException refused && refused.exitCode() == REFUSED) {
        throw e; // nothing was touched: the lab that exists (e.g. of another shape) is not ours to remove
      }
      // A half-built lab must not outlive the failure.
      try {
        scripts.run("lab-down.sh", id);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Six random chars of [a-z0-9], short enough for every interface name. */
  public static String randomId() {
    StringBuilder id = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  public String id() { return id; }
  public LabShape shape() { return LabShape.fromScriptName(values.getOrDefault("SHAPE", "default")); }
  public String upstreamNamespace() { return value("UPSTREAM_NAMESPACE"); }
  public String hostNamespace() { return value("HOST_NAMESPACE"); }
  public String guestNamespace() { return value("GUEST_NAMESPACE"); }
  public String bridge() { return value("BRIDGE"); }
  /** The host's uplink port on the bridge (stands in for the physical NIC). */
  public String uplink() { return value("UPLINK"); }
  /** The upstream network's end of the uplink, inside {@link #upstreamNamespace()}. */
  public String upstreamDevice() { return value("UPSTREAM_DEVICE"); }
  /** The VM's backend device on the bridge (a veth standing in for the tap / vnetN). */
  public String tap() { return value("TAP"); }
  public String guestDevice() { return value("GUEST_DEVICE"); }
  public String guestMac() { return value("GUEST_MAC"); }
  public String guestAddress() { return value("GUEST_IP"); }
  public int prefixLength() { return Integer.parseInt(value("PREFIX_LENGTH")); }
  public String gatewayAddress() { return value("GATEWAY_IP"); }
  /** Addresses in the upstream namespace that send SYNs and pings to the guest. */
  public List<String> clientAddresses() { return words(value("CLIENT_IPS")); }
  public List<Integer> vmPorts() { return words(value("VM_PORTS")).stream().map(Integer::valueOf).toList(); }
  public Path stateDirectory() { return Path.of(value("STATE_DIR")); }
  /** The address {@link #probeFromNode(int)} gives the bridge, in the VM's subnet. */
  public String bridgeAddress() { return value("BRIDGE_IP"); }

  /** Starts the clients' SYN and ping loops and the guest's ping to its gateway; they end by themselves after 10 min. */
  public void startTraffic() {
    scripts.run("lab-traffic.sh", id, "start");
  }

  /** As {@link #startTraffic()}, ending by themselves after {@code duration} (whole seconds, at least one). */
  public void startTraffic(Duration duration) {
    long seconds = Math.max(1, duration.toSeconds());
    scripts.run("lab-traffic.sh", List.of(id, "start"), Map.of("LAB_TRAFFIC_SECONDS", String.valueOf(seconds)));
  }

  /** Starts the traffic the options describe (busy load, noisy guest, guest listeners). */
  public void startTraffic(LabTraffic traffic) {
    scripts.run("lab-traffic.sh", List.of(id, "start"), traffic.environment());
  }

  /**
   * The node checks the VM itself, as the agent's probes do: gives the bridge {@link #bridgeAddress()} (it
   * stays) and sends {@code count} each of ARP who-has, ICMP echo request and TCP SYN to port 22 from it,
   * built like the agent's (trafgen, unicast to the VM's MAC); returns when done, answered or not.
   */
  public void probeFromNode(int count) {
    probe(count, "unicast", "bridge-address");
  }

  /**
   * As the agent when the node has no address in the VM's subnet: {@code count} address-less ARP probes
   * (RFC 5227, sender 0.0.0.0, unicast to the VM's MAC).
   */
  public void probeFromNodeWithoutAddress(int count) {
    probe(count, "unicast", "none");
  }

  /**
   * The node's own stack asks the VM from {@link #bridgeAddress()} ({@code arping}, {@code ping}): its ARP
   * requests are broadcast, so the bridge floods them out of the uplink too.
   */
  public void probeFromNodeStack(int count) {
    probe(count, "host", "bridge-address");
  }

  /** Gives the bridge {@link #bridgeAddress()} in the VM's subnet, sending nothing: the agent can probe from it. */
  public void giveBridgeAnAddress() {
    scripts.run("lab-traffic.sh", id, "bridge-address");
  }

  private void probe(int count, String style, String from) {
    scripts.run("lab-traffic.sh", List.of(id, "probe"),
        Map.of("LAB_PROBES", String.valueOf(count), "LAB_PROBE_STYLE", style, "LAB_PROBE_FROM", from));
  }

  /**
   * A client's connection ends late: the guest's firewall drops what its connection tracking does not know (as
   * firewalld does), and the first client sends the VM one FIN/ACK of a connection the guest has forgotten, which
   * crosses the uplink, bridge and tap and is never answered. With {@code afterNodeProbe}, first waits (up to a
   * minute) until the node has probed the guest, so the packet falls inside the window of a diagnosis' probes.
   */
  public void sendLateClosingPacket(boolean afterNodeProbe) {
    scripts.run("lab-traffic.sh", List.of(id, "closing"),
        Map.of("LAB_CLOSING_AFTER", afterNodeProbe ? "probe" : "now"), Duration.ofSeconds(90));
  }

  public void stopTraffic() {
    scripts.run("lab-traffic.sh", id, "stop");
  }

  /** The seed's fault: the guest's NIC drops everything it receives, so the guest only ARPs for its gateway. */
  public void injectGuestReceiveFault() {
    inject(LabFault.GUEST_RX_DROP);
  }

  /** Injects one of the lab's faults; faults combine, {@link #heal()} removes them all. */
  public void inject(LabFault fault) {
    scripts.run("lab-fault.sh", id, fault.scriptName());
  }

  /** Removes every fault. */
  public void heal() {
    scripts.run("lab-fault.sh", id, "heal");
  }

  /** Writes a libvirt test-driver node file; connect with {@code "test://" + file.toAbsolutePath()}. */
  public Path writeLibvirtTestNode(Path file, String domainName) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, LibvirtTestNode.render(domainName, guestMac(), bridge(), tap()), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the traffic and deletes the namespaces; safe to call twice. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    scripts.run("lab-down.sh", id);
  }

  @Override
  public String toString() {
    return "LabTopology[" + id + ", " + values + "]";
  }

  private String value(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("lab-up.sh printed no " + key + " for lab " + id);
    }
    return value;
  }

  private void requireAllValues() {
    for (String key : List.of("UPSTREAM_NAMESPACE", "HOST_NAMESPACE", "GUEST_NAMESPACE", "BRIDGE", "UPLINK",
        "UPSTREAM_DEVICE", "TAP", "GUEST_DEVICE", "GUEST_MAC", "GUEST_IP", "PREFIX_LENGTH", "GATEWAY_IP",
        "CLIENT_IPS", "VM_PORTS", "STATE_DIR")) {
      value(key);
    }
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }
}
