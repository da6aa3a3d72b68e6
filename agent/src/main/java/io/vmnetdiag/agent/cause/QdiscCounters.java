package io.vmnetdiag.agent.cause;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The qdiscs of one device and their drop counters, read through rtnetlink (RTM_GETQDISC dump, struct tc_stats of
 * TCA_STATS) in the calling thread's network namespace: no tc process.
 */
public final class QdiscCounters {
  private static final short RTM_NEWQDISC = 36;
  private static final short RTM_GETQDISC = 38;
  /** struct tcmsg: family, two pads, ifindex, handle, parent, info. */
  private static final int TCMSG = 20;
  private static final int TCA_KIND = 1;
  private static final int TCA_STATS = 3;

  /** One qdisc: its kind, handle and parent as tc prints them ("1:", "root", "ffff:fff1"), its counters. */
  public record Qdisc(int ifindex, String kind, String handle, String parent, long drops, long overlimits) {
  }

  private QdiscCounters() {
  }

  /** The interface's index in the calling thread's namespace; 0 if there is no such interface. */
  public static int ifindex(String device) {
    return Rtnetlink.lib().if_nametoindex(device);
  }

  /** Every qdisc of the calling thread's namespace. */
  public static List<Qdisc> dump() {
    return Rtnetlink.dump(RTM_GETQDISC, new byte[TCMSG], RTM_NEWQDISC, QdiscCounters::qdisc, "qdisc");
  }

  private static Qdisc qdisc(ByteBuffer in, int at, int messageLength) {
    int body = at + Rtnetlink.HEADER;
    int ifindex = in.getInt(body + 4);
    int handle = in.getInt(body + 8);
    int parent = in.getInt(body + 12);
    String[] kind = {""};
    long[] counters = new long[2];
    Rtnetlink.attributes(in, body + TCMSG, at + messageLength, (type, value, length) -> {
      if (type == TCA_KIND) {
        kind[0] = Rtnetlink.string(in, value, length);
      } else if (type == TCA_STATS && length >= 20) {
        // struct tc_stats { __u64 bytes; __u32 packets; __u32 drops; __u32 overlimits; ... }
        counters[0] = Integer.toUnsignedLong(in.getInt(value + 12));
        counters[1] = Integer.toUnsignedLong(in.getInt(value + 16));
      }
    });
    return new Qdisc(ifindex, kind[0], handle(handle), parent == 0xFFFFFFFF ? "root" : handle(parent), counters[0],
        counters[1]);
  }

  private static String handle(int handle) {
    return Integer.toHexString(handle >>> 16) + ":" + ((handle & 0xFFFF) == 0 ? "" : Integer.toHexString(handle & 0xFFFF));
  }
}
