package io.vmnetdiag.agent.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both kubelet cgroup drivers' names for a pod's cgroup, in /proc/PID/cgroup as cgroup v1 and v2 write it. */
class LauncherNamespaceLayoutTest {
  private static final String UID = "5d3c6f2a-1b2c-4d5e-8f90-0123456789ab";

  @TempDir
  Path proc;

  @Test
  void theCgroupfsDriversPodCgroupIsFound() throws Exception {
    process(7, "0::/system.slice/sshd.service\n");
    process(40, "12:pids:/kubepods/besteffort/pod" + UID + "/4f1c0de\n0::/\n");

    assertThat(new LauncherNamespace(proc).processOf(UID)).contains(40L);
  }

  @Test
  void theSystemdDriversSliceIsFoundUnderscoredAndTheLowestPidWins() throws Exception {
    String slice = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID.replace('-', '_') + ".slice";
    process(300, "0::" + slice + "/cri-containerd-abc.scope\n");
    process(120, "0::" + slice + "/cri-containerd-def.scope\n");

    assertThat(new LauncherNamespace(proc).processOf(UID)).contains(120L);
  }

  @Test
  void anotherPodsCgroupIsNotThisPods() throws Exception {
    process(9, "0::/kubepods/pod" + UID.replace("ab", "cd") + "/x\n");

    assertThat(new LauncherNamespace(proc).processOf(UID)).isEmpty();
  }

  private void process(long pid, String cgroup) throws Exception {
    Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(proc.resolve(Long.toString(pid)).resolve("cgroup"), cgroup);
  }
}
