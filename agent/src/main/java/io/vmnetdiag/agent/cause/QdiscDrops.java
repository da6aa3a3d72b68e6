package io.vmnetdiag.agent.cause;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.QdiscDrop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The qdisc drop counters of the path's devices (uplink, bridge, tap), read through rtnetlink before and after the
 * window in each hop's namespace; a qdisc whose drop counter grew is added to its hop's observation. A qdisc's
 * counter counts every packet through the device, not only the VM's: on the tap nearly all are the VM's, on the
 * uplink and the bridge they need not be.
 */
public final class QdiscDrops {

  /** Reads the qdiscs of the calling thread's namespace. */
  public interface Source {
    int ifindex(String device);

    List<QdiscCounters.Qdisc> dump();
  }

  private final Source source;

  public QdiscDrops(Source source) {
    this.source = source;
  }

  public static QdiscDrops rtnetlink() {
    return new QdiscDrops(new Source() {
      @Override
      public int ifindex(String device) {
        return QdiscCounters.ifindex(device);
      }

      @Override
      public List<QdiscCounters.Qdisc> dump() {
        return QdiscCounters.dump();
      }
    });
  }

  private record Snapshot(Map<String, Integer> ifindexes, List<QdiscCounters.Qdisc> qdiscs) {
  }

  /** Reads the counters now: the window's start. Never throws. */
  public Window start(List<Hop> hops) {
    Map<String, List<Hop>> byNamespace = new LinkedHashMap<>();
    for (Hop hop : hops) {
      if (hop != null && hop.getRole() != HopRole.Guest && hop.getInterfaceName() != null) {
        byNamespace.computeIfAbsent(hop.getNetworkNamespace() == null ? "" : hop.getNetworkNamespace(),
            key -> new ArrayList<>()).add(hop);
      }
    }
    Map<String, Optional<Snapshot>> before = new LinkedHashMap<>();
    byNamespace.forEach((namespace, here) -> before.put(namespace, read(namespace, here)));
    return new Window(byNamespace, before);
  }

  public final class Window {
    private final Map<String, List<Hop>> hops;
    private final Map<String, Optional<Snapshot>> before;

    Window(Map<String, List<Hop>> hops, Map<String, Optional<Snapshot>> before) {
      this.hops = hops;
      this.before = before;
    }

    /** Adds to each hop observation the qdiscs of its device whose drop counters grew. Never throws. */
    public void end(List<HopObservation> observations) {
      before.forEach((namespace, then) -> {
        if (then.isEmpty()) {
          return;
        }
        Optional<Snapshot> now = read(namespace, hops.get(namespace));
        if (now.isEmpty()) {
          return;
        }
        for (Hop hop : hops.get(namespace)) {
          Integer ifindex = now.get().ifindexes().get(hop.getInterfaceName());
          if (ifindex == null || ifindex == 0
              || !ifindex.equals(then.get().ifindexes().get(hop.getInterfaceName()))) {
            continue;
          }
          for (QdiscCounters.Qdisc qdisc : now.get().qdiscs()) {
            if (qdisc.ifindex() != ifindex) {
              continue;
            }
            QdiscCounters.Qdisc was = then.get().qdiscs().stream().filter(q -> q.ifindex() == ifindex
                    && q.handle().equals(qdisc.handle()) && q.parent().equals(qdisc.parent()) && q.kind().equals(qdisc.kind()))
                .findFirst().orElse(null);
            long drops = qdisc.drops() - (was == null ? 0 : was.drops());
            if (drops <= 0) {
              continue;
            }
            long overlimits = Math.max(0, qdisc.overlimits() - (was == null ? 0 : was.overlimits()));
            observations.stream().filter(o -> o.getRole() == hop.getRole()
                    && Objects.equals(o.getInterfaceName(), hop.getInterfaceName())).findFirst()
                .ifPresent(o -> o.getQdiscDrops().add(
                    new QdiscDrop(qdisc.kind(), qdisc.handle(), qdisc.parent(), drops, overlimits)));
          }
        }
      });
    }
  }

  private Optional<Snapshot> read(String namespace, List<Hop> here) {
    return InNamespace.read(namespace, "qdisc counters", () -> {
      Map<String, Integer> ifindexes = new LinkedHashMap<>();
      for (Hop hop : here) {
        ifindexes.put(hop.getInterfaceName(), source.ifindex(hop.getInterfaceName()));
      }
      return new Snapshot(ifindexes, source.dump());
    });
  }
}
