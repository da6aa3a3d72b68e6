package io.vmnetdiag.agent.path;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The node's network devices as sysfs shows them ({@code /sys/class/net} by default). */
public final class HostNetwork {
  /** Where the kernel lists the network devices of the agent's network namespace. */
  public static final Path DEFAULT_ROOT = Path.of("/sys/class/net");

  // Kernel device names: at most 15 bytes, no slash or whitespace; also keeps XML input from walking the tree.
  private static final Pattern DEVICE_NAME = Pattern.compile("[^/\\s]{1,15}");
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

  private final Path root;

  public HostNetwork() {
    this(DEFAULT_ROOT);
  }

  public HostNetwork(Path root) {
    this.root = root;
  }

  /** True when the device exists on the node. */
  public boolean exists(String device) {
    return isDeviceName(device) && Files.exists(root.resolve(device));
  }

  /** The device's MAC address as sysfs gives it ("aa:bb:cc:dd:ee:ff"), or empty. */
  public Optional<String> macOf(String device) {
    if (!isDeviceName(device)) {
      return Optional.empty();
    }
    try {
      String address = Files.readString(root.resolve(device).resolve("address")).strip();
      return MAC.matcher(address).matches() ? Optional.of(address) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** True for a Linux bridge (sysfs gives it a {@code bridge} directory; Open vSwitch bridges have none). */
  public boolean isBridge(String device) {
    return isDeviceName(device) && Files.isDirectory(root.resolve(device).resolve("bridge"));
  }

  /** The bridge's ports, sorted by name; empty when it is no bridge or has no ports. */
  public List<String> bridgePorts(String bridge) {
    List<String> ports = new ArrayList<>();
    if (!isDeviceName(bridge)) {
      return ports;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(bridge).resolve("brif"))) {
      for (Path entry : entries) {
        ports.add(entry.getFileName().toString());
      }
    } catch (IOException e) {
      return List.of();
    }
    ports.sort(Comparator.naturalOrder());
    return ports;
  }

  /** True for a tun/tap device: the kind QEMU's backend (vnetN) usually is. */
  public boolean isTunTap(String device) {
    return isDeviceName(device) && Files.exists(root.resolve(device).resolve("tun_flags"));
  }

  /** True for a device backed by hardware (sysfs links it to its {@code device}); veths and taps are virtual. */
  public boolean isPhysical(String device) {
    return isDeviceName(device)
        && Files.exists(root.resolve(device).resolve("device"), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The bridge port facing the network: a port that is no VM's device. VM devices are the given names
   * (the target devs of the domains on this node) and any tun/tap device. Among the rest a physical
   * NIC wins, else the first by name (a veth or a VXLAN device uplinks just as well).
   */
  public Optional<String> uplinkOf(String bridge, Set<String> vmDevices) {
    List<String> candidates = bridgePorts(bridge).stream()
        .filter(port -> !vmDevices.contains(port))
        .filter(port -> !isTunTap(port))
        .toList();
    return candidates.stream()
        .filter(this::isPhysical)
        .findFirst()
        .or(() -> candidates.stream().findFirst());
  }

  private static boolean isDeviceName(String device) {
    return device != null
        && DEVICE_NAME.matcher(device).matches()
        && !device.equals(".")
        && !device.equals("..");
  }
}
