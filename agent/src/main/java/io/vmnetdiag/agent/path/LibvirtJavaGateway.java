package io.vmnetdiag.agent.path;

import com.sun.jna.Pointer;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.v1alpha1.GuestView;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.DomainInterface.InterfaceAddress;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LibvirtGateway} over libvirt-java: short-lived connections, read-only unless the guest agent is asked. */
public final class LibvirtJavaGateway implements LibvirtGateway {
  private static final Logger LOG = LoggerFactory.getLogger(LibvirtJavaGateway.class);
  /** How many known domain names a DomainNotFound message lists. */
  static final int LISTED_NAMES = 10;

  /**
   * libvirt prints every error to stderr ("libvirt: ... error : ...") besides returning it; we report
   * errors through exceptions, so the print is noise in the pod log. Held in a field: JNA must not lose it.
   */
  private static final Libvirt.VirErrorCallback SILENT = new Libvirt.VirErrorCallback() {
    @Override
    public void errorCallback(Pointer userData, virError error) {
    }
  };
  private static volatile boolean silenced;

  @Override
  public DomainFacts inspect(String uri, String domainName, boolean askGuestAgent) throws PathResolutionException {
    Connect connect = open(uri, true);
    String xml;
    String state;
    Set<String> vmDevices;
    Map<String, DomainFacts.LibvirtNetwork> networks;
    try {
      Domain domain = lookup(connect, uri, domainName);
      try {
        xml = domain.getXMLDesc(0);
        state = state(domain);
      } finally {
        free(domain);
      }
      vmDevices = runningDomainDevices(connect);
      networks = networks(connect, DomainInterfaces.parse(xml));
    } catch (LibvirtException e) {
      throw unavailable(uri, "reading domain '" + domainName + "'", e);
    } finally {
      close(connect);
    }
    // A stopped or paused guest runs no agent; asking would only wait for its timeout.
    boolean running = DomainFacts.RUNNING.equals(state) || "blocked".equals(state);
    Map<String, List<String>> guestAddresses = askGuestAgent && running ? guestAddressesOf(uri, domainName) : Map.of();
    return new DomainFacts(xml, state, vmDevices, guestAddresses, networks);
  }

  /** The domain's state in virsh's words. */
  private static String state(Domain domain) throws LibvirtException {
    DomainInfo info;
    try {
      info = domain.getInfo();
    } catch (RuntimeException e) {
      // libvirt-java 0.5.3 knows no state after CRASHED: PMSUSPENDED (7) fails its enum lookup.
      return "pmsuspended";
    }
    if (info.state == null) {
      return "no state";
    }
    return switch (info.state) {
      case VIR_DOMAIN_RUNNING -> DomainFacts.RUNNING;
      case VIR_DOMAIN_BLOCKED -> "blocked";
      case VIR_DOMAIN_PAUSED -> "paused";
      case VIR_DOMAIN_SHUTDOWN -> "shutting down";
      case VIR_DOMAIN_SHUTOFF -> "shut off";
      case VIR_DOMAIN_CRASHED -> "crashed";
      default -> "no state";
    };
  }

  /**
   * The libvirt networks the domain's type-network NICs name, followed to their bridges. A network libvirt
   * does not know is left out (the resolver says so); other errors are libvirt's.
   */
  private static Map<String, DomainFacts.LibvirtNetwork> networks(Connect connect, DomainInterfaces interfaces)
      throws LibvirtException {
    Map<String, DomainFacts.LibvirtNetwork> networks = new HashMap<>();
    for (DomainInterface nic : interfaces.all()) {
      String name = nic.sourceNetwork();
      if (!"network".equals(nic.type()) || name == null || networks.containsKey(name)) {
        continue;
      }
      Network network;
      try {
        network = connect.networkLookupByName(name);
      } catch (LibvirtException e) {
        if (e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_NETWORK) {
          continue;
        }
        throw e;
      }
      try {
        networks.put(name, LibvirtNetworks.parse(name, network.getXMLDesc(0)));
      } finally {
        try {
          network.free();
        } catch (LibvirtException e) {
          LOG.debug("freeing a network handle failed", e);
        }
      }
    }
    return networks;
  }

  @Override
  public Map<String, List<String>> guestAddresses(String uri, String domainName) {
    return guestAddressesOf(uri, domainName);
  }

  private static Connect open(String uri, boolean readOnly) throws PathResolutionException {
    try {
      silenceStderrErrors();
      return new Connect(uri, readOnly);
    } catch (LibvirtException e) {
      throw unavailable(uri, "connecting", e);
    } catch (LinkageError e) {
      // libvirt-java binds libvirt.so.0 through JNA on first use; a missing library shows up here.
      throw new PathResolutionException(AgentFailure.LIBVIRT_UNAVAILABLE,
          "cannot load the libvirt client library (libvirt.so.0) through JNA: " + e, e);
    }
  }

  private static synchronized void silenceStderrErrors() throws LibvirtException {
    if (!silenced) {
      Connect.setErrorCallback(SILENT); // process-wide; errors still reach us as LibvirtException
      silenced = true;
    }
  }

  private static Domain lookup(Connect connect, String uri, String domainName)
      throws PathResolutionException, LibvirtException {
    try {
      return connect.domainLookupByName(domainName);
    } catch (LibvirtException e) {
      if (e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
        throw new PathResolutionException(AgentFailure.DOMAIN_NOT_FOUND,
            "libvirt at " + uri + " has no domain named '" + domainName + "'; known domains: "
                + listed(knownNames(connect)));
      }
      throw e;
    }
  }

