package io.vmnetdiag.agent.cause;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The qdiscs of one device and their drop counters, read through rtnetlink (RTM_GETQDISC dump, struct tc_stats of
 * TCA_STATS) in the calling thread's network namespace: no tc process.
 */
public final class QdiscCounters {
  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_ROUTE = 0;
  private static final short RTM_NEWQDISC = 36;
  private static final short RTM_GETQDISC = 38;
  private static final short NLMSG_ERROR = 2;
  private static final short NLMSG_DONE = 3;
  private static final short NLM_F_REQUEST = 1;
  private static final short NLM_F_DUMP = 0x300;
  private static final int TCA_KIND = 1;
  private static final int TCA_STATS = 3;

  /** One qdisc: its kind, handle and parent as tc prints them ("1:", "root", "ffff:fff1"), its counters. */
  public record Qdisc(int ifindex, String kind, String handle, String parent, long drops, long overlimits) {
  }

  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;
    long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;
    long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;
    int close(int fd) throws LastErrorException;
    int if_nametoindex(String name);
  }

  private static volatile LibC libc;

  private static LibC lib() {
    if (libc == null) {
      libc = Native.load("c", LibC.class);
    }
    return libc;
  }

  /** The interface's index in the calling thread's namespace; 0 if there is no such interface. */
  public static int ifindex(String device) {
    return lib().if_nametoindex(device);
  }

  /** Every qdisc of the calling thread's namespace. */
  public static List<Qdisc> dump() {
    LibC c = lib();
    int fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    try {
      ByteBuffer request = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder());
      request.putInt(36).putShort(RTM_GETQDISC).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(1).putInt(0);
      request.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0).putInt(0);
      c.send(fd, request.array(), 36, 0);
      List<Qdisc> qdiscs = new ArrayList<>();
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int length = (int) c.recv(fd, buffer, buffer.length, 0);
        if (length <= 0) {
          return qdiscs;
        }
        ByteBuffer in = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.nativeOrder());
        int at = 0;
        while (at + 16 <= length) {
          int messageLength = in.getInt(at);
          short type = in.getShort(at + 4);
          if (messageLength < 16 || at + messageLength > length) {
            return qdiscs;
          }
          if (type == NLMSG_DONE) {
            return qdiscs;
          }
          if (type == NLMSG_ERROR) {
            int error = in.getInt(at + 16);
            if (error != 0) {
              throw new IllegalStateException("rtnetlink refused the qdisc dump: errno " + -error);
            }
            return qdiscs;
          }
          if (type == RTM_NEWQDISC) {
            qdiscs.add(qdisc(in, at, messageLength));
          }
          at += align(messageLength);
        }
      }
    } finally {
      c.close(fd);
    }
  }

  private static Qdisc qdisc(ByteBuffer in, int at, int messageLength) {
    int ifindex = in.getInt(at + 16 + 4);
    int handle = in.getInt(at + 16 + 8);
    int parent = in.getInt(at + 16 + 12);
    String kind = "";
    long drops = 0;
    long overlimits = 0;
    int attr = at + 16 + 20;
    int end = at + messageLength;
    while (attr + 4 <= end) {
      int attrLength = Short.toUnsignedInt(in.getShort(attr));
      int attrType = in.getShort(attr + 2) & 0x3fff;
      if (attrLength < 4 || attr + attrLength > end) {
        break;
      }
      if (attrType == TCA_KIND) {
        byte[] name = new byte[attrLength - 4];
        in.get(attr + 4, name);
        kind = new String(name, StandardCharsets.US_ASCII).replace("\0", "");
      } else if (attrType == TCA_STATS && attrLength >= 4 + 20) {
        // struct tc_stats { __u64 bytes; __u32 packets; __u32 drops; __u32 overlimits; ... }
        drops = Integer.toUnsignedLong(in.getInt(attr + 4 + 12));
        overlimits = Integer.toUnsignedLong(in.getInt(attr + 4 + 16));
      }
      attr += align(attrLength);
    }
    return new Qdisc(ifindex, kind, handle(handle), parent == 0xFFFFFFFF ? "root" : handle(parent), drops, overlimits);
  }

  private static String handle(int handle) {
    return Integer.toHexString(handle >>> 16) + ":" + ((handle & 0xFFFF) == 0 ? "" : Integer.toHexString(handle & 0xFFFF));
  }

  private static int align(int length) {
    return (length + 3) & ~3;
  }
}
