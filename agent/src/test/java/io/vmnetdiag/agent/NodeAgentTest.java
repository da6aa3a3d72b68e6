package io.vmnetdiag.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.agent.path.HostNetwork;
import io.vmnetdiag.agent.path.NeighbourTable;
import io.vmnetdiag.agent.path.PathResolutionException;
import io.vmnetdiag.agent.path.PathResolver;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.RunBinding;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's flow never throws: every way it can go wrong ends as a report with a clear failure. */
class NodeAgentTest {
  @TempDir
  Path dir;

  @Test
  void missingRequestIsABadRequest() {
    AgentReport report = agent().run(null);
    assertThat(report.getFailure().getReason()).isEqualTo(AgentFailure.BAD_REQUEST);
    assertThat(report.getFailure().getMessage()).contains("VMNETDIAG_REQUEST is not set");
  }

  @Test
  void malformedRequestIsABadRequestNamingTheProblem() {
    AgentReport report = agent().run("{\"domain\": ");
    assertThat(report.getFailure().getReason()).isEqualTo(AgentFailure.BAD_REQUEST);
    assertThat(report.getFailure().getMessage()).startsWith("The capture request is not valid JSON");
  }

  @Test
  void windowOutsideItsBoundsIsABadRequest() {
    AgentReport report = agent().run("{\"domain\": \"web\", \"durationSeconds\": 0}");
    assertThat(report.getFailure().getMessage()).contains("1-300 s");
  }

  @Test
  void pathFailureIsReportedAsItIsAndNothingIsCaptured() {
    AgentReport report = agent().run("{\"domain\": \"web\", \"durationSeconds\": 5, \"snapLength\": 96}");
    assertThat(report.getFailure().getReason()).isEqualTo(AgentFailure.DOMAIN_NOT_FOUND);
    assertThat(report.getFailure().getMessage()).contains("web");
    assertThat(report.getHops()).isEmpty();
  }

  @Test
  void reportEchoesTheRequestsRunEvenWhenItFails() {
    AgentReport report = agent().run("{\"domain\": \"web\", \"durationSeconds\": 5, \"snapLength\": 96,"
        + " \"run\": {\"nonce\": \"0a1b\", \"diagnosisUid\": \"uid-7\", \"generation\": 3}}");
    assertThat(report.getFailure().getReason()).isEqualTo(AgentFailure.DOMAIN_NOT_FOUND);
    assertThat(report.getRun()).isEqualTo(new RunBinding("0a1b", "uid-7", 3));
  }

  private NodeAgent agent() {
    PathResolver resolver = new PathResolver((uri, domain, askGuestAgent) -> {
      throw new PathResolutionException(AgentFailure.DOMAIN_NOT_FOUND, "No libvirt domain \"" + domain + "\".");
    }, new HostNetwork(dir), new NeighbourTable(dir.resolve("arp")));
    return new NodeAgent(resolver, (settings, hops, whileArmed) -> {
      throw new AssertionError("nothing may be captured");
    });
  }
}
