package io.vmnetdiag.agent.cause;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The bridges and bridge ports of the calling thread's network namespace as the bridge driver reports them
 * (rtnetlink RTM_GETLINK dump of family AF_BRIDGE, as {@code bridge link} reads them): each port's master and its
 * STP state (IFLA_PROTINFO's IFLA_BRPORT_STATE). Netlink rather than sysfs, because sysfs shows the namespace it
 * was mounted in, not the one a hop lives in.
 */
public final class BridgeLinks {
  private static final short RTM_NEWLINK = 16;
  private static final short RTM_GETLINK = 18;
  private static final byte AF_BRIDGE = 7;
  /** struct ifinfomsg: family, pad, type, index, flags, change. */
  private static final int IFINFOMSG = 16;
  private static final int IFLA_IFNAME = 3;
  private static final int IFLA_MASTER = 10;
  private static final int IFLA_PROTINFO = 12;
  private static final int IFLA_BRPORT_STATE = 1;

  /** A device the bridge driver reports: its master's index (0 for none) and port state (-1 unless it is a port). */
  public record Link(int ifindex, String name, int master, int portState) {
  }

  private BridgeLinks() {
  }

  /** Every bridge and bridge port of the calling thread's namespace. */
  public static List<Link> dump() {
    byte[] ifinfomsg = new byte[IFINFOMSG];
    ifinfomsg[0] = AF_BRIDGE;
    return Rtnetlink.dump(RTM_GETLINK, ifinfomsg, RTM_NEWLINK, BridgeLinks::link, "bridge port");
  }

  static Link link(ByteBuffer in, int at, int messageLength) {
    int body = at + Rtnetlink.HEADER;
    int ifindex = in.getInt(body + 4);
    String[] name = {null};
    int[] masterAndState = {0, -1};
    int end = at + messageLength;
    Rtnetlink.attributes(in, body + IFINFOMSG, end, (type, value, length) -> {
      if (type == IFLA_IFNAME) {
        name[0] = Rtnetlink.string(in, value, length);
      } else if (type == IFLA_MASTER && length >= 4) {
        masterAndState[0] = in.getInt(value);
      } else if (type == IFLA_PROTINFO) {
        Rtnetlink.attributes(in, value, value + length, (nested, nestedValue, nestedLength) -> {
          if (nested == IFLA_BRPORT_STATE && nestedLength >= 1) {
            masterAndState[1] = Byte.toUnsignedInt(in.get(nestedValue));
          }
        });
      }
    });
    return new Link(ifindex, name[0], masterAndState[0], masterAndState[1]);
  }
}
