package io.vmnetdiag.capture;

import static io.vmnetdiag.capture.frame.Frames.ethernet;
import static io.vmnetdiag.capture.frame.Frames.hopByHop;
import static io.vmnetdiag.capture.frame.Frames.icmpError;
import static io.vmnetdiag.capture.frame.Frames.igmp;
import static io.vmnetdiag.capture.frame.Frames.ipv4;
import static io.vmnetdiag.capture.frame.Frames.ipv6;
import static io.vmnetdiag.capture.frame.Frames.mld;
import static io.vmnetdiag.capture.frame.Frames.qinq;
import static io.vmnetdiag.capture.frame.Frames.tagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.capture.frame.Frames;
import io.vmnetdiag.capture.frame.TcpdumpLine;
import io.vmnetdiag.capture.pcap.NetworkNamespace;
import io.vmnetdiag.capture.pcap.PcapFileReader;
import io.vmnetdiag.capture.probe.FrameSender;
import io.vmnetdiag.testkit.LabTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packet lines the status shows are the lines an engineer's tcpdump prints. Two namespaces joined by a veth
 * pair exchange real traffic (the kernel's own ARP, ICMP, TCP, UDP, neighbour discovery, router solicitations and
 * MLD reports, plus hand-built frames the kernel would not send: gratuitous ARP, RFC 5227 probes, DHCP, VLAN tags,
 * LLDP); tcpdump records it at the product's default snap length and at full length; then every record's
 * {@link TcpdumpLine#format} is compared with the line {@code TZ=UTC tcpdump -nn -r} prints for it.
 *
 * <p>One difference is by design and checked as such: after a TCP connection's first ACK-bearing packet tcpdump
 * prints sequence numbers relative to it, which needs every earlier packet of the connection; a sample is printed
 * alone, so it carries the absolute numbers, exactly as {@code tcpdump -S} prints them. Those lines must equal
 * {@code tcpdump -nn -S -r}'s line and differ from the plain line only in the seq, ack and SACK values. Where tcpdump
 * cannot decode a payload it appends a hex dump on continuation lines; the comparison ends at the first line's end
 * (trailing blanks dropped), which a sample must equal.
 */
@LabTest(tools = {"ip", "ping", "sysctl", "tcpdump"})
class TcpdumpTextLabTest {
  private static final String SUFFIX = String.format("%05x", ThreadLocalRandom.current().nextInt(0x100000));
  private static final String NS_A = "vdtt-a-" + SUFFIX;
  private static final String NS_B = "vdtt-b-" + SUFFIX;
  private static final String LINK_A = "vdtta" + SUFFIX;
  private static final String LINK_B = "vdttb" + SUFFIX;
  private static final String NET = "10." + (150 + ThreadLocalRandom.current().nextInt(100)) + "."
      + ThreadLocalRandom.current().nextInt(250) + ".";
  private static final String IP_A = NET + "1";
  private static final String IP_B = NET + "2";
  private static final String NET6 = String.format("fd00:%x:%x::", 0x100 + ThreadLocalRandom.current().nextInt(0xf00),
      ThreadLocalRandom.current().nextInt(0x10000));
  private static final String IP6_A = NET6 + "1";
  private static final String IP6_B = NET6 + "2";
  private static final String MAC_A = "02:5e:00:" + SUFFIX.substring(0, 2) + ":" + SUFFIX.substring(2, 4) + ":a" + SUFFIX.charAt(4);
  private static final String MAC_B = "52:54:00:" + SUFFIX.substring(0, 2) + ":" + SUFFIX.substring(2, 4) + ":b" + SUFFIX.charAt(4);
  private static final Pattern TIMESTAMP = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ");
  private static final Pattern SEQ_ACK = Pattern.compile("(seq \\d+(?::\\d+)?|ack \\d+|\\{\\d+:\\d+\\})");
  /** The hex dump tcpdump appends to what it cannot decode, line by line: a one-line sample leaves it out. */
  private static final Pattern HEX_DUMP = Pattern.compile("^\\t0x[0-9a-f]{4}:  ");

  private static boolean created;
  private static Path captureShort;
  private static Path captureFull;
  private static final List<String> log = new ArrayList<>();

  @TempDir
  static Path temp;

  @BeforeAll
  static void recordTraffic() throws Exception {
    VethLab.requireRoot();
    createNamespaces();
    captureShort = temp.resolve("snap" + CaptureSpec.DEFAULT_SNAP_LENGTH + ".pcap");
    captureFull = temp.resolve("full.pcap");
    Process shortCapture = tcpdumpWriting(captureShort, CaptureSpec.DEFAULT_SNAP_LENGTH);
    Process fullCapture = tcpdumpWriting(captureFull, 262144);
    try {
      long linkUp = System.nanoTime();
      // Carrier comes up: both sides send MLD reports, duplicate address detection and router solicitations.
      VethLab.sh("ip", "-n", NS_B, "link", "set", LINK_B, "up");
      makeTraffic();
      // Router solicitations follow link-local DAD (1 s) and a random delay of up to 1 s.
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - linkUp);
      Thread.sleep(Math.max(300, 3500 - waited));
    } finally {
      stop(shortCapture);
      stop(fullCapture);
    }
  }

  @AfterAll
  static void removeNamespaces() {
    if (!created) {
      return;
    }
    for (String ns : List.of(NS_A, NS_B)) {
      try {
        VethLab.sh("ip", "netns", "del", ns);
      } catch (IOException | InterruptedException e) {
        System.err.println("cleanup of namespace " + ns + " failed: " + e.getMessage());
      }
    }
  }

  @Test
  void headersOnlySnapLengthPrintsAsTcpdumpDoes() throws Exception {
    compare(captureShort);
  }

  @Test
  void fullSnapLengthPrintsAsTcpdumpDoes() throws Exception {
    compare(captureFull);
  }

  private static void compare(Path file) throws Exception {
    List<String> ours = new ArrayList<>();
    List<Boolean> tagged = new ArrayList<>();
    PcapFileReader.read(file, (frame, originalLength, micros) -> {
      ours.add(TcpdumpLine.format(micros, frame, originalLength));
      int etherType = frame.length >= 14 ? (frame[12] & 0xff) << 8 | (frame[13] & 0xff) : 0;
      tagged.add(etherType == 0x8100 || etherType == 0x88a8);
    });
    List<String> plain = tcpdumpReading(file, false);
    List<String> absolute = tcpdumpReading(file, true);
    assertThat(plain).as("tcpdump's lines for " + file.getFileName()).hasSize(ours.size());
    assertThat(absolute).hasSize(ours.size());

    List<String> mismatches = new ArrayList<>();
    Map<String, Integer> kinds = new TreeMap<>();
    int relative = 0;
    for (int i = 0; i < ours.size(); i++) {
      String mine = ours.get(i);
      String theirs = plain.get(i);
      kinds.merge(kind(theirs), 1, Integer::sum);
      if (tagged.get(i)) {
        kinds.merge("VLAN-tagged (tcpdump -nn does not show the tag)", 1, Integer::sum);
      }
      if (theirs.contains(": HBH ")) {
        kinds.merge("IP6 HBH", 1, Integer::sum);
      }
      if (mine.equals(theirs)) {
        continue;
      }
      boolean onlyRelativeNumbers = mine.equals(absolute.get(i))
          && SEQ_ACK.matcher(theirs).replaceAll("#").equals(SEQ_ACK.matcher(absolute.get(i)).replaceAll("#"));
      if (onlyRelativeNumbers) {
        relative++;
        continue;
      }
      mismatches.add("packet " + (i + 1) + ", first difference at " + firstDifference(mine, theirs)
          + "\n  ours:    " + mine + "\n  tcpdump: " + theirs);
    }
    System.out.printf("%s: %d packets compared, %d with TCP numbers relative in tcpdump and absolute in ours (as -S)%n",
        file.getFileName(), ours.size(), relative);
    kinds.forEach((kind, count) -> System.out.printf("  %4d  %s%n", count, kind));
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " of " + ours.size() + " lines differ from tcpdump in " + file.getFileName() + ":\n"
          + String.join("\n", mismatches));
    }
    assertThat(kinds.keySet()).as("the kinds of packet the lab made").contains(EXPECTED_KINDS);
  }

  /** What each kind of traffic looks like in tcpdump's text; every one must appear in each capture. */
  private static final String[] EXPECTED_KINDS = {
      "ARP, Request who-has (unicast)", "ARP, Request who-has", "ARP, Reply", "ARP, gratuitous request",
      "ARP, probe from 0.0.0.0",
      "IP ICMP echo request", "IP ICMP echo reply", "IP ICMP port unreachable",
      "IP TCP [S]", "IP TCP [S.]", "IP TCP [.]", "IP TCP [P.]", "IP TCP [F.]", "IP TCP [R.]", "IP TCP SSH", "IP TCP HTTP",
      "IP UDP domain", "IP UDP mdns", "IP UDP ntp", "IP UDP bootp", "IP UDP other",
      "IP6 ICMP6 neighbor solicitation", "IP6 ICMP6 neighbor advertisement", "IP6 ICMP6 router solicitation",
      "IP6 ICMP6 multicast listener report v2", "IP6 ICMP6 echo request", "IP6 ICMP6 echo reply",
      "IP6 TCP [SEW]", "IP6 TCP [S.E]", "IP6 TCP [R.]", "IP6 UDP dhcp6",
      "IP igmp v3 report", "IP igmp v2 report", "IP igmp leave", "IP fragment", "IP ICMP time exceeded",
      "IP ICMP redirect", "IP ICMP need to frag", "IP6 ICMP6 multicast listener report", "IP6 ICMP6 router advertisement",
      "IP6 ICMP6 multicast listener query v2", "IP6 ICMP6 destination unreachable", "IP6 fragment", "IP6 HBH", "LLDP", "STP 802.1d", "STP 802.1w", "unknown EtherType",
      "VLAN-tagged (tcpdump -nn does not show the tag)"};

  /** A coarse name for a tcpdump line, to show what was compared and to check the lab made every kind. */
  private static String kind(String line) {
    String text = line.substring(16);
    if (text.startsWith("ARP, Request who-has")) {
      String[] words = text.split(" ");
      String target = words[3];
      if (text.contains(" tell 0.0.0.0")) {
        return "ARP, probe from 0.0.0.0";
      }
      if (text.contains("tell " + target + ",")) {
        return "ARP, gratuitous request";
      }
      return text.contains("(") ? "ARP, Request who-has (unicast)" : "ARP, Request who-has";
    }
    if (text.startsWith("ARP, Reply")) {
      return "ARP, Reply";
    }
    if (!text.startsWith("IP")) {
      return text.startsWith("LLDP") ? "LLDP" : text.contains("ethertype Unknown") ? "unknown EtherType"
          : text.startsWith("STP") ? text.split(",")[0] : text.split(",")[0];
    }
    boolean six = text.startsWith("IP6");
    String family = six ? "IP6" : "IP";
    if (text.contains(": igmp ")) {
      return family + " " + text.substring(text.indexOf("igmp ")).replaceAll(" \\d.*|,.*| \\[.*", "");
    }
    if (text.matches("IP [0-9.]+ > [0-9.]+: ip-proto-\\d+")) {
      return "IP fragment";
    }
    if (text.contains(": frag (")) {
      return "IP6 fragment";
    }
    if (text.contains(" ICMP6, ")) {
      String what = text.substring(text.indexOf("ICMP6, ") + 7).split(",")[0];
      return family + " ICMP6 " + what.replaceAll(" who has.*| tgt is.*|max resp.*| \\[.*", "");
    }
    if (text.contains(": ICMP ")) {
      String what = text.substring(text.indexOf(": ICMP ") + 7);
      if (what.startsWith("time exceeded") || what.startsWith("redirect")) {
        return family + " ICMP " + what.split(" [0-9]")[0].replace(" in-transit", "").split(",")[0];
      }
      if (what.contains("need to frag")) {
        return family + " ICMP need to frag";
      }
    }
    if (text.contains(": ICMP echo")) {
      return family + " " + text.substring(text.indexOf("ICMP echo")).split(",")[0];
    }
    if (text.contains("port ") && text.contains(" unreachable")) {
      return family + " ICMP port unreachable";
    }
    if (text.contains(": SSH: ") || text.contains(": HTTP")) {
      return family + " TCP " + (text.contains(": SSH: ") ? "SSH" : "HTTP");
    }
    Matcher flags = Pattern.compile("Flags \\[([^\\]]*)\\]").matcher(text);
    if (flags.find()) {
      return family + " TCP [" + flags.group(1) + "]";
    }
    if (text.contains(".53: ") || text.contains(".53 > ")) {
      return family + " UDP domain";
    }
    if (text.contains(".5353: ")) {
      return family + " UDP mdns";
    }
    if (text.contains(".123: ") || text.contains(".123 > ")) {
      return family + " UDP ntp";
    }
    if (text.contains("BOOTP/DHCP")) {
      return family + " UDP bootp";
    }
    if (text.contains("dhcp6")) {
      return family + " UDP dhcp6";
    }
    if (text.contains(": UDP, length")) {
      return family + " UDP other";
    }
    return text.replaceAll("[0-9a-f:.]+ > [0-9a-f:.]+: ", "").split(",")[0];
  }

  private static String firstDifference(String mine, String theirs) {
    String[] a = mine.split("(?<=[ ,\\]\\[:])");
    String[] b = theirs.split("(?<=[ ,\\]\\[:])");
    int at = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (!a[i].equals(b[i])) {
        return "field " + (i + 1) + " (column " + (at + 1) + "): ours \"" + a[i].strip() + "\", tcpdump \"" + b[i].strip()
            + "\"";
      }
      at += a[i].length();
    }
    return a.length < b.length ? "the end of ours: tcpdump goes on with \"" + b[a.length].strip() + "\""
        : "the end of tcpdump's: ours goes on with \"" + a[b.length].strip() + "\"";
  }

  // ---------------------------------------------------------------- the lab

  private static void createNamespaces() throws IOException, InterruptedException {
    for (String ns : List.of(NS_A, NS_B)) {
      VethLab.sh("ip", "netns", "add", ns);
      created = true;
      VethLab.sh("ip", "-n", ns, "link", "set", "lo", "up");
      // Ephemeral ports away from the ports tcpdump decodes by number.
      VethLab.sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=40000 40999");
      VethLab.sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=0");
      VethLab.sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=0");
    }
    VethLab.sh("ip", "-n", NS_A, "link", "add", LINK_A, "address", MAC_A, "type", "veth",
        "peer", "name", LINK_B, "address", MAC_B, "netns", NS_B);
    VethLab.sh("ip", "-n", NS_A, "addr", "add", IP_A + "/24", "dev", LINK_A);
    VethLab.sh("ip", "-n", NS_B, "addr", "add", IP_B + "/24", "dev", LINK_B);
    VethLab.sh("ip", "-n", NS_A, "addr", "add", IP6_A + "/64", "dev", LINK_A, "nodad");
    VethLab.sh("ip", "-n", NS_B, "addr", "add", IP6_B + "/64", "dev", LINK_B, "nodad");
    // A is up, B not yet: no carrier, so nothing flows before both captures listen.
    VethLab.sh("ip", "-n", NS_A, "link", "set", LINK_A, "up");
  }

  private static void makeTraffic() throws Exception {
    DatagramServers servers = inNamespace(NS_B, DatagramServers::start);
    try {
      run(NS_A, "ping", "-n", "-c", "2", "-i", "0.2", "-W", "1", IP_B);
      run(NS_A, "ping", "-n", "-c", "1", "-s", "1200", "-W", "1", IP_B);
      // Larger than the MTU: the first fragment decodes as ICMP, the later ones only name the protocol.
      run(NS_A, "ping", "-n", "-c", "1", "-s", "3200", "-W", "1", IP_B);
      run(NS_A, "ping", "-n", "-6", "-c", "2", "-i", "0.2", "-W", "1", IP6_B);
      run(NS_A, "ping", "-n", "-6", "-c", "1", "-s", "3200", "-W", "1", IP6_B);
      inNamespace(NS_A, () -> {
        udpClient(IP_B);
        tcpClient(IP_B);
        sshAndHttpClient(IP_B);
        return null;
      });
      // ECN negotiated on the IPv6 connection: SYN [SEW], SYN-ACK [S.E].
      VethLab.sh("ip", "netns", "exec", NS_A, "sysctl", "-q", "-w", "net.ipv4.tcp_ecn=1");
      inNamespace(NS_A, () -> {
        tcpClient(IP6_B);
        return null;
      });
      // Joining a group makes the kernel send IGMPv3 (and for IPv6 MLDv2) reports, as a guest's mDNS does.
      inNamespace(NS_B, () -> {
        try (java.net.MulticastSocket socket = new java.net.MulticastSocket(40353)) {
          java.net.NetworkInterface link = java.net.NetworkInterface.getByName(LINK_B);
          socket.joinGroup(new InetSocketAddress(InetAddress.getByName("224.0.0.251"), 0), link);
          socket.joinGroup(new InetSocketAddress(InetAddress.getByName("ff02::fb"), 0), link);
          // An mDNS query for the services on the link, as avahi sends it.
          socket.setNetworkInterface(link);
          byte[] query = mdnsQuery();
          socket.send(new DatagramPacket(query, query.length, InetAddress.getByName("224.0.0.251"), 5353));
          Thread.sleep(300);
          socket.leaveGroup(new InetSocketAddress(InetAddress.getByName("224.0.0.251"), 0), link);
        }
        return null;
      });
      inNamespace(NS_B, () -> {
        injectFrames();
        return null;
      });
    } finally {
      servers.close();
    }
  }

  /** A DNS-like server on 53 and an NTP-like server on 123 in namespace B; a TCP listener on 40080 (v4 and v6). */
  private static final class DatagramServers implements AutoCloseable {
    private final List<AutoCloseable> sockets = new ArrayList<>();

    static DatagramServers start() throws IOException {
      DatagramServers servers = new DatagramServers();
      DatagramSocket dns = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(IP_B), 53));
      DatagramSocket ntp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(IP_B), 123));
      ServerSocket tcp = new ServerSocket();
      tcp.bind(new InetSocketAddress(InetAddress.getByName("::"), 40080));
      ServerSocket ssh = new ServerSocket(22, 5, InetAddress.getByName(IP_B));
      ServerSocket http = new ServerSocket(80, 5, InetAddress.getByName(IP_B));
      servers.sockets.addAll(List.of(dns, ntp, tcp, ssh, http));
      daemon(() -> {
        while (true) {
          try (Socket client = ssh.accept()) {
            client.getOutputStream().write("SSH-2.0-lab_1.0\r\n".getBytes(StandardCharsets.US_ASCII));
            readLine(client.getInputStream());
          }
        }
      });
      daemon(() -> {
        while (true) {
          try (Socket client = http.accept()) {
            readLine(client.getInputStream());
            client.getOutputStream().write("HTTP/1.1 204 No Content\r\nServer: lab\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          }
        }
      });
      daemon(() -> {
        byte[] buffer = new byte[512];
        while (true) {
          DatagramPacket query = new DatagramPacket(buffer, buffer.length);
          dns.receive(query);
          byte[] answer = dnsAnswer(java.util.Arrays.copyOf(buffer, query.getLength()));
          dns.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
        }
      });
      daemon(() -> {
        byte[] buffer = new byte[512];
        while (true) {
          DatagramPacket query = new DatagramPacket(buffer, buffer.length);
          ntp.receive(query);
          byte[] answer = new byte[48];
          answer[0] = 0x24; // LI 0, version 4, mode 4 (server)
          answer[1] = 2;
          answer[2] = 6;
          answer[3] = (byte) 0xe9;
          System.arraycopy(buffer, 40, answer, 24, 8);
          ntp.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
        }
      });
      daemon(() -> {
        while (true) {
          try (Socket client = tcp.accept()) {
            InputStream in = client.getInputStream();
            byte[] request = new byte[8192];
            int total = 0;
            int read;
            while ((read = in.read(request)) > 0) {
              total += read;
              if (request[read - 1] == '\n') {
                break;
              }
            }
            OutputStream out = client.getOutputStream();
            out.write(("got " + total + " bytes\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            client.shutdownOutput();
            while (in.read(request) > 0) {
              // drain until the client closes
            }
          }
        }
      });
      return servers;
    }

    @Override
    public void close() {
      for (AutoCloseable socket : sockets) {
        try {
          socket.close();
        } catch (Exception e) {
          // closing a test server
        }
      }
    }
  }

  private interface Loop {
    void run() throws Exception;
  }

  private static void daemon(Loop loop) {
    String ns = currentNamespaceName.get();
    Thread thread = new Thread(() -> {
      try {
        NetworkNamespace.enter("/var/run/netns/" + ns);
        loop.run();
      } catch (Exception e) {
        // the socket closed: the server is done
      }
    }, "tcpdump-text-lab");
    thread.setDaemon(true);
    thread.start();
  }

  private static final ThreadLocal<String> currentNamespaceName = new ThreadLocal<>();

  /** A DNS query for "vm.example.lab" of {@code type}, with recursion desired, and EDNS0 as resolvers add it. */
  private static byte[] dnsQuery(int id, int type, boolean edns) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, (byte) (edns ? 1 : 0)});
    for (String label : "vm.example.lab".split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(new byte[] {0, 0, (byte) type, 0, 1});
    if (edns) {
      out.writeBytes(new byte[] {0, 0, 41, 4, (byte) 0xd0, 0, 0, 0, 0, 0, 0});
    }
    return out.toByteArray();
  }

  /**
   * The answer to a query: the question back, then for A one A record pointing at B (by a compression pointer),
   * for AAAA a CNAME and the AAAA it names, for anything else NXDomain.
   */
  private static byte[] dnsAnswer(byte[] query) {
    int questionEnd = 12;
    while (query[questionEnd] != 0) {
      questionEnd += query[questionEnd] + 1;
    }
    questionEnd += 5;
    int type = query[questionEnd - 3] & 0xff;
    byte[] header = java.util.Arrays.copyOf(query, questionEnd);
    header[2] = (byte) (type == 28 ? 0x85 : 0x81);
    header[3] = (byte) (type == 1 || type == 28 ? 0x80 : 0x83);
    header[7] = (byte) (type == 1 ? 1 : type == 28 ? 2 : 0);
    header[11] = 0;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    if (type == 1) {
      out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x01, 0x2c, 0, 4});
      out.writeBytes(IpLiteral.parse(IP_B, "ip"));
    } else if (type == 28) {
      out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0, 5, 0, 1, 0, 0, 0x01, 0x2c, 0, 6, 3, 'w', 'w', 'w', (byte) 0xc0, 0x0f});
      out.writeBytes(new byte[] {(byte) 0xc0, (byte) questionEnd, 0, 28, 0, 1, 0, 0, 0x01, 0x2c, 0, 16});
      out.writeBytes(IpLiteral.parse(IP6_B, "ip"));
    }
    return out.toByteArray();
  }

  /** An mDNS query for the services on the link, as avahi sends it. */
  private static byte[] mdnsQuery() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
    for (String label : "_services._dns-sd._udp.local".split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(new byte[] {0, 0, 12, 0, 1});
    return out.toByteArray();
  }

  private static void udpClient(String server) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(1000);
      InetAddress address = InetAddress.getByName(server);
      byte[] query = dnsQuery(0x1a2b, 1, false);
      socket.send(new DatagramPacket(query, query.length, address, 53));
      receive(socket);
      for (int type : new int[] {28, 12}) {
        byte[] more = dnsQuery(0x1a2c + type, type, true);
        socket.send(new DatagramPacket(more, more.length, address, 53));
        receive(socket);
      }
      byte[] ntp = new byte[48];
      ntp[0] = 0x23; // LI 0, version 4, mode 3 (client)
      ntp[40] = 0x12;
      socket.send(new DatagramPacket(ntp, ntp.length, address, 123));
      receive(socket);
      // To closed ports: B answers with ICMP port unreachable (a DNS query quoted, and plain data).
      socket.send(new DatagramPacket(query, query.length, address, 40053));
      byte[] data = "hello, nobody\n".getBytes(StandardCharsets.US_ASCII);
      socket.send(new DatagramPacket(data, data.length, address, 40999));
      socket.send(new DatagramPacket(new byte[600], 600, address, 40998));
    }
  }

  /** Reads up to a line feed (or the end). */
  private static void readLine(InputStream in) throws IOException {
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      // the line's bytes
    }
  }

  /** An SSH version exchange on 22 and an HTTP request and response on 80: tcpdump decodes both. */
  private static void sshAndHttpClient(String server) throws IOException {
    try (Socket socket = new Socket(server, 22)) {
      readLine(socket.getInputStream());
      socket.getOutputStream().write("SSH-2.0-client\r\n".getBytes(StandardCharsets.US_ASCII));
      while (socket.getInputStream().read() >= 0) {
        // until the server closes
      }
    }
    try (Socket socket = new Socket(server, 80)) {
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: vm\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      while (socket.getInputStream().read() >= 0) {
        // until the server closes
      }
    }
  }

  private static void receive(DatagramSocket socket) throws IOException {
    byte[] buffer = new byte[512];
    socket.receive(new DatagramPacket(buffer, buffer.length));
  }

  private static void tcpClient(String server) throws IOException, InterruptedException {
    InetAddress address = InetAddress.getByName(server);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, 40080), 2000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(50);
      byte[] bulk = new byte[3000];
      bulk[bulk.length - 1] = '\n';
      out.write(bulk);
      out.flush();
      InputStream in = socket.getInputStream();
      while (in.read(new byte[512]) > 0) {
        // read the reply until the server's FIN
      }
    }
    // A SYN to a closed port is answered with RST-ACK.
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, 40999), 2000);
      fail("port 40999 should be closed");
    } catch (IOException expected) {
      // connection refused
    }
    Thread.sleep(100);
  }

  /** Frames the kernel would not send here, injected on B's side so that A's capture receives them. */
  private static void injectFrames() throws Exception {
    String broadcast = Frames.BROADCAST;
    List<byte[]> frames = new ArrayList<>();
    // Gratuitous ARP request and reply (an address announcement), and an RFC 5227 probe from 0.0.0.0.
    frames.add(ethernet(broadcast, MAC_B, 0x0806, Frames.arp(1, MAC_B, IP_B, null, IP_B)));
    byte[] gratuitousReply = ethernet(broadcast, MAC_B, 0x0806, Frames.arp(2, MAC_B, IP_B, broadcast, IP_B));
    frames.add(gratuitousReply);
    frames.add(ethernet(broadcast, MAC_B, 0x0806, Frames.arp(1, MAC_B, "0.0.0.0", null, NET + "77")));
    // A unicast re-check that names the MAC it expects (Linux leaves the target MAC zero; other stacks fill it).
    frames.add(ethernet(MAC_A, MAC_B, 0x0806, Frames.arp(1, MAC_B, IP_B, MAC_A, IP_A)));
    // DHCP discover as a client sends it, with options, and DHCPv6 solicit.
    frames.add(ethernet(broadcast, MAC_B, 0x0800, ipv4("0.0.0.0", "255.255.255.255", 17, dhcpDiscover())));
    frames.add(ethernet("33:33:00:01:00:02", MAC_B, 0x86dd, ipv6(linkLocal(MAC_B), "ff02::1:2", 17, Frames.dhcp6(1))));
    // VLAN-tagged frames as a trunk carries them: an echo request, an ARP request, and QinQ.
    byte[] echo = ethernet(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 1, Frames.icmp(8, 0, 0x77, 1, 56)));
    frames.add(tagged(echo, 700));
    frames.add(tagged(ethernet(broadcast, MAC_B, 0x0806, Frames.arp(1, MAC_B, IP_B, null, NET + "1")), (5 << 13) | 42));
    frames.add(qinq(echo, 10, 700));
    // Spanning tree BPDUs, as a Linux bridge with STP on sends them: 802.1D config, topology change, RSTP.
    frames.add(bpdu(0, 0x00, 0x01));
    frames.add(bpdu(0, 0x80, 0));
    frames.add(bpdu(2, 0x02, 0x3c));
    // LLDP, as a switch or a host's lldpd sends it.
    frames.add(ethernet("01:80:c2:00:00:0e", MAC_B, 0x88cc, lldp()));
    // An unknown EtherType (tcpdump adds a hex dump) and an ARP message with an unknown opcode.
    frames.add(ethernet(MAC_A, MAC_B, 0x88b5, new byte[46]));
    frames.add(ethernet(broadcast, MAC_B, 0x0806, Frames.arp(7, MAC_B, IP_B, null, IP_A)));
    // Inverse ARP and RARP, which tcpdump names too.
    frames.add(ethernet(broadcast, MAC_B, 0x0806, Frames.arp(9, MAC_B, IP_B, null, IP_A)));
    frames.add(ethernet(broadcast, MAC_B, 0x8035, Frames.arp(3, MAC_B, "0.0.0.0", MAC_B, "0.0.0.0")));
    // Errors a router on the path would send: TTL exceeded, need to fragment, a redirect, an IPv6 port unreachable.
    byte[] quoted = ipv4(IP_A, "10.99.0.1", 17, Frames.udp(40100, 33434, 12));
    frames.add(ethernet(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 1, icmpError(11, 0, 0, quoted))));
    frames.add(ethernet(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 1, icmpError(3, 4, 1400, quoted))));
    frames.add(ethernet(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 1, icmpError(3, 13, 0, quoted))));
    byte[] redirect = icmpError(5, 1, 0, quoted);
    System.arraycopy(IpLiteral.parse(NET + "254", "ip"), 0, redirect, 4, 4);
    frames.add(ethernet(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 1, redirect)));
    byte[] quoted6 = ipv6(IP6_A, IP6_B, 17, Frames.udp(40100, 40999, 4));
    frames.add(ethernet(MAC_A, MAC_B, 0x86dd, ipv6(IP6_B, IP6_A, 58, icmpError(1, 4, 0, quoted6))));
    // IGMPv2 report and leave, an MLDv1 report, a router advertisement, a general MLDv2 query.
    frames.add(ethernet("01:00:5e:00:00:fb", MAC_B, 0x0800, ipv4(IP_B, "224.0.0.251", 2, igmp(0x16, 0, "224.0.0.251"))));
    frames.add(ethernet("01:00:5e:00:00:02", MAC_B, 0x0800, ipv4(IP_B, "224.0.0.2", 2, igmp(0x17, 0, "224.0.0.251"))));
    frames.add(ethernet("33:33:00:00:00:fb", MAC_B, 0x86dd, ipv6(linkLocal(MAC_B), "ff02::fb", 0,
        hopByHop(58, mld(131, 0, "ff02::fb")))));
    frames.add(ethernet("33:33:00:00:00:01", MAC_B, 0x86dd, ipv6(linkLocal(MAC_B), "ff02::1", 58,
        Frames.icmp(134, 0, 0x4000, 1800, 8))));
    byte[] query = java.util.Arrays.copyOf(mld(130, 1000, "::"), 28);
    query[25] = 0x7d;
    frames.add(ethernet("33:33:00:00:00:01", MAC_B, 0x86dd, ipv6(linkLocal(MAC_B), "ff02::1", 0, hopByHop(58, query))));
    // A protocol nobody decodes, and one carried over IPv6.
    frames.add(ethernet(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 253, new byte[12])));
    frames.add(ethernet(MAC_A, MAC_B, 0x86dd, ipv6(IP6_B, IP6_A, 253, new byte[12])));
    FrameSender sender = FrameSender.pcap().open(LINK_B);
    try {
      for (byte[] frame : frames) {
        sender.send(frame);
        Thread.sleep(5);
      }
    } finally {
      sender.close();
    }
  }

  private static String linkLocal(String mac) {
    byte[] m = Frames.mac(mac);
    return String.format("fe80::%x:%x:%x:%x", ((m[0] ^ 2) & 0xff) << 8 | (m[1] & 0xff), (m[2] & 0xff) << 8 | 0xff,
        0xfe00 | (m[3] & 0xff), (m[4] & 0xff) << 8 | (m[5] & 0xff));
  }

  private static byte[] dhcpDiscover() {
    ByteArrayOutputStream bootp = new ByteArrayOutputStream();
    byte[] fixed = new byte[236];
    fixed[0] = 1;
    fixed[1] = 1;
    fixed[2] = 6;
    fixed[4] = 0x3c;
    fixed[5] = 0x1d;
    fixed[6] = 0x55;
    fixed[7] = 0x02;
    System.arraycopy(Frames.mac(MAC_B), 0, fixed, 28, 6);
    bootp.writeBytes(fixed);
    bootp.writeBytes(new byte[] {99, (byte) 130, 83, 99});
    bootp.writeBytes(new byte[] {53, 1, 1}); // DHCP discover
    bootp.writeBytes(new byte[] {55, 4, 1, 3, 6, 15}); // parameter request list
    bootp.writeBytes(new byte[] {12, 5, 'v', 'm', '-', '0', '1'}); // host name
    bootp.write(0xff);
    while (bootp.size() < 300) {
      bootp.write(0);
    }
    byte[] payload = bootp.toByteArray();
    byte[] udp = Frames.udp(68, 67, payload.length);
    System.arraycopy(payload, 0, udp, 8, payload.length);
    return udp;
  }

  /** An 802.3 frame with LLC 42/42 carrying a BPDU of {@code version} and {@code type} from B's MAC. */
  private static byte[] bpdu(int version, int type, int flags) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x42, 0x42, 0x03, 0, 0, (byte) version, (byte) type});
    if (type != 0x80) {
      body.write(flags);
      body.writeBytes(new byte[] {(byte) 0x80, 0});
      body.writeBytes(Frames.mac(MAC_A));
      body.writeBytes(new byte[] {0, 0, 0, 4, (byte) 0x80, 0});
      body.writeBytes(Frames.mac(MAC_B));
      body.writeBytes(new byte[] {(byte) 0x80, 1, 0, 0, 20, 0, 2, 0, 15, 0});
      if (version == 2) {
        body.write(0);
      }
    }
    byte[] payload = body.toByteArray();
    byte[] padded = java.util.Arrays.copyOf(payload, Math.max(46, payload.length));
    return ethernet("01:80:c2:00:00:00", MAC_B, payload.length, padded);
  }

  private static byte[] lldp() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] mac = Frames.mac(MAC_B);
    out.writeBytes(new byte[] {0x02, 0x07, 0x04});
    out.writeBytes(mac);
    out.writeBytes(new byte[] {0x04, 0x07, 0x03});
    out.writeBytes(mac);
    out.writeBytes(new byte[] {0x06, 0x02, 0x00, 0x78});
    out.writeBytes(new byte[] {0x0a, 0x05, 'h', 'o', 's', 't', '1'});
    out.writeBytes(new byte[] {0x00, 0x00});
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- processes

  private static <T> T inNamespace(String ns, Callable<T> work) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        NetworkNamespace.enter("/var/run/netns/" + ns);
        currentNamespaceName.set(ns);
        result.set(work.call());
      } catch (Exception e) {
        failure.set(e);
      }
    }, "in-" + ns);
    thread.start();
    thread.join(TimeUnit.MINUTES.toMillis(1));
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  private static void run(String ns, String... command) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    argv.addAll(List.of(command));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish: " + output);
    }
    log.add(output);
  }

  private static Process tcpdumpWriting(Path file, int snapLength) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("ip", "netns", "exec", NS_A, "tcpdump", "-i", LINK_A, "-s", String.valueOf(snapLength),
        "-U", "-w", file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    // tcpdump says "listening on ..." once its handle is armed.
    StringBuilder said = new StringBuilder();
    InputStream err = process.getErrorStream();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!said.toString().contains("listening on") && System.nanoTime() < deadline) {
      int c = err.read();
      if (c < 0) {
        throw new IOException("tcpdump ended: " + said);
      }
      said.append((char) c);
    }
    assertThat(said.toString()).contains("listening on");
    return process;
  }

  private static void stop(Process tcpdump) throws InterruptedException {
    Thread.sleep(200);
    tcpdump.destroy();
    if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
      tcpdump.destroyForcibly();
    }
  }

  /** The lines of {@code TZ=UTC tcpdump -nn [-S] -r FILE}, one per packet (a continuation line joins its packet's). */
  private static List<String> tcpdumpReading(Path file, boolean absolute) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("tcpdump", "-nn"));
    if (absolute) {
      argv.add("-S");
    }
    argv.addAll(List.of("-r", file.toString()));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("TZ", "UTC");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("tcpdump -r " + file + " failed");
    }
    List<String> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (TIMESTAMP.matcher(line).find() || lines.isEmpty()) {
        lines.add(line.stripTrailing());
      } else if (!HEX_DUMP.matcher(line).find()) {
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + "\n" + line);
      }
    }
    return lines;
  }
}
