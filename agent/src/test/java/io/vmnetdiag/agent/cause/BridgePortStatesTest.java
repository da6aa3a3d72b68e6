package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.BridgePortState;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopRole;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgePortStatesTest {
  private static final Map<String, Integer> INDEXES = Map.of("br0", 3, "br1", 9);

  @Test
  void thePathsPortsOfItsBridgeGetTheirState() {
    Hop uplink = new Hop(HopRole.Uplink, "up0");
    Hop bridge = new Hop(HopRole.Bridge, "br0");
    Hop tap = new Hop(HopRole.Tap, "vnet0");

    states(new BridgeLinks.Link(2, "up0", 3, 3), new BridgeLinks.Link(4, "vnet0", 3, 0),
        new BridgeLinks.Link(5, "vnet1", 3, 4)).read(List.of(uplink, bridge, tap));

    assertThat(uplink.getPortState()).isEqualTo(BridgePortState.Forwarding);
    assertThat(tap.getPortState()).isEqualTo(BridgePortState.Disabled);
    assertThat(bridge.getPortState()).isNull();
  }

  @Test
  void aTapOnAnotherBridgeOrOnNoneOrInAStateTheKernelDoesNotDefineGetsNone() {
    Hop elsewhere = new Hop(HopRole.Tap, "vnet0");
    Hop detached = new Hop(HopRole.Tap, "vnet0");
    Hop odd = new Hop(HopRole.Uplink, "up0");

    states(new BridgeLinks.Link(4, "vnet0", 9, 0)).read(List.of(new Hop(HopRole.Bridge, "br0"), elsewhere));
    states().read(List.of(new Hop(HopRole.Bridge, "br0"), detached));
    states(new BridgeLinks.Link(2, "up0", 3, 7)).read(List.of(new Hop(HopRole.Bridge, "br0"), odd));

    assertThat(List.of(elsewhere, detached, odd)).allSatisfy(hop -> assertThat(hop.getPortState()).isNull());
  }

  @Test
  void aFailingReadLeavesTheHopsAsTheyWere() {
    Hop tap = new Hop(HopRole.Tap, "vnet0");
    new BridgePortStates(new BridgePortStates.Source() {
      @Override
      public int ifindex(String device) {
        return 3;
      }

      @Override
      public List<BridgeLinks.Link> dump() {
        throw new IllegalStateException("rtnetlink refused the bridge port dump: errno 1");
      }
    }).read(List.of(new Hop(HopRole.Bridge, "br0"), tap));

    assertThat(tap.getPortState()).isNull();
  }

  /** RTM_NEWLINK for port vnet0 (index 4) of master 3 in state blocking, laid out as the bridge driver sends it. */
  @Test
  void theBridgeDriversMessageIsParsed() {
    ByteBuffer message = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
    message.putInt(0).putShort((short) 16).putShort((short) 2).putInt(1).putInt(0); // nlmsghdr, length set below
    message.put((byte) 7).put((byte) 0).putShort((short) 1).putInt(4).putInt(0x1043).putInt(0); // ifinfomsg
    byte[] name = "vnet0\0".getBytes(StandardCharsets.US_ASCII);
    message.putShort((short) (4 + name.length)).putShort((short) 3).put(name).put(new byte[2]); // IFLA_IFNAME
    message.putShort((short) 8).putShort((short) 10).putInt(3); // IFLA_MASTER
    message.putShort((short) 12).putShort((short) (12 | 0x8000)) // IFLA_PROTINFO | NLA_F_NESTED
        .putShort((short) 5).putShort((short) 1).put((byte) 4).put(new byte[3]); // IFLA_BRPORT_STATE
    int length = message.position();
    message.putInt(0, length);

    assertThat(BridgeLinks.link(message, 0, length)).isEqualTo(new BridgeLinks.Link(4, "vnet0", 3, 4));
  }

  private static BridgePortStates states(BridgeLinks.Link... links) {
    return new BridgePortStates(new BridgePortStates.Source() {
      @Override
      public int ifindex(String device) {
        return INDEXES.getOrDefault(device, 0);
      }

      @Override
      public List<BridgeLinks.Link> dump() {
        return List.of(links);
      }
    });
  }
}
