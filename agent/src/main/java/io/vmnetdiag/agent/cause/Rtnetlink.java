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
 * One rtnetlink dump in the calling thread's network namespace (a NETLINK_ROUTE socket through JNA, no {@code ip}
 * or {@code tc} process): the request's family header out, every reply message of the wanted type handed to a
 * parser.
 */
final class Rtnetlink {
  static final int HEADER = 16;
  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_ROUTE = 0;
  private static final short NLMSG_ERROR = 2;
  private static final short NLMSG_DONE = 3;
  private static final short NLM_F_REQUEST = 1;
  private static final short NLM_F_DUMP = 0x300;
  /** Attribute types carry NLA_F_NESTED and NLA_F_NET_BYTEORDER in their top bits. */
  private static final int NLA_TYPE_MASK = 0x3fff;

  /** Reads one reply message: {@code at} is where its netlink header starts, {@code length} its whole length. */
  interface Parser<T> {
    T parse(ByteBuffer in, int at, int length);
  }

  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;
    long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;
    long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;
    int close(int fd) throws LastErrorException;
    int if_nametoindex(String name);
  }

  private static volatile LibC libc;

  private Rtnetlink() {
  }

  static LibC lib() {
    if (libc == null) {
      libc = Native.load("c", LibC.class);
    }
    return libc;
  }

  /**
   * Sends {@code requestType} with {@code familyHeader} as a dump request and parses every {@code replyType} message.
   * {@code what} names the dump in the error a refusal raises.
   */
  static <T> List<T> dump(short requestType, byte[] familyHeader, short replyType, Parser<T> parser, String what) {
    LibC c = lib();
    int fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    try {
      int requestLength = HEADER + familyHeader.length;
      ByteBuffer request = ByteBuffer.allocate(requestLength).order(ByteOrder.nativeOrder());
      request.putInt(requestLength).putShort(requestType).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(1)
          .putInt(0).put(familyHeader);
      c.send(fd, request.array(), requestLength, 0);
      List<T> replies = new ArrayList<>();
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int length = (int) c.recv(fd, buffer, buffer.length, 0);
        if (length <= 0) {
          return replies;
        }
        ByteBuffer in = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.nativeOrder());
        int at = 0;
        while (at + HEADER <= length) {
          int messageLength = in.getInt(at);
          short type = in.getShort(at + 4);
          if (messageLength < HEADER || at + messageLength > length || type == NLMSG_DONE) {
            return replies;
          }
          if (type == NLMSG_ERROR) {
            int error = in.getInt(at + HEADER);
            if (error != 0) {
              throw new IllegalStateException("rtnetlink refused the " + what + " dump: errno " + -error);
            }
            return replies;
          }
          if (type == replyType) {
            replies.add(parser.parse(in, at, messageLength));
          }
          at += align(messageLength);
        }
      }
    } finally {
      c.close(fd);
    }
  }

  /** Calls {@code visitor} for every attribute in {@code [from, end)}: its type (flags masked), value and length. */
  static void attributes(ByteBuffer in, int from, int end, AttributeVisitor visitor) {
    int attr = from;
    while (attr + 4 <= end) {
      int attrLength = Short.toUnsignedInt(in.getShort(attr));
      int attrType = in.getShort(attr + 2) & NLA_TYPE_MASK;
      if (attrLength < 4 || attr + attrLength > end) {
        return;
      }
      visitor.visit(attrType, attr + 4, attrLength - 4);
      attr += align(attrLength);
    }
  }

  interface AttributeVisitor {
    void visit(int type, int valueAt, int valueLength);
  }

  /** A NUL-terminated string attribute's value. */
  static String string(ByteBuffer in, int valueAt, int valueLength) {
    byte[] bytes = new byte[valueLength];
    in.get(valueAt, bytes);
    return new String(bytes, StandardCharsets.US_ASCII).replace("\0", "");
  }

  static int align(int length) {
    return (length + 3) & ~3;
  }
}
