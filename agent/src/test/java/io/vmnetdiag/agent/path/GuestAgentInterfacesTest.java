package io.vmnetdiag.agent.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GuestAgentInterfacesTest {
  private static String answer(long rx, boolean up) {
    String v6 = up ? ",{\"ip-address-type\":\"ipv6\",\"ip-address\":\"fe80::5054:ff:fe12:3456%eth0\",\"prefix\":64}" : "";
    return "{\"return\":[{\"name\":\"lo\",\"hardware-address\":\"00:00:00:00:00:00\",\"ip-addresses\":"
        + "[{\"ip-address-type\":\"ipv4\",\"ip-address\":\"127.0.0.1\",\"prefix\":8}],\"statistics\":{\"rx-packets\":4,"
        + "\"tx-packets\":4}},{\"name\":\"eth0\",\"hardware-address\":\"52:54:00:12:34:56\",\"ip-addresses\":"
        + "[{\"ip-address-type\":\"ipv4\",\"ip-address\":\"10.0.0.5\",\"prefix\":24}" + v6 + "],\"statistics\":"
        + "{\"tx-packets\":7,\"tx-errs\":0,\"rx-bytes\":900,\"rx-dropped\":1,\"rx-packets\":" + rx
        + ",\"rx-errs\":0,\"tx-bytes\":500,\"tx-dropped\":0}}]}";
  }

  @Test
  void joinsTheStartAndEndSnapshotsPerMac() {
    GuestView start = GuestAgentInterfaces.parse(answer(10, true), Instant.parse("2026-01-01T00:00:00Z"));
    GuestView end = GuestAgentInterfaces.parse(answer(42, true), Instant.parse("2026-01-01T00:00:10Z"));

    GuestView view = GuestAgentInterfaces.join(start, end);

    assertThat(view.getSource()).isEqualTo(GuestView.GUEST_AGENT);
    assertThat(view.getStartedAt()).isEqualTo("2026-01-01T00:00:00Z");
    GuestInterface eth0 = view.byMac("52:54:00:12:34:56").orElseThrow();
    assertThat(eth0.getName()).isEqualTo("eth0");
    assertThat(eth0.getAddresses()).containsExactly("10.0.0.5/24", "fe80::5054:ff:fe12:3456/64");
    assertThat(eth0.getUp()).isTrue();
    assertThat(eth0.getStart().getRxPackets()).isEqualTo(10);
    assertThat(eth0.getEnd().getRxPackets()).isEqualTo(42);
    assertThat(eth0.delta().getRxPackets()).isEqualTo(32);
    assertThat(eth0.getEnd().getRxDropped()).isEqualTo(1);
  }

  @Test
  void withoutALinkLocalAddressUpStaysUnset() {
    GuestView view = GuestAgentInterfaces.parse(answer(10, false), Instant.EPOCH);
    assertThat(view.byMac("52:54:00:12:34:56").orElseThrow().getUp()).isNull();
  }

  @Test
  void anAgentThatDoesNotAnswerAtTheEndKeepsTheStartAndSaysSo() {
    GuestView start = GuestAgentInterfaces.parse(answer(10, true), Instant.EPOCH);
    GuestView view = GuestAgentInterfaces.join(start, GuestView.absent(GuestView.AGENT_NOT_ANSWERING, "timeout"));
    assertThat(view.getMessage()).contains("not at its end").contains("timeout");
    assertThat(view.byMac("52:54:00:12:34:56").orElseThrow().getStart().getRxPackets()).isEqualTo(10);
    assertThat(view.byMac("52:54:00:12:34:56").orElseThrow().delta()).isNull();
  }

  @Test
  void noAgentIsSaidNotGuessed() {
    GuestView view = GuestAgentInterfaces.join(GuestView.absent(GuestView.NO_AGENT, "not configured"),
        GuestView.absent(GuestView.NO_AGENT, "not configured"));
    assertThat(view.getAbsent()).isEqualTo(GuestView.NO_AGENT);
    assertThat(view.getInterfaces()).isEmpty();
  }
}
