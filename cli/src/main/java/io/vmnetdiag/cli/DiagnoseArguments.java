package io.vmnetdiag.cli;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.CaptureStop;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@code vmnetdiag diagnose}, read into the same spec types a NetworkDiagnosis holds, so the
 * request the agent gets is built by {@link CaptureRequest#forLibvirt} from the spec's own defaults and limits,
 * as the operator builds it.
 */
public final class DiagnoseArguments {
  /** How the result is printed on stdout. */
  public enum Output { Picture, Json, Yaml }

  public static final String USAGE = String.join("\n",
      "usage: vmnetdiag diagnose DOMAIN [options]",
      "  Captures every hop of a libvirt domain's path on this host at once and says where its packets are lost.",
      "  --connect URI        local libvirt URI (default " + LibvirtTarget.DEFAULT_URI + ")",
      "  --address IP         the VM's IP address (default: guest agent, neighbour table, or what the VM sends)",
      "  --interface MAC|DEV  the VM's NIC to trace, by MAC or backend device (needed when it has several)",
      "  --duration 10s       capture window, " + CaptureSpec.MIN_DURATION_SECONDS + "s to "
          + CaptureSpec.MAX_DURATION_SECONDS + "s (default " + CaptureSpec.DEFAULT_DURATION + ")",
      "  --probes MODE        Auto, Always or Never: probes towards the VM (default Auto)",
      "  --ports 22,80        only count TCP/UDP traffic on these VM ports (at most " + CaptureSpec.MAX_FOCUS + ")",
      "  --pcap DIR           keep pcap files of every hop in DIR",
      "  --stop WHEN          WhenConclusive (default) or AtWindowEnd",
      "  --json | --yaml      print the whole result (path, hops, probes, window, verdict) instead of the picture",
      "exit codes: 0 healthy, 1 fault located, 2 inconclusive, 3 error");

  private final LibvirtTarget target;
  private final CaptureSpec capture;
  private final String pcapDirectory;
  private final Output output;
  private final boolean help;
  /** --connect: the CLI runs as the host's administrator, so it picks the URI (NetworkDiagnosis tenants cannot). */
  private final String uri;

  private DiagnoseArguments(LibvirtTarget target, String uri, CaptureSpec capture, String pcapDirectory,
      Output output, boolean help) {
    this.target = target;
    this.uri = uri == null ? LibvirtTarget.DEFAULT_URI : uri;
    this.capture = capture;
    this.pcapDirectory = pcapDirectory;
    this.output = output;
    this.help = help;
  }

  /** Reads {@code args} (what follows {@code vmnetdiag diagnose}); the exception's message names the bad input. */
  public static DiagnoseArguments parse(List<String> args) throws UsageException {
    LibvirtTarget target = new LibvirtTarget();
    CaptureSpec capture = new CaptureSpec();
    String pcap = null;
    String uri = null;
    Output output = Output.Picture;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-h") || arg.equals("--help")) {
        return new DiagnoseArguments(target, uri, capture, null, output, true);
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        positional.add(arg);
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--json", "--yaml" -> {
          if (value != null) {
            throw new UsageException(name + " takes no value");
          }
          Output wanted = name.equals("--json") ? Output.Json : Output.Yaml;
          if (output != Output.Picture && output != wanted) {
            throw new UsageException("--json and --yaml exclude each other");
          }
          output = wanted;
        }
        case "--connect", "--address", "--interface", "--duration", "--probes", "--ports", "--pcap", "--stop" -> {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new UsageException(name + " needs a value");
            }
            value = args.get(++i);
          }
          switch (name) {
            case "--connect" -> uri = uri(value);
            case "--address" -> target.setAddress(address(value));
            case "--interface" -> target.setInterfaceName(nic(value));
            case "--duration" -> capture.setDuration(duration(value));
            case "--probes" -> capture.getProbes().setMode(oneOf("--probes", ProbeMode.values(), value));
            case "--ports" -> capture.setPorts(ports(value));
            case "--pcap" -> pcap = pcapDirectory(value);
            case "--stop" -> capture.setStop(oneOf("--stop", CaptureStop.values(), value));
            default -> throw new IllegalStateException(name);
          }
        }
        default -> throw new UsageException("unknown option " + name + " (vmnetdiag diagnose --help lists them)");
      }
    }
    if (positional.isEmpty()) {
      throw new UsageException("name the libvirt domain to diagnose: vmnetdiag diagnose DOMAIN");
    }
    if (positional.size() > 1) {
      throw new UsageException("one domain at a time, got " + String.join(" ", positional));
    }
    String domain = positional.get(0);
    if (domain.isBlank() || domain.length() > 255 || domain.chars().anyMatch(Character::isISOControl)) {
      throw new UsageException("\"" + domain + "\" is not a libvirt domain name");
    }
    target.setDomain(domain);
    if (pcap != null) {
      capture.getPcap().setEnabled(true);
    }
    return new DiagnoseArguments(target, uri, capture, pcap, output, false);
  }

  /** The agent's request, for this host ({@code node} names it in the report). */
  public CaptureRequest request(String node) {
    target.setNode(node);
    CaptureRequest request = CaptureRequest.forLibvirt(target, capture, pcapDirectory);
    request.setUri(uri);
    request.setListKnownDomains(true); // the host's administrator may see every domain of the host
    request.setDiagnosis("cli/" + target.getDomain());
    return request;
  }

  public boolean help() { return help; }
  public Output output() { return output; }
  public String domain() { return target.getDomain(); }
  public String uri() { return uri; }
  public int durationSeconds() { return CaptureSpec.seconds(capture.getDuration()); }

  private static String uri(String value) throws UsageException {
    if (!value.matches(LibvirtTarget.LOCAL_URI_PATTERN)) {
      throw new UsageException("--connect must be a local libvirt URI such as qemu:///system or test:///path, got \""
          + value + "\" (the capture runs on this host)");
    }
    return value;
  }

  private static String nic(String value) throws UsageException {
    if (!value.matches(LibvirtTarget.INTERFACE_PATTERN)) {
      throw new UsageException("--interface must be a MAC address or a device name, got \"" + value + "\"");
    }
    return value;
  }

  private static String address(String value) throws UsageException {
    if (!IpLiteral.isLiteral(value)) {
      throw new UsageException("--address must be an IP address, got \"" + value + "\"");
    }
    return value;
  }

  private static String duration(String value) throws UsageException {
    int seconds = CaptureSpec.seconds(value);
    if (seconds < CaptureSpec.MIN_DURATION_SECONDS || seconds > CaptureSpec.MAX_DURATION_SECONDS) {
      throw new UsageException("--duration must be whole seconds between " + CaptureSpec.MIN_DURATION_SECONDS
          + "s and " + CaptureSpec.MAX_DURATION_SECONDS + "s, such as " + CaptureSpec.DEFAULT_DURATION
          + "; got \"" + value + "\"");
    }
    return value;
  }

  private static List<Integer> ports(String value) throws UsageException {
    List<Integer> ports = new ArrayList<>();
    for (String word : value.split(",", -1)) {
      int port;
      try {
        port = Integer.parseInt(word.strip());
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new UsageException("--ports takes ports between 1 and 65535 separated by commas, such as 22,80; got \""
            + value + "\"");
      }
      ports.add(port);
    }
    if (ports.size() > CaptureSpec.MAX_FOCUS) {
      throw new UsageException("--ports takes at most " + CaptureSpec.MAX_FOCUS + " ports, got " + ports.size());
    }
    return ports;
  }

  private static String pcapDirectory(String value) throws UsageException {
    if (value.isBlank()) {
      throw new UsageException("--pcap needs a directory");
    }
    return Path.of(value).toAbsolutePath().normalize().toString();
  }

  private static <E extends Enum<E>> E oneOf(String flag, E[] values, String value) throws UsageException {
    for (E e : values) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new UsageException(flag + " is one of " + String.join(", ", Arrays.stream(values).map(Enum::name).toList())
        + ", got \"" + value + "\"");
  }
}
