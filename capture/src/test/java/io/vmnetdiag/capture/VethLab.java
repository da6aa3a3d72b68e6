package io.vmnetdiag.capture;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.capture.pcap.NetworkNamespace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A miniature VM host built from namespaces: a "host" namespace with a bridge whose port, the tap,
 * leads to eth0 in a "vm" namespace. Options add a "peer" namespace behind a second port (the uplink),
 * a non-Ethernet tun device, an address on the bridge, and IPv6. Names carry a random suffix;
 * {@link #close()} deletes the namespaces and with them every link.
 *
 * <p>Per test class: {@code @RegisterExtension static final VethLab lab = new VethLab().withPeer();}
 * (built before all tests when run as root, skipped otherwise). Per test: try-with-resources on {@link #build()}.
 */
public final class VethLab implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  public final String suffix = String.format("%05x", ThreadLocalRandom.current().nextInt(0x100000));
  public final String hostNs = "vdlab-host-" + suffix;
  public final String vmNs = "vdlab-vm-" + suffix;
  public final String peerNs = "vdlab-peer-" + suffix;
  public final String bridge = "vdbr" + suffix;
  public final String tap = "vdtap" + suffix;
  public final String uplink = "vdup" + suffix;
  /** A layer-3 tun device: capturable, but not Ethernet. */
  public final String tun = "vdtun" + suffix;
  public final String vmMac = String.format("52:54:00:%s:%s:%s", suffix.substring(0, 2), suffix.substring(2, 4),
      "5" + suffix.charAt(4));
  private final String subnet = "10." + (150 + ThreadLocalRandom.current().nextInt(100)) + "."
      + ThreadLocalRandom.current().nextInt(250) + ".";
  public final String vmIp = subnet + "51";
  public final String bridgeIp = subnet + "1";
  public final String peerIp = subnet + "2";
  public final String absentIp = subnet + "99";
  private final String prefix6 = String.format("fd00:%x:%x::", 0x100 + ThreadLocalRandom.current().nextInt(0xf00),
      ThreadLocalRandom.current().nextInt(0x10000));
  public final String vmIp6 = prefix6 + "51";
  public final String bridgeIp6 = prefix6 + "1";

  private boolean peer;
  private boolean tunDevice;
  private boolean bridgeAddress;
  private boolean ipv6;
  private final List<String> created = new ArrayList<>();
  private final List<Runnable> closers = new ArrayList<>();

  /** Adds the "peer" namespace (eth0 at {@link #peerIp}) behind the bridge's second port, {@link #uplink}. */
  public VethLab withPeer() {
    peer = true;
    return this;
  }

  /** Adds {@link #tun} to the host namespace, up but outside the bridge. */
  public VethLab withTun() {
    tunDevice = true;
    return this;
  }

  /** Gives the bridge {@link #bridgeIp}/24 (and with IPv6 {@link #bridgeIp6}/64). */
  public VethLab withBridgeAddress() {
    bridgeAddress = true;
    return this;
  }

  /**
   * Leaves IPv6 on and gives the VM {@link #vmIp6}; a bridge without address then has IPv6 off entirely
   * (not even link-local). Without this every namespace has IPv6 off.
   */
  public VethLab withIpv6() {
    ipv6 = true;
    return this;
  }

  /** Creates the namespaces and links; on failure removes whatever it created before rethrowing. */
  public VethLab build() throws IOException, InterruptedException {
    try {
      create();
      return this;
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void create() throws IOException, InterruptedException {
    List<String> namespaces = peer ? List.of(hostNs, vmNs, peerNs) : List.of(hostNs, vmNs);
    for (String ns : namespaces) {
      sh("ip", "netns", "add", ns);
      created.add(ns);
      sh("ip", "-n", ns, "link", "set", "lo", "up");
      // Keep IPv6 autoconfiguration chatter out of the counts unless IPv6 is asked for.
      sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=" + (ipv6 ? 0 : 1));
      sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=" + (ipv6 ? 0 : 1));
    }
    sh("ip", "-n", hostNs, "link", "add", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0");
    List<String> ports = peer ? List.of(tap, uplink) : List.of(tap);
    sh("ip", "-n", hostNs, "link", "add", tap, "type", "veth", "peer", "name", "eth0", "netns", vmNs);
    if (peer) {
      sh("ip", "-n", hostNs, "link", "add", uplink, "type", "veth", "peer", "name", "eth0", "netns", peerNs);
    }
    for (String port : ports) {
      sh("ip", "-n", hostNs, "link", "set", port, "master", bridge);
    }
    if (bridgeAddress) {
      sh("ip", "-n", hostNs, "addr", "add", bridgeIp + "/24", "dev", bridge);
    }
    if (ipv6 && bridgeAddress) {
      sh("ip", "-n", hostNs, "addr", "add", bridgeIp6 + "/64", "dev", bridge, "nodad");
    } else if (ipv6) {
      sh("ip", "netns", "exec", hostNs, "sysctl", "-q", "-w", "net.ipv6.conf." + bridge + ".disable_ipv6=1");
    }
    if (tunDevice) {
      sh("ip", "-n", hostNs, "tuntap", "add", "dev", tun, "mode", "tun");
      sh("ip", "-n", hostNs, "link", "set", tun, "up");
    }
    sh("ip", "-n", vmNs, "link", "set", "eth0", "address", vmMac);
    sh("ip", "-n", vmNs, "addr", "add", vmIp + "/24", "dev", "eth0");
    if (ipv6) {
      sh("ip", "-n", vmNs, "addr", "add", vmIp6 + "/64", "dev", "eth0", "nodad");
    }
    sh("ip", "-n", vmNs, "link", "set", "eth0", "up");
    if (peer) {
      sh("ip", "-n", peerNs, "addr", "add", peerIp + "/24", "dev", "eth0");
      sh("ip", "-n", peerNs, "link", "set", "eth0", "up");
    }
    for (String port : ports) {
      sh("ip", "-n", hostNs, "link", "set", port, "up");
    }
    sh("ip", "-n", hostNs, "link", "set", bridge, "up");
  }

  /** Fails the test unless it may create network namespaces: a lab test that skips proves nothing. */
  public static void requireRoot() {
    Assertions.assertTrue(isRoot(), "needs root to create network namespaces: run the tests as root");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    requireRoot();
    build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public String hostNamespacePath() {
    return "/var/run/netns/" + hostNs;
  }

  /** A hop in the host namespace that names it, so the capture enters the namespace itself. */
  public Hop hopInHost(HopRole role, String interfaceName) {
    Hop hop = new Hop(role, interfaceName);
    hop.setNetworkNamespace(hostNamespacePath());
    return hop;
  }

  /** Runs {@code work} on a fresh thread that has entered the host namespace; threads it starts stay there too. */
  public <T> T inHostNamespace(Callable<T> work) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        NetworkNamespace.enter(hostNamespacePath());
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

  /** Listens on {@code port} at the VM's address until {@link #close()}: the VM then answers SYNs with SYN-ACKs. */
  public void listenInVm(int port) throws Exception {
    CountDownLatch listening = new CountDownLatch(1);
    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        NetworkNamespace.enter("/var/run/netns/" + vmNs);
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

  /** The kernel's promiscuity count of a host-namespace link (bridge ports start at 1). */
  public int promiscuity(String link) throws IOException, InterruptedException {
    Matcher matcher = Pattern.compile("promiscuity (\\d+)").matcher(sh("ip", "-n", hostNs, "-d", "link", "show", "dev", link));
    if (!matcher.find()) {
      throw new IOException("no promiscuity count shown for " + link);
    }
    return Integer.parseInt(matcher.group(1));
  }

  /** Waits until every link's promiscuity count rose above its baseline: a capture handle is armed on it. */
  public void awaitPromiscuityAbove(Map<String, Integer> baselines) throws IOException, InterruptedException {
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

  /** Pings the VM {@code count} times from the peer, 0.2 s apart, and returns when ping ends (for window callbacks). */
  public void pingVmFromPeer(int count) {
    try {
      Process ping = startIn(peerNs, "ping", "-n", "-c", String.valueOf(count), "-i", "0.2", "-W", "1", vmIp);
      ping.getInputStream().transferTo(System.out);
      ping.waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a command inside a namespace; the caller waits for it. */
  public Process startIn(String ns, String... command) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    argv.addAll(List.of(command));
    return new ProcessBuilder(argv).redirectErrorStream(true).start();
  }

  public static String sh(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
    return output;
  }

  public static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0
        && System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
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
