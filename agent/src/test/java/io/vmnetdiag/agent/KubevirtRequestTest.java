package io.vmnetdiag.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.agent.kubevirt.KubevirtPathResolver;
import io.vmnetdiag.agent.kubevirt.LauncherNamespace;
import io.vmnetdiag.agent.path.HostNetwork;
import io.vmnetdiag.agent.path.NeighbourTable;
import io.vmnetdiag.agent.path.PathResolutionException;
import io.vmnetdiag.agent.path.PathResolver;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request carrying {@code kubevirt} goes to the KubeVirt resolution, whose refusals are the run's failure. */
class KubevirtRequestTest {
  private static final String UID = "5d3c6f2a-1b2c-4d5e-8f90-0123456789ab";

  @TempDir
  Path dir;

  @Test
  void aLauncherPodWithNoProcessOnTheNodeIsAClearFailureAndNothingIsCaptured() throws Exception {
    Files.createDirectories(dir.resolve("proc").resolve("12"));
    Files.writeString(dir.resolve("proc").resolve("12").resolve("cgroup"), "0::/system.slice/kubelet.service\n");

    AgentReport report = agent().run(request("masquerade", UID));

    assertThat(report.getFailure().getReason()).isEqualTo(AgentFailure.LAUNCHER_POD_NOT_FOUND);
    assertThat(report.getFailure().getMessage()).contains(UID).contains("hostPID");
  }

  @Test
  void aBindingOtherThanBridgeOrMasqueradeIsNotSupportedByName() {
    AgentReport report = agent().run(request("passt", UID));

    assertThat(report.getFailure().getReason()).isEqualTo(AgentFailure.INTERFACE_TYPE_NOT_SUPPORTED);
    assertThat(report.getFailure().getMessage()).contains("passt").contains("bridge and masquerade");
  }

  @Test
  void aLauncherPodUidThatIsNoUidIsABadRequest() {
    AgentReport report = agent().run(request("bridge", "../../etc"));

    assertThat(report.getFailure().getReason()).isEqualTo(AgentFailure.BAD_REQUEST);
  }

  private static String request(String binding, String uid) {
    return "{\"durationSeconds\": 5, \"snapLength\": 96, \"kubevirt\": {\"namespace\": \"vms\", \"vmi\": \"web\","
        + " \"launcherPod\": \"virt-launcher-web-x7k2p\", \"launcherPodUid\": \"" + uid + "\", \"interfaceName\":"
        + " \"default\", \"binding\": \"" + binding + "\", \"mac\": \"52:54:00:aa:bb:cc\", \"addresses\": [\"10.244.1.7\"]}}";
  }

  private NodeAgent agent() {
    PathResolver libvirt = new PathResolver((uri, domain, askGuestAgent) -> {
      throw new PathResolutionException(AgentFailure.DOMAIN_NOT_FOUND, "libvirt is not asked for a KubeVirt VM");
    }, new HostNetwork(dir), new NeighbourTable(dir.resolve("arp")));
    return new NodeAgent(libvirt, new KubevirtPathResolver(new LauncherNamespace(dir.resolve("proc")), ""),
        (settings, hops, whileArmed) -> {
          throw new AssertionError("nothing may be captured");
        });
  }
}
