package io.vmnetdiag.capture;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A miniature VM host built from namespaces: a "host" namespace with a bridge and two veth ports,
 * one leading to a "vm" namespace (the tap side), one to a "peer" namespace (the uplink side).
 * Names carry a random suffix; {@link #close()} deletes the namespaces and with them every link.
 */
final class VethLab implements AutoCloseable {
  private static final int CLONE_NEWNET = 0x40000000;

  private interface LibC extends Library {
    int open(String path, int flags);

    int setns(int fd, int nstype);

    int close(int fd);
  }

  final String suffix = String.format("%05x", ThreadLocalRandom.current().nextInt(0x100000));
  final String hostNs = "vdcap-host-" + suffix;
  final String vmNs = "vdcap-vm-" + suffix;
  final String peerNs = "vdcap-peer-" + suffix;
  final String bridge = "vdbr" + suffix;
  final String tap = "vdtap" + suffix;
  final String uplink = "vdup" + suffix;
  /** A layer-3 tun device: capturable, but not Ethernet. */
  final String tun = "vdtun" + suffix;
  final String vmMac = String.format("52:54:00:%s:%s:%s", suffix.substring(0, 2), suffix.substring(2, 4), "5" + suffix.charAt(4));
  private final String subnet = "10." + (200 + ThreadLocalRandom.current().nextInt(50)) + "."
      + ThreadLocalRandom.current().nextInt(250) + ".";
  final String vmIp = subnet + "51";
  final String peerIp = subnet + "1";
  final String absentIp = subnet + "99";
  private final List<String> created = new ArrayList<>();

  VethLab build() throws IOException, InterruptedException {
    for (String ns : List.of(hostNs, vmNs, peerNs)) {
      sh("ip", "netns", "add", ns);
      created.add(ns);
      sh("ip", "-n", ns, "link", "set", "lo", "up");
      // Keep IPv6 autoconfiguration chatter out of the counts.
      sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
      sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
    }
    sh("ip", "-n", hostNs, "link", "add", bridge, "type", "bridge");
    sh("ip", "-n", hostNs, "link", "add", tap, "type", "veth", "peer", "name", "eth0", "netns", vmNs);
    sh("ip", "-n", hostNs, "link", "add", uplink, "type", "veth", "peer", "name", "eth0", "netns", peerNs);
    for (String port : List.of(tap, uplink)) {
      sh("ip", "-n", hostNs, "link", "set", port, "master", bridge);
      sh("ip", "-n", hostNs, "link", "set", port, "up");
    }
    sh("ip", "-n", hostNs, "link", "set", bridge, "up");
    sh("ip", "-n", hostNs, "tuntap", "add", "dev", tun, "mode", "tun");
    sh("ip", "-n", hostNs, "link", "set", tun, "up");
    sh("ip", "-n", vmNs, "link", "set", "eth0", "address", vmMac);
    sh("ip", "-n", vmNs, "addr", "add", vmIp + "/24", "dev", "eth0");
    sh("ip", "-n", vmNs, "link", "set", "eth0", "up");
    sh("ip", "-n", peerNs, "addr", "add", peerIp + "/24", "dev", "eth0");
    sh("ip", "-n", peerNs, "link", "set", "eth0", "up");
    return this;
  }

  /** Runs {@code work} on a fresh thread that has entered the host namespace (only that thread moves). */
  <T> T inHostNamespace(Callable<T> work) throws Exception {
    Object[] result = new Object[1];
    Exception[] failure = new Exception[1];
    Thread thread = new Thread(() -> {
      try {
        enter(hostNs);
        result[0] = work.call();
      } catch (Exception e) {
        failure[0] = e;
      }
    }, "in-" + hostNs);
    thread.start();
    thread.join(TimeUnit.MINUTES.toMillis(2));
    if (failure[0] != null) {
      throw failure[0];
    }
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }

  private static void enter(String ns) {
    LibC libc = Native.load("c", LibC.class);
    int fd = libc.open("/var/run/netns/" + ns, 0);
    if (fd < 0) {
      throw new IllegalStateException("cannot open namespace " + ns);
    }
    try {
      if (libc.setns(fd, CLONE_NEWNET) != 0) {
        throw new IllegalStateException("setns into " + ns + " failed: errno " + Native.getLastError());
      }
    } finally {
      libc.close(fd);
    }
  }

  /** The kernel's promiscuity count of a host-namespace link (bridge ports start at 1). */
  int promiscuity(String link) throws IOException, InterruptedException {
    Matcher matcher = Pattern.compile("promiscuity (\\d+)").matcher(sh("ip", "-n", hostNs, "-d", "link", "show", "dev", link));
    if (!matcher.find()) {
      throw new IOException("no promiscuity count shown for " + link);
    }
    return Integer.parseInt(matcher.group(1));
  }

  /** Waits until every link's promiscuity count rose above its baseline: a capture handle is armed on it. */
  void awaitPromiscuityAbove(Map<String, Integer> baselines) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (Map.Entry<String, Integer> baseline : baselines.entrySet()) {
        all &= promiscuity(baseline.getKey()) > baseline.getValue();
      }
      if (all) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IOException("capture handles did not arm within 20 s");
  }

  /** Starts a command inside a namespace; the caller waits for it. */
  Process startIn(String ns, String... command) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    argv.addAll(List.of(command));
    return new ProcessBuilder(argv).redirectErrorStream(true).start();
  }

  static String sh(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
    return output;
  }

  static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0
        && System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
  }

  @Override
  public void close() {
    for (String ns : created) {
      try {
        sh("ip", "netns", "del", ns);
      } catch (IOException | InterruptedException e) {
        System.err.println("cleanup of namespace " + ns + " failed: " + e.getMessage());
      }
    }
    created.clear();
  }
}
