package io.vmnetdiag.agent.cause;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where tracefs is, for the calling thread: an existing mount (found in the thread's mountinfo), or one this
 * thread mounts in a mount namespace of its own ({@code unshare(CLONE_NEWNS)}, all mounts made private first), so
 * nothing the agent mounts is seen by, or outlives, anyone else. Mounting needs CAP_SYS_ADMIN.
 */
final class Tracefs {
  private static final int CLONE_NEWNS = 0x00020000;
  private static final long MS_REC = 16384;
  private static final long MS_PRIVATE = 1 << 18;
  private static final int MNT_DETACH = 2;
  private static final int EPERM = 1;

  private interface LibC extends Library {
    int unshare(int flags) throws LastErrorException;

    int mount(String source, String target, String type, long flags, Pointer data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;
  }

  /** Why tracefs cannot be used, in one sentence. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private final Path root;
  private final boolean mountedHere;

  private Tracefs(Path root, boolean mountedHere) {
    this.root = root;
    this.mountedHere = mountedHere;
  }

  Path root() {
    return root;
  }

  /** The tracefs the calling thread sees, or one it mounts privately. The thread must stay the caller's own. */
  static Tracefs forThisThread() throws Unavailable {
    Optional<Path> mounted;
    try {
      mounted = mountPoint(Files.readAllLines(Path.of("/proc/thread-self/mountinfo"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Unavailable("the mount table could not be read (" + e.getMessage() + ")");
    }
    if (mounted.isPresent()) {
      return new Tracefs(mounted.get(), false);
    }
    LibC libc;
    try {
      libc = Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw new Unavailable("tracefs is not mounted and the C library could not be loaded to mount it");
    }
    Path dir;
    try {
      libc.unshare(CLONE_NEWNS);
      libc.mount("none", "/", null, MS_REC | MS_PRIVATE, null);
      dir = Files.createTempDirectory("vmnetdiag-tracefs");
    } catch (LastErrorException e) {
      throw new Unavailable("tracefs is not mounted where the agent runs, and mounting it privately needs"
          + " CAP_SYS_ADMIN" + (e.getErrorCode() == EPERM ? ", which the agent does not have" : "")
          + " (" + errno(e) + ")");
    } catch (IOException e) {
      throw new Unavailable("no directory to mount tracefs on (" + e.getMessage() + ")");
    }
    try {
      libc.mount("nodev", dir.toString(), "tracefs", 0, null);
    } catch (LastErrorException e) {
      dir.toFile().delete();
      throw new Unavailable("tracefs could not be mounted (" + errno(e) + ")");
    }
    return new Tracefs(dir, true);
  }

  /** Unmounts what {@link #forThisThread} mounted (from the same thread); nothing otherwise. */
  void release() {
    if (!mountedHere) {
      return;
    }
    try {
      Native.load("c", LibC.class).umount2(root.toString(), MNT_DETACH);
    } catch (LastErrorException | UnsatisfiedLinkError e) {
      // the mount lives in this thread's own namespace: it goes with the thread either way
    }
    root.toFile().delete();
  }

  /** The first tracefs mount point in a mountinfo table (proc(5): the fstype follows the " - " separator). */
  static Optional<Path> mountPoint(List<String> mountinfo) {
    for (String line : mountinfo) {
      int separator = line.indexOf(" - ");
      if (separator < 0) {
        continue;
      }
      String[] after = line.substring(separator + 3).split(" ");
      String[] before = line.substring(0, separator).split(" ");
      if (after.length > 0 && "tracefs".equals(after[0]) && before.length > 4) {
        return Optional.of(Path.of(unescape(before[4])));
      }
    }
    return Optional.empty();
  }

  // mountinfo writes space, tab, newline and backslash as octal escapes
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 4 <= field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String errno(LastErrorException e) {
    return "errno " + e.getErrorCode();
  }
}
