package io.vmnetdiag.agent.cause;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * The bridges' forwarding databases of the calling thread's namespace (rtnetlink RTM_GETNEIGH dump of family
 * AF_BRIDGE, as {@code bridge fdb} reads them): which port each MAC was learned on.
 */
public final class BridgeFdb {
  private static final short RTM_NEWNEIGH = 28;
  private static final short RTM_GETNEIGH = 30;
  private static final byte AF_BRIDGE = 7;
  /** struct ndmsg: family, 3 pad, ifindex, state, flags, type. */
  private static final int NDMSG = 12;
  private static final int NDA_LLADDR = 2;

  /** One entry: the MAC (lower case) and the index of the port it is behind. */
  public record Entry(String mac, int port) {
  }

  private BridgeFdb() {
  }

  public static List<Entry> dump() {
    byte[] ndmsg = new byte[NDMSG];
    ndmsg[0] = AF_BRIDGE;
    return Rtnetlink.dump(RTM_GETNEIGH, ndmsg, RTM_NEWNEIGH, BridgeFdb::entry, "bridge fdb").stream()
        .filter(entry -> entry.mac() != null).toList();
  }

  static Entry entry(ByteBuffer in, int at, int messageLength) {
    int body = at + Rtnetlink.HEADER;
    int port = in.getInt(body + 4);
    String[] mac = {null};
    Rtnetlink.attributes(in, body + NDMSG, at + messageLength, (type, value, length) -> {
      if (type == NDA_LLADDR && length == 6) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 6; i++) {
          text.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%02x", in.get(value + i)));
        }
        mac[0] = text.toString();
      }
    });
    return new Entry(mac[0], port);
  }
}
