package io.vmnetdiag.agent.cause;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.vmnetdiag.capture.VethLab;
import io.vmnetdiag.testkit.LabTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The capture pod's situation, made on one thread of this root process: no tracefs mounted where it runs (every
 * tracefs mount detached in a mount namespace of the thread's own) and no CAP_SYS_ADMIN (dropped from the thread's
 * effective set; capabilities are per thread). The drop reasons then say why they are not available.
 */
@LabTest(tools = "ip")
class KernelDropReasonsWithoutPrivilegeLabTest {
  private static final int CLONE_NEWNS = 0x00020000;
  private static final long MS_REC = 16384;
  private static final long MS_PRIVATE = 1 << 18;
  private static final int MNT_DETACH = 2;
  private static final int CAP_SYS_ADMIN = 21;
  private static final int CAPABILITY_VERSION_3 = 0x20080522;

  private interface LibC extends Library {
    int unshare(int flags) throws LastErrorException;

    int mount(String source, String target, String type, long flags, Pointer data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int capget(int[] header, int[] data) throws LastErrorException;

    int capset(int[] header, int[] data) throws LastErrorException;
  }

  @Test
  void withoutTracefsAndWithoutCapSysAdminTheyAreNotAvailableAndSayWhy() throws Exception {
    VethLab.requireRoot();
    CompletableFuture<String> why = new CompletableFuture<>();
    Thread confined = new Thread(() -> {
      try {
        LibC libc = Native.load("c", LibC.class);
        libc.unshare(CLONE_NEWNS);
        libc.mount("none", "/", null, MS_REC | MS_PRIVATE, null);
        List<String> mounts = Files.readAllLines(Path.of("/proc/thread-self/mountinfo"), StandardCharsets.UTF_8);
        for (var tracefs = Tracefs.mountPoint(mounts); tracefs.isPresent();
            tracefs = Tracefs.mountPoint(Files.readAllLines(Path.of("/proc/thread-self/mountinfo"), StandardCharsets.UTF_8))) {
          libc.umount2(tracefs.get().toString(), MNT_DETACH);
        }
        int[] header = {CAPABILITY_VERSION_3, 0};
        int[] data = new int[6];
        libc.capget(header, data);
        data[0] &= ~(1 << CAP_SYS_ADMIN);
        libc.capset(header, data);
        try {
          DropTraceInstance.start(KernelDropReasons::bufferKbPerCpu).remove();
          why.complete("started");
        } catch (Tracefs.Unavailable e) {
          why.complete(e.getMessage());
        }
      } catch (Throwable e) {
        why.completeExceptionally(e);
      }
    }, "without-cap-sys-admin");
    confined.start();
    confined.join();

    assertThat(why.get()).isEqualTo("tracefs is not mounted where the agent runs, and mounting it privately needs"
        + " CAP_SYS_ADMIN, which the agent does not have (errno 1)");
  }
}
