package io.vmnetdiag.lab.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
import io.vmnetdiag.agent.kubevirt.LauncherNamespace;
import io.vmnetdiag.agent.path.PathResolutionException;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.lab.topology.KubevirtLab;
import io.vmnetdiag.testkit.LabTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The agent finds a pod's network namespace on the node from its UID, by a real process in a real kubelet cgroup. */
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "sysctl"})
class LauncherNamespaceTest {

  @Test
  void theLauncherPodsNamespaceIsTheOneOfTheProcessInItsKubeletCgroup() throws Exception {
    try (KubevirtLab lab = KubevirtLab.up(KubevirtPathResolver.BRIDGE, KubevirtLab.NodeSide.routed)) {
      assertThat(Files.readAllLines(Path.of("/proc/" + lab.podPid() + "/cgroup")))
          .anyMatch(line -> line.endsWith("/kubepods/besteffort/pod" + lab.podUid() + "/"
              + Path.of(lab.cgroup()).getFileName()));

      String found = LauncherNamespace.node().find(lab.podUid());

      assertThat(found).isEqualTo("/proc/" + lab.podPid() + "/ns/net");
      // the same namespace as the lab's pod namespace, not merely the same process
      assertThat(Files.getAttribute(Path.of(found), "unix:ino"))
          .isEqualTo(Files.getAttribute(Path.of("/var/run/netns/" + lab.podNamespace()), "unix:ino"));
    }
  }

  @Test
  void aPodUidTheApiServerGaveNamesTheCgroupAndIsFound() throws Exception {
    String uid = UUID.randomUUID().toString();
    try (KubevirtLab lab = KubevirtLab.up(KubevirtPathResolver.MASQUERADE, KubevirtLab.NodeSide.bridge, uid)) {
      assertThat(lab.podUid()).isEqualTo(uid);
      assertThat(lab.cgroup()).contains("/pod" + uid + "/");

      assertThat(LauncherNamespace.node().find(uid)).isEqualTo("/proc/" + lab.podPid() + "/ns/net");
    }
    assertThat(Path.of("/sys/fs/cgroup/pids/kubepods/besteffort/pod" + uid)).doesNotExist();
  }

  @Test
  void aPodWithNoProcessOnTheNodeIsAClearFailure() {
    String absent = "00000000-0000-4000-8000-00000000beef";

    assertThatThrownBy(() -> LauncherNamespace.node().find(absent))
        .isInstanceOfSatisfying(PathResolutionException.class, e -> {
          assertThat(e.failure().getReason()).isEqualTo(AgentFailure.LAUNCHER_POD_NOT_FOUND);
          assertThat(e.failure().getMessage()).contains(absent).contains("hostPID");
        });
  }
}
