package io.vmnetdiag.lab.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The lab's guest as a real VM ({@code lab/scripts/vm-up.sh}): a qemu guest (TCG) booted by a libvirtd of the
 * lab's own inside the lab's node namespace, on the lab bridge, with the lab guest's MAC and address. The guest
 * runs qemu-guest-agent, listeners on 22/80/443, IPv6, and sends a DHCP discover every
 * {@link #chatterInterval()}. Closing destroys the domain, stops the daemons and puts the lab's stand-in guest
 * back ({@code vm-down.sh}).
 */
public final class LabVm implements AutoCloseable {
  /** Building the image, starting the daemons (the machine's first start probes QEMU, ~8 s) and booting under TCG. */
  static final Duration UP_TIMEOUT = Duration.ofSeconds(180);
  static final Duration DOWN_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REQUIRED = List.of("VM_DOMAIN", "VM_TAP", "VM_MAC", "VM_IP", "VM_GATEWAY_IP",
      "VM_BRIDGE", "VM_HOST_NAMESPACE", "VM_CHATTER_SECONDS", "VM_READY_MARKER", "VM_SERIAL_LOG", "VM_STATE_DIR",
      "LIBVIRT_URI", "LIBVIRT_SOCKET", "LIBVIRT_SOCKET_RO", "VM_QEMU_PID", "VM_UP_MS");

  private final LabScripts scripts;
  private final String labId;
  private final Map<String, String> values;
  private volatile boolean closed;
  private volatile Duration downTime;

  private LabVm(LabScripts scripts, String labId, Map<String, String> values) {
    this.scripts = scripts;
    this.labId = labId;
    this.values = values;
  }

  /** Boots the VM of {@code lab} (which must be up) with the scripts found by {@link LabScripts#locate()}. */
  public static LabVm start(LabTopology lab) {
    return start(LabScripts.locate(), lab.id());
  }

  /** Boots the VM of lab {@code labId}; a failure leaves nothing of the VM behind. Idempotent: a running VM is reported. */
  public static LabVm start(LabScripts scripts, String labId) {
    try {
      LabVm vm = new LabVm(scripts, labId,
          KeyValueLines.parse(scripts.run("vm-up.sh", List.of(labId), Map.of(), UP_TIMEOUT)));
      vm.requireAllValues();
      return vm;
    } catch (RuntimeException e) {
      if (e instanceof LabScriptException refused && refused.exitCode() == LabTopology.REFUSED) {
        throw e;
      }
      try {
        scripts.run("vm-down.sh", List.of(labId), Map.of(), DOWN_TIMEOUT);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  public String labId() { return labId; }
  /** The libvirt domain's name, {@code vndvm-ID}. */
  public String domain() { return value("VM_DOMAIN"); }
  /** The tap libvirt created for the VM's NIC (vnetN), as the live domain XML names it. */
  public String tap() { return value("VM_TAP"); }
  public String mac() { return value("VM_MAC"); }
  public String address() { return value("VM_IP"); }
  public String gatewayAddress() { return value("VM_GATEWAY_IP"); }
  public String bridge() { return value("VM_BRIDGE"); }
  /** The namespace the daemons, qemu and the tap live in (the lab's node). */
  public String hostNamespace() { return value("VM_HOST_NAMESPACE"); }
  /** How often the guest sends its DHCP discover. */
  public Duration chatterInterval() { return Duration.ofSeconds(Long.parseLong(value("VM_CHATTER_SECONDS"))); }
  /** The line the guest prints on its serial console once its network, agent and listeners are up. */
  public String readyMarker() { return value("VM_READY_MARKER"); }
  public Path serialLog() { return Path.of(value("VM_SERIAL_LOG")); }
  public Path stateDirectory() { return Path.of(value("VM_STATE_DIR")); }
  /** The lab's own libvirtd, read-write ({@code qemu:///system?socket=...}): guest-agent calls, faults. */
  public String libvirtUri() { return value("LIBVIRT_URI"); }
  /** The same daemon through its read-only socket. */
  public String libvirtReadOnlyUri() { return "qemu:///system?socket=" + value("LIBVIRT_SOCKET_RO"); }
  public Path libvirtSocket() { return Path.of(value("LIBVIRT_SOCKET")); }
  /** The qemu process running the guest (inside {@link #hostNamespace()}). */
  public long qemuPid() { return Long.parseLong(value("VM_QEMU_PID")); }
  /** True when vm-up.sh found the VM already running and only reported it. */
  public boolean reused() { return "1".equals(values.get("VM_REUSED")); }
  /** vm-up.sh's whole run: image, daemons, define, boot, first ping reply. */
  public Duration upTime() { return millis("VM_UP_MS"); }
  /** Building (or finding cached) the guest image. */
  public Duration imageTime() { return millis("VM_IMAGE_MS"); }
  /** Starting virtlogd and libvirtd until libvirtd answers. */
  public Duration daemonsTime() { return millis("VM_DAEMONS_MS"); }
  /** From {@code virsh define} to the ready marker on the serial console. */
  public Duration defineToReady() { return millis("VM_DEFINE_TO_READY_MS"); }
  /** From {@code virsh define} to the first ping reply from the upstream. */
  public Duration defineToPing() { return millis("VM_DEFINE_TO_PING_MS"); }
  /** How long {@link #close()} took, once it ran. */
  public Duration downTime() { return downTime; }

  /**
   * Runs {@code /bin/sh -c shellCommand} in the guest through qemu-guest-agent, reached through the lab's libvirtd
   * ({@link GuestShell}): the way faults inside the guest are made. The guest has busybox (its {@code ip}, {@code tc},
   * {@code sysctl}, ...), {@code nft} with the kernel's nf_tables, and nothing else.
   */
  public GuestCommand guestExec(String shellCommand, Duration timeout) {
    Connect connect = null;
    try {
      connect = new Connect(libvirtUri());
      Domain domain = connect.domainLookupByName(domain());
      try {
        return GuestShell.exec((execute, arguments) -> {
          try {
            String request = JSON.writeValueAsString(Map.of("execute", execute, "arguments", arguments));
            return JSON.readTree(domain.qemuAgentCommand(request, 10, 0)).path("return");
          } catch (LibvirtException e) {
            throw new java.io.IOException(e.getMessage(), e);
          }
        }, shellCommand, timeout);
      } finally {
        domain.free();
      }
    } catch (LibvirtException | java.io.IOException e) {
      throw new IllegalStateException("guest-exec in " + domain() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running in the guest: " + shellCommand, e);
    } finally {
      if (connect != null) {
        try {
          connect.close();
        } catch (LibvirtException ignored) {
          // the daemon went away; nothing to release
        }
      }
    }
  }

  private static final Duration GUEST_FAULT_TIMEOUT = Duration.ofSeconds(15);

  /** The seed's fault inside the guest ({@link GuestFaults#receiveWedged(String)}). Idempotent. */
  public void injectGuestReceiveFault() {
    guestFault(GuestFaults.receiveWedged(gatewayAddress()));
  }

  /** The guest's own firewall drops TCP to {@code ports} (inet input chain); ARP and ping still work. Idempotent. */
  public void injectGuestFirewall(List<Integer> ports) {
    guestFault(GuestFaults.firewall(ports));
  }

  /** The guest takes its own NIC down ({@code ip link set eth0 down} inside the guest); the tap stays up. */
  public void setGuestInterfaceDown() {
    guestFault(GuestFaults.interfaceDown());
  }

  /** Removes every fault made inside the guest ({@link GuestFaults#heal(String)}). */
  public void healGuest() {
    guestFault(GuestFaults.heal(gatewayAddress()));
  }

  /**
   * The host side of the VM's virtual link, as {@code virsh domif-setlink} sets it through the lab's libvirtd
   * ({@code <link state='down'/>} in the live XML): the guest loses its carrier while the tap stays UP on the node.
   */
  public void setHostLink(boolean up) {
    host(List.of("virsh", "-q", "-c", libvirtUri(), "domif-setlink", domain(), tap(), up ? "up" : "down"));
  }

  /** Takes the VM's tap off the lab bridge ({@code nomaster}), or puts it back. */
  public void setTapAttached(boolean attached) {
    host(attached ? List.of("ip", "-n", hostNamespace(), "link", "set", tap(), "master", bridge())
        : List.of("ip", "-n", hostNamespace(), "link", "set", tap(), "nomaster"));
  }

  private static void host(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  private void guestFault(String shellCommand) {
    GuestCommand done = guestExec(shellCommand, GUEST_FAULT_TIMEOUT);
    if (done.exitCode() != 0) {
      throw new IllegalStateException("in guest " + domain() + ", exit " + done.exitCode() + ": " + shellCommand
          + "\n" + done.stdout() + done.stderr());
    }
  }

  /** Stops the VM and its daemons and puts the lab's stand-in guest back; safe to call twice. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long start = System.nanoTime();
    scripts.run("vm-down.sh", List.of(labId), Map.of(), DOWN_TIMEOUT);
    downTime = Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public String toString() {
    return "LabVm[" + labId + ", " + values + "]";
  }

  private Duration millis(String key) {
    String value = values.get(key);
    return value == null ? Duration.ZERO : Duration.ofMillis(Long.parseLong(value));
  }

  private String value(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("vm-up.sh printed no " + key + " for lab " + labId);
    }
    return value;
  }

  private void requireAllValues() {
    REQUIRED.forEach(this::value);
  }
}
