package io.vmnetdiag.capture.pcap;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Moves the calling thread into another network namespace, given as a path such as
 * {@code /proc/PID/ns/net} or {@code /var/run/netns/NAME}, with {@code setns(2)} through JNA: no
 * {@code nsenter}, no child process. Only the calling thread moves; the caller must never hand that
 * thread back to a pool, since every socket it opens afterwards (pcap, ioctl) lives in the namespace.
 */
public final class NetworkNamespace {
  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final int EPERM = 1;
  private static final int ENOENT = 2;
  private static final int EACCES = 13;
  private static final int ENOTDIR = 20;
  private static final int EINVAL = 22;

  private interface LibC extends Library {
    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private static volatile LibC libc;

  private NetworkNamespace() {
  }

  /** Moves the calling thread into the network namespace at {@code path}; a failure says why in one sentence. */
  public static void enter(String path) throws CaptureFailure {
    if (path == null || path.isBlank() || !path.startsWith("/")) {
      throw new CaptureFailure("The network namespace \"" + path + "\" is not an absolute path.");
    }
    LibC lib;
    try {
      lib = lib();
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw CaptureFailure.because("The C library could not be loaded to enter network namespace " + path, e);
    }
    int fd;
    try {
      fd = lib.open(path, O_RDONLY | O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new CaptureFailure(switch (e.getErrorCode()) {
        case ENOENT, ENOTDIR -> "Network namespace " + path + " does not exist (is the pod or process gone?).";
        case EACCES, EPERM -> "Not permitted to open network namespace " + path + ".";
        default -> "Could not open network namespace " + path + ": errno " + e.getErrorCode() + ".";
      });
    }
    try {
      lib.setns(fd, CLONE_NEWNET);
    } catch (LastErrorException e) {
      throw new CaptureFailure(switch (e.getErrorCode()) {
        case EINVAL -> path + " is not a network namespace.";
        case EPERM -> "Not permitted to enter network namespace " + path + " (the agent needs CAP_SYS_ADMIN).";
        default -> "Could not enter network namespace " + path + ": errno " + e.getErrorCode() + ".";
      });
    } finally {
      try {
        lib.close(fd);
      } catch (LastErrorException e) {
        // the namespace is entered (or not) either way; a failed close of a read-only fd loses nothing
      }
    }
  }

  private static LibC lib() {
    if (libc == null) {
      libc = Native.load("c", LibC.class);
    }
    return libc;
  }
}
