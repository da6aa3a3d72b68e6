package io.vmnetdiag.agent.cause;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The network devices of the calling thread's namespace as rtnetlink lists them ({@code ip link}): each one's index,
 * name, MAC, master, kind and, for a veth, its peer's index (IFLA_LINK, an index in the peer's own namespace).
 * Netlink rather than sysfs, because sysfs shows the namespace it was mounted in, not the thread's.
 */
public final class NetLinks {
  private static final short RTM_NEWLINK = 16;
  private static final short RTM_GETLINK = 18;
  private static final short RTM_NEWROUTE = 24;
  private static final short RTM_GETROUTE = 26;
  private static final byte AF_INET = 2;
  private static final int IFINFOMSG = 16;
  private static final int RTMSG = 12;
  private static final int IFLA_ADDRESS = 1;
  private static final int IFLA_IFNAME = 3;
  private static final int IFLA_LINK = 5;
  private static final int IFLA_MASTER = 10;
  private static final int IFLA_LINKINFO = 18;
  private static final int IFLA_INFO_KIND = 1;
  private static final int RTA_OIF = 4;
  private static final int RTA_TABLE = 15;
  private static final int RT_TABLE_MAIN = 254;

  /** One device: {@code master} 0 for none, {@code peer} the veth peer's index (0 when none), kind e.g. "veth". */
  public record Link(int ifindex, String name, String mac, int master, int peer, String kind) {
    public boolean isBridge() {
      return "bridge".equals(kind);
    }
  }

  private NetLinks() {
  }

  /** Every device of the calling thread's namespace. */
  public static List<Link> dump() {
    return Rtnetlink.dump(RTM_GETLINK, new byte[IFINFOMSG], RTM_NEWLINK, NetLinks::link, "link");
  }

  /** The device of the calling thread's namespace's IPv4 default route in the main table, if it has one. */
  public static Optional<Integer> defaultRouteDevice() {
    byte[] rtmsg = new byte[RTMSG];
    rtmsg[0] = AF_INET;
    return Rtnetlink.dump(RTM_GETROUTE, rtmsg, RTM_NEWROUTE, NetLinks::defaultRouteOif, "route").stream()
        .filter(oif -> oif > 0).findFirst();
  }

  static int defaultRouteOif(ByteBuffer in, int at, int messageLength) {
    int body = at + Rtnetlink.HEADER;
    int dstLength = Byte.toUnsignedInt(in.get(body + 1));
    int[] tableAndOif = {Byte.toUnsignedInt(in.get(body + 4)), 0};
    Rtnetlink.attributes(in, body + RTMSG, at + messageLength, (type, value, length) -> {
      if (type == RTA_TABLE && length >= 4) {
        tableAndOif[0] = in.getInt(value);
      } else if (type == RTA_OIF && length >= 4) {
        tableAndOif[1] = in.getInt(value);
      }
    });
    return dstLength == 0 && tableAndOif[0] == RT_TABLE_MAIN ? tableAndOif[1] : 0;
  }

  static Link link(ByteBuffer in, int at, int messageLength) {
    int body = at + Rtnetlink.HEADER;
    int ifindex = in.getInt(body + 4);
    String[] nameMacKind = {null, null, null};
    int[] masterAndPeer = {0, 0};
    Rtnetlink.attributes(in, body + IFINFOMSG, at + messageLength, (type, value, length) -> {
      switch (type) {
        case IFLA_IFNAME -> nameMacKind[0] = Rtnetlink.string(in, value, length);
        case IFLA_ADDRESS -> nameMacKind[1] = length == 6 ? mac(in, value) : null;
        case IFLA_MASTER -> masterAndPeer[0] = length >= 4 ? in.getInt(value) : 0;
        case IFLA_LINK -> masterAndPeer[1] = length >= 4 ? in.getInt(value) : 0;
        case IFLA_LINKINFO -> Rtnetlink.attributes(in, value, value + length, (nested, nestedValue, nestedLength) -> {
          if (nested == IFLA_INFO_KIND) {
            nameMacKind[2] = Rtnetlink.string(in, nestedValue, nestedLength);
          }
        });
        default -> {
        }
      }
    });
    // IFLA_LINK names the device itself for devices that have no lower one
    int peer = masterAndPeer[1] == ifindex ? 0 : masterAndPeer[1];
    return new Link(ifindex, nameMacKind[0], nameMacKind[1], masterAndPeer[0], peer, nameMacKind[2]);
  }

  private static String mac(ByteBuffer in, int at) {
    StringBuilder mac = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      mac.append(i == 0 ? "" : ":").append(String.format("%02x", in.get(at + i)));
    }
    return mac.toString();
  }
}
