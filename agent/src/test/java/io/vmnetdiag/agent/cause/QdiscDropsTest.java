package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QdiscDropsTest {
  @Test
  void qdiscsWhoseDropCountersGrewAreAddedToTheirHop() {
    AtomicInteger dumps = new AtomicInteger();
    Map<String, Integer> ifindexes = Map.of("up0", 2, "br0", 3, "tap0", 4);
    QdiscDrops drops = new QdiscDrops(new QdiscDrops.Source() {
      @Override
      public int ifindex(String device) {
        return ifindexes.getOrDefault(device, 0);
      }

      @Override
      public List<QdiscCounters.Qdisc> dump() {
        boolean after = dumps.getAndIncrement() > 0;
        return List.of(new QdiscCounters.Qdisc(2, "fq_codel", "0:", "root", 5, 0),
            new QdiscCounters.Qdisc(4, "tbf", "1:", "root", after ? 47 : 7, after ? 60 : 10),
            new QdiscCounters.Qdisc(9, "netem", "8001:", "root", after ? 100 : 0, 0));
      }
    });
    List<HopObservation> observations = List.of(new HopObservation(HopRole.Uplink, "up0"),
        new HopObservation(HopRole.Bridge, "br0"), new HopObservation(HopRole.Tap, "tap0"));

    drops.start(List.of(new Hop(HopRole.Uplink, "up0"), new Hop(HopRole.Bridge, "br0"), new Hop(HopRole.Tap, "tap0")))
        .end(observations);

    assertThat(dumps.get()).isEqualTo(2);
    assertThat(observations.get(0).getQdiscDrops()).isEmpty();
    assertThat(observations.get(1).getQdiscDrops()).isEmpty();
    assertThat(observations.get(2).getQdiscDrops()).singleElement().satisfies(qdisc -> {
      assertThat(List.of(qdisc.getKind(), qdisc.getHandle(), qdisc.getParent())).containsExactly("tbf", "1:", "root");
      assertThat(qdisc.getDrops()).isEqualTo(40);
      assertThat(qdisc.getOverlimits()).isEqualTo(50);
    });
  }
}
