package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vmnetdiag.lab.topology.LabShape;
import io.vmnetdiag.lab.topology.LabTimes;
import io.vmnetdiag.lab.topology.LabTopology;
import io.vmnetdiag.lab.topology.LabTraffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code vmnetdiag diagnose} on the lab node, without Kubernetes: the seed's topology with the guest's receive path
 * wedged, a libvirt test-driver node naming the lab's devices, and the CLI's main run as the lab kubelet runs the
 * agent (a JVM with this classpath and the image's agent options, inside the node's network namespace): it
 * resolves the path through libvirt-java, captures the real uplink, bridge and tap, and draws the break at the guest.
 */
@LabScenarioTest
class CliDiagnosisTest {
  private static LabTopology topology;
  private static Path workDir;
  private static String uri;

  @BeforeAll
  static void buildLab() throws IOException {
    workDir = Files.createTempDirectory("vmnetdiag-cli-lab");
    topology = LabTimes.up(CliDiagnosisTest.class, () -> LabTopology.up(LabShape.DEFAULT));
    topology.startTraffic(LabTraffic.normal());
    topology.injectGuestReceiveFault();
    uri = "test://" + topology.writeLibvirtTestNode(workDir.resolve("libvirt-node.xml"), LabScenario.DOMAIN)
        .toAbsolutePath();
  }

  @AfterAll
  static void tearDown() throws IOException {
    LabTimes.down(CliDiagnosisTest.class, topology, down -> null);
    if (workDir != null) {
      try (var files = Files.walk(workDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void wedgedGuestIsDrawnAsABreakAtTheGuestAndExitsOne() throws Exception {
    CliRun run = diagnose(List.of(LabScenario.DOMAIN, "--connect", uri, "--address", topology.guestAddress(),
        "--duration", "6s"));
    System.out.println(run.stdout());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    String tapRow = run.stdout().lines().filter(l -> l.contains("| tap")).findFirst().orElseThrow();
    assertThat(tapRow).as(run.stdout()).matches(".*\\| tap +\\|--X--\\| guest +\\|");
    assertThat(run.stdout()).contains("| " + topology.tap()).contains("^ packets stop here (guest)")
        .contains("verdict   GuestNotProcessingReceive (fault located)")
        .contains("location  guest")
        .contains("ARP, Request who-has " + topology.gatewayAddress() + " tell " + topology.guestAddress());
    assertThat(run.stdout().lines().filter(l -> l.contains("--X--"))).hasSize(1);
    // Progress while the window ran: the hops named once, then their counts as they grew.
    assertThat(run.stderr()).contains("vmnetdiag: capturing uplink " + topology.uplink() + ", bridge "
        + topology.bridge() + ", tap " + topology.tap());
    assertThat(run.stderr().lines().filter(l -> l.matches("vmnetdiag: +[0-9.]+ s  uplink to VM [0-9]+ .*\\| tap to VM [1-9][0-9]* from VM [0-9]+")))
        .as(run.stderr()).isNotEmpty();
    assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void jsonCarriesTheVerdictAndThePath() throws Exception {
    CliRun run = diagnose(List.of(LabScenario.DOMAIN, "--connect", uri, "--address", topology.guestAddress(),
        "--duration", "6s", "--json"));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode result = new ObjectMapper().readTree(run.stdout());
    assertThat(result.path("exitCode").asInt()).isEqualTo(1);
    assertThat(result.path("verdict").path("reason").asText()).isEqualTo("GuestNotProcessingReceive");
    assertThat(result.path("verdict").path("location").asText()).isEqualTo("guest");
    assertThat(result.path("path").path("hops").findValuesAsText("interfaceName"))
        .containsExactly(topology.uplink(), topology.bridge(), topology.tap());
    assertThat(result.path("hops").get(2).path("fromVm").path("arpRequest").asLong()).isPositive();
    assertThat(result.path("window").path("plannedSeconds").asInt()).isEqualTo(6);
  }

  @Test
  void anUnknownDomainIsOneLineAndExitThree() throws Exception {
    CliRun run = diagnose(List.of("no-such-vm", "--connect", uri));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().lines()).as(run.stderr()).hasSize(1);
    assertThat(run.stderr()).startsWith("vmnetdiag diagnose: ").contains("no-such-vm").contains("(DomainNotFound)");
  }

  /** {@code vmnetdiag diagnose ARGS} in the lab node's network namespace. */
  private static CliRun diagnose(List<String> args) throws Exception {
    return CliRun.diagnose(topology.hostNamespace(), workDir, args);
  }
}
