package io.vmnetdiag.capture.pcap;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Asks the kernel whether an interface exists in the calling thread's network namespace
 * ({@code if_nametoindex}); java.net.NetworkInterface cannot tell, as it misses interfaces without IPs.
 */
final class InterfaceIndex {
  private interface LibC extends Library {
    int if_nametoindex(String name);
  }

  private static volatile LibC libc;

  private InterfaceIndex() {
  }

  /** False only when the kernel says there is no such interface; true when it exists or cannot be asked. */
  static boolean mayExist(String name) {
    try {
      return lib().if_nametoindex(name) != 0;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return true;
    }
  }

  private static LibC lib() {
    if (libc == null) {
      libc = Native.load("c", LibC.class);
    }
    return libc;
  }
}
