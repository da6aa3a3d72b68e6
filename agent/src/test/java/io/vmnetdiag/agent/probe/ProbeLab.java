package io.vmnetdiag.agent.probe;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A quiet VM host in two namespaces: "host" with a bridge (optionally holding 10.x.y.1/24) and one
 * veth port, the tap, whose peer is eth0 (10.x.y.51) in the "vm" namespace. No IPv6, no traffic of its
 * own. {@link #close()} deletes both namespaces and with them every link.
 */
final class ProbeLab implements AutoCloseable {
  private static final int CLONE_NEWNET = 0x40000000;

  private interface LibC extends Library {
    int open(String path, int flags);

    int setns(int fd, int nstype);

    int close(int fd);
  }

  final String suffix = String.format("%05x", ThreadLocalRandom.current().nextInt(0x100000));
  final String hostNs = "vdprb-host-" + suffix;
  final String vmNs = "vdprb-vm-" + suffix;
  final String bridge = "vdpbr" + suffix;
  final String tap = "vdptap" + suffix;
  final String vmMac = String.format("52:54:00:%s:%s:%s", suffix.substring(0, 2), suffix.substring(2, 4), "5" + suffix.charAt(4));
  private final String subnet = "10." + (150 + ThreadLocalRandom.current().nextInt(50)) + "."
      + ThreadLocalRandom.current().nextInt(250) + ".";
  final String vmIp = subnet + "51";
  final String bridgeIp = subnet + "1";
  private final String prefix6 = String.format("fd00:%x:%x::", 0x100 + ThreadLocalRandom.current().nextInt(0xf00),
      ThreadLocalRandom.current().nextInt(0x10000));
  final String vmIp6 = prefix6 + "51";
  final String bridgeIp6 = prefix6 + "1";
  private final List<String> created = new ArrayList<>();
  private final List<Runnable> closers = new ArrayList<>();

  ProbeLab build(boolean bridgeHasAddress) throws IOException, InterruptedException {
    return build(bridgeHasAddress, false);
  }

  /**
   * With {@code ipv6} the VM has {@link #vmIp6}, and the bridge {@link #bridgeIp6} when {@code bridgeHasAddress};
   * a bridge without address then has IPv6 off entirely (not even link-local).
   */
  ProbeLab build(boolean bridgeHasAddress, boolean ipv6) throws IOException, InterruptedException {
    for (String ns : List.of(hostNs, vmNs)) {
      sh("ip", "netns", "add", ns);
      created.add(ns);
      sh("ip", "-n", ns, "link", "set", "lo", "up");
      sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=" + (ipv6 ? 0 : 1));
      sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=" + (ipv6 ? 0 : 1));
    }
    sh("ip", "-n", hostNs, "link", "add", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0");
    sh("ip", "-n", hostNs, "link", "add", tap, "type", "veth", "peer", "name", "eth0", "netns", vmNs);
    sh("ip", "-n", hostNs, "link", "set", tap, "master", bridge);
    if (bridgeHasAddress) {
      sh("ip", "-n", hostNs, "addr", "add", bridgeIp + "/24", "dev", bridge);
    }
    if (ipv6 && bridgeHasAddress) {
      sh("ip", "-n", hostNs, "addr", "add", bridgeIp6 + "/64", "dev", bridge, "nodad");
    } else if (ipv6) {
      sh("ip", "netns", "exec", hostNs, "sysctl", "-q", "-w", "net.ipv6.conf." + bridge + ".disable_ipv6=1");
    }
    sh("ip", "-n", vmNs, "link", "set", "eth0", "address", vmMac);
    sh("ip", "-n", vmNs, "addr", "add", vmIp + "/24", "dev", "eth0");
    if (ipv6) {
      sh("ip", "-n", vmNs, "addr", "add", vmIp6 + "/64", "dev", "eth0", "nodad");
    }
    sh("ip", "-n", vmNs, "link", "set", "eth0", "up");
    sh("ip", "-n", hostNs, "link", "set", tap, "up");
    sh("ip", "-n", hostNs, "link", "set", bridge, "up");
    return this;
  }

  /** Listens on {@code port} at the VM's address until {@link #close()}: the VM then answers SYNs with SYN-ACKs. */
  void listenInVm(int port) throws Exception {
    CountDownLatch listening = new CountDownLatch(1);
    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        enter(vmNs);
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName(vmIp))) {
          listening.countDown();
          stop.await();
        }
      } catch (Exception e) {
        failure.set(e);
        listening.countDown();
      }
    }, "listener-" + vmNs);
    thread.setDaemon(true);
    thread.start();
    listening.await(10, TimeUnit.SECONDS);
    if (failure.get() != null) {
      throw failure.get();
    }
    closers.add(stop::countDown);
  }

  /** Runs {@code work} on a fresh thread inside the host namespace; threads it starts stay there too. */
  <T> T inHostNamespace(Callable<T> work) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        enter(hostNs);
        result.set(work.call());
      } catch (Exception e) {
        failure.set(e);
      }
    }, "in-" + hostNs);
    thread.start();
    thread.join(TimeUnit.MINUTES.toMillis(2));
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  String hostNamespacePath() {
    return "/var/run/netns/" + hostNs;
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
        && System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux");
  }

  @Override
  public void close() {
    closers.forEach(Runnable::run);
    closers.clear();
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