  /** Running and defined domain names, sorted; best effort, since this only decorates an error message. */
  private static Set<String> knownNames(Connect connect) {
    Set<String> names = new TreeSet<>();
    try {
      for (int id : connect.listDomains()) {
        Domain domain = connect.domainLookupByID(id);
        names.add(domain.getName());
        free(domain);
      }
      names.addAll(List.of(connect.listDefinedDomains()));
    } catch (LibvirtException e) {
      LOG.debug("could not list the domains for an error message", e);
    }
    return names;
  }

  static String listed(Set<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    List<String> all = new ArrayList<>(names);
    String shown = String.join(", ", all.subList(0, Math.min(LISTED_NAMES, all.size())));
    return all.size() > LISTED_NAMES ? shown + " and " + (all.size() - LISTED_NAMES) + " more" : shown;
  }

  /** The target devs of every running domain: these bridge ports are VM devices, never the uplink. */
  private static Set<String> runningDomainDevices(Connect connect) throws LibvirtException {
    Set<String> devices = new LinkedHashSet<>();
    for (int id : connect.listDomains()) {
      Domain domain;
      try {
        domain = connect.domainLookupByID(id);
      } catch (LibvirtException e) {
        continue; // it stopped between the listing and the lookup
      }
      try {
        devices.addAll(DomainInterfaces.parse(domain.getXMLDesc(0)).targetDevs());
      } catch (LibvirtException e) {
        LOG.debug("skipping domain id {} while collecting VM devices: {}", id, e.getMessage());
      } finally {
        free(domain);
      }
    }
    return devices;
  }

  /**
   * The guest agent's view of the guest's NICs. libvirt refuses guest-agent queries on read-only
   * connections, so this opens its own read-write one. Any failure (no agent, domain stopped) is
   * not fatal: the caller falls back to the neighbour table.
   */
  private static Map<String, List<String>> guestAddressesOf(String uri, String domainName) {
    Map<String, List<String>> byMac = new HashMap<>();
    Connect connect;
    try {
      connect = open(uri, false);
    } catch (PathResolutionException e) {
      LOG.info("guest agent not asked for '{}': {}", domainName, e.getMessage());
      return byMac;
    }
    try {
      Domain domain = connect.domainLookupByName(domainName);
      try {
        for (org.libvirt.DomainInterface nic : domain.interfaceAddresses(
            Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0)) {
          if (nic.hwAddr == null || nic.addrs == null) {
            continue;
          }
          List<String> addresses = byMac.computeIfAbsent(nic.hwAddr.toLowerCase(Locale.ROOT), mac -> new ArrayList<>());
          for (InterfaceAddress address : nic.addrs) {
            if (address != null && address.address != null) {
              addresses.add(hostAddress(address.address));
            }
          }
        }
      } finally {
        free(domain);
      }
    } catch (LibvirtException e) {
      LOG.info("guest agent of '{}' gave no addresses: {}", domainName, e.getMessage());
    } finally {
      close(connect);
    }
    return byMac;
  }

  /** Seconds libvirt waits for the guest agent's answer; a wedged guest must not hold the window up. */
  private static final int AGENT_TIMEOUT_SECONDS = 3;

  @Override
  public GuestView guestInterfaces(String uri, String domainName) {
    Connect connect;
    try {
      connect = open(uri, false); // libvirt refuses guest-agent calls on a read-only connection
    } catch (PathResolutionException e) {
      return GuestView.absent(GuestView.AGENT_NOT_ANSWERING, "libvirt's read-write socket: " + e.getMessage());
    }
    try {
      Domain domain = connect.domainLookupByName(domainName);
      try {
        String answer = domain.qemuAgentCommand(GuestAgentInterfaces.COMMAND, AGENT_TIMEOUT_SECONDS, 0);
        return GuestAgentInterfaces.parse(answer, java.time.Instant.now());
      } finally {
        free(domain);
      }
    } catch (LibvirtException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      String lower = message.toLowerCase(Locale.ROOT);
      boolean noAgent = lower.contains("not configured") || lower.contains("not connected")
          || lower.contains("no agent") || lower.contains("not running");
      return GuestView.absent(noAgent ? GuestView.NO_AGENT : GuestView.AGENT_NOT_ANSWERING, message);
    } catch (RuntimeException e) {
      return GuestView.absent(GuestView.AGENT_NOT_ANSWERING, String.valueOf(e));
    } finally {
      close(connect);
    }
  }

  private static String hostAddress(InetAddress address) {
    String text = address.getHostAddress();
    int zone = text.indexOf('%'); // link-local IPv6 carries a zone; an IP literal for filters has none
    return zone < 0 ? text : text.substring(0, zone);
  }

  private static PathResolutionException unavailable(String uri, String doing, LibvirtException e) {
    return new PathResolutionException(AgentFailure.LIBVIRT_UNAVAILABLE,
        "libvirt at " + uri + " failed while " + doing + ": " + e.getMessage(), e);
  }

  private static void free(Domain domain) {
    try {
      domain.free();
    } catch (LibvirtException e) {
      LOG.debug("freeing a domain handle failed", e);
    }
  }

  private static void close(Connect connect) {
    try {
      connect.close();
    } catch (LibvirtException e) {
      LOG.debug("closing the libvirt connection failed", e);
    }
  }
}
