package io.vmnetdiag.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.vmnetdiag.testkit.LabTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entering fails with one clear sentence and moves nothing. Each attempt runs on a throwaway thread:
 * a successful enter must never move a test runner's thread.
 */
class NetworkNamespaceTest {
  @TempDir
  Path temp;

  @Test
  void aMissingPathSaysTheNamespaceDoesNotExist() throws Exception {
    String path = "/proc/999999999/ns/net";
    assertThat(failureEntering(path))
        .isEqualTo("Network namespace " + path + " does not exist (is the pod or process gone?).");
    assertThat(failureEntering("/var/run/netns/vdnone-" + ProcessHandle.current().pid()))
        .endsWith("does not exist (is the pod or process gone?).");
  }

  @Test
  void aFileThatIsNoNetworkNamespaceIsNamedAsSuch() throws Exception {
    Path plain = Files.writeString(temp.resolve("netns"), "not a namespace");
    assertThat(failureEntering(plain.toString())).isEqualTo(plain + " is not a network namespace.");
    // A namespace, but of another kind.
    assertThat(failureEntering("/proc/self/ns/uts")).isEqualTo("/proc/self/ns/uts is not a network namespace.");
  }

  @Test
  void aRelativeOrEmptyPathIsRejectedBeforeAnySystemCall() throws Exception {
    assertThat(failureEntering("netns/x")).isEqualTo("The network namespace \"netns/x\" is not an absolute path.");
    assertThat(failureEntering(" ")).isEqualTo("The network namespace \" \" is not an absolute path.");
  }

  @Test
  @LabTest
  void withoutCapSysAdminEnteringIsRefusedAsNotPermitted() throws Exception {
    // Capabilities are per thread: only the throwaway thread loses CAP_SYS_ADMIN. Our own namespace is
    // enough, as setns checks the capability whatever the target.
    assertThat(failureEntering("/proc/self/ns/net", true))
        .isEqualTo("Not permitted to enter network namespace /proc/self/ns/net (the agent needs CAP_SYS_ADMIN).");
  }

  private interface Capabilities extends Library {
    int capget(int[] header, int[] data);

    int capset(int[] header, int[] data);
  }

  /** Drops CAP_SYS_ADMIN from the calling thread's effective set (capset with pid 0 changes this thread only). */
  private static void dropCapSysAdmin() {
    Capabilities libc = Native.load("c", Capabilities.class);
    int[] header = {0x20080522, 0};
    int[] data = new int[6];
    if (libc.capget(header, data) != 0) {
      throw new IllegalStateException("capget failed: errno " + Native.getLastError());
    }
    data[0] &= ~(1 << 21);
    if (libc.capset(header, data) != 0) {
      throw new IllegalStateException("capset failed: errno " + Native.getLastError());
    }
  }

  private static String failureEntering(String path) throws InterruptedException {
    return failureEntering(path, false);
  }

  private static String failureEntering(String path, boolean withoutCapSysAdmin) throws InterruptedException {
    AtomicReference<String> failure = new AtomicReference<>("entered");
    Thread thread = new Thread(() -> {
      try {
        if (withoutCapSysAdmin) {
          dropCapSysAdmin();
        }
        NetworkNamespace.enter(path);
      } catch (CaptureFailure e) {
        failure.set(e.getMessage());
      } catch (RuntimeException e) {
        failure.set(e.toString());
      }
    });
    thread.start();
    thread.join(10_000);
    return failure.get();
  }
}
