package io.vmnetdiag.agent.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vmnetdiag.api.v1alpha1.GuestCounters;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads qemu-ga's answer to {@code guest-network-get-interfaces} and joins the snapshots taken at the start and the
 * end of the window into one {@link GuestView}. Pure: the gateway asks, this reads.
 */
public final class GuestAgentInterfaces {
  /** What the gateway sends to the guest agent. */
  public static final String COMMAND = "{\"execute\":\"guest-network-get-interfaces\"}";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GuestAgentInterfaces() {
  }

  /** One snapshot: each interface with its counters in {@code end}; absent when the answer is not readable. */
  public static GuestView parse(String answer, Instant at) {
    JsonNode root;
    try {
      root = MAPPER.readTree(answer);
    } catch (Exception e) {
      return GuestView.absent(GuestView.AGENT_NOT_ANSWERING, "unreadable answer from the guest agent: " + e.getMessage());
    }
    JsonNode list = root == null ? null : root.path("return");
    if (list == null || !list.isArray()) {
      return GuestView.absent(GuestView.AGENT_NOT_ANSWERING, "the guest agent's answer has no interface list: "
          + abbreviate(answer));
    }
    GuestView view = new GuestView();
    view.setSource(GuestView.GUEST_AGENT);
    view.setEndedAt(at.toString());
    for (JsonNode nic : list) {
      String mac = nic.path("hardware-address").asText(null);
      GuestInterface read = new GuestInterface(nic.path("name").asText(null),
          mac == null ? null : mac.toLowerCase(Locale.ROOT));
      boolean linkLocal = false;
      for (JsonNode address : nic.path("ip-addresses")) {
        String ip = address.path("ip-address").asText(null);
        if (ip == null) {
          continue;
        }
        int zone = ip.indexOf('%');
        ip = zone < 0 ? ip : ip.substring(0, zone);
        linkLocal |= ip.toLowerCase(Locale.ROOT).startsWith("fe80:");
        read.getAddresses().add(address.has("prefix") ? ip + "/" + address.path("prefix").asInt() : ip);
      }
      // qemu-ga reports no link flag. The kernel keeps an IPv6 link-local address only on an interface that is
      // up, so one is proof of up; its absence proves nothing (IPv6 may be off), and up stays unset.
      if (linkLocal) {
        read.setUp(true);
      }
      JsonNode stats = nic.path("statistics");
      if (stats.isObject()) {
        read.setEnd(new GuestCounters(stats.path("rx-packets").asLong(), stats.path("rx-bytes").asLong(),
            stats.path("rx-errs").asLong(), stats.path("rx-dropped").asLong(), stats.path("tx-packets").asLong(),
            stats.path("tx-bytes").asLong(), stats.path("tx-errs").asLong(), stats.path("tx-dropped").asLong()));
      }
      view.getInterfaces().add(read);
    }
    return view;
  }

  /**
   * The window's view: the end snapshot's interfaces with the start snapshot's counters as {@code start}. When
   * either snapshot is absent, the other stands alone and {@code message} says which is missing.
   */
  public static GuestView join(GuestView start, GuestView end) {
    if (end.getSource() == null && start.getSource() == null) {
      return end;
    }
    if (end.getSource() == null) {
      GuestView onlyStart = moveToStart(start);
      onlyStart.setMessage("the guest agent answered at the start of the window but not at its end: "
          + end.getMessage());
      return onlyStart;
    }
    GuestView joined = new GuestView();
    joined.setSource(GuestView.GUEST_AGENT);
    joined.setEndedAt(end.getEndedAt());
    if (start.getSource() == null) {
      joined.setMessage("the guest agent did not answer at the start of the window: " + start.getMessage());
    } else {
      joined.setStartedAt(start.getEndedAt());
    }
    for (GuestInterface nic : end.getInterfaces()) {
      Optional<GuestInterface> before = start.getSource() == null ? Optional.empty()
          : start.getInterfaces().stream().filter(other -> same(other, nic)).findFirst();
      before.ifPresent(other -> nic.setStart(other.getEnd()));
      joined.getInterfaces().add(nic);
    }
    return joined;
  }

  private static GuestView moveToStart(GuestView start) {
    GuestView view = new GuestView();
    view.setSource(GuestView.GUEST_AGENT);
    view.setStartedAt(start.getEndedAt());
    List<GuestInterface> moved = new ArrayList<>();
    for (GuestInterface nic : start.getInterfaces()) {
      nic.setStart(nic.getEnd());
      nic.setEnd(null);
      moved.add(nic);
    }
    view.setInterfaces(moved);
    return view;
  }

  private static boolean same(GuestInterface a, GuestInterface b) {
    return a.getMac() != null && !a.getMac().isEmpty() ? a.getMac().equals(b.getMac())
        : a.getName() != null && a.getName().equals(b.getName());
  }

  private static String abbreviate(String text) {
    return text == null ? "nothing" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
