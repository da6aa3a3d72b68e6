package io.vmnetdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vmnetdiag.api.report.AgentFailure;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.VerdictReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CLI's flow around a stand-in agent: what it asks, what it prints where, and its exit codes. */
class DiagnoseMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @ParameterizedTest
  @EnumSource(VerdictReason.class)
  void exitCodeFollowsTheVerdict(VerdictReason reason) {
    int expected = switch (reason) {
      case PathHealthy, UpstreamUntested -> 0;
      case NoTrafficObserved, CaptureIncomplete, AddressMismatch -> 2;
      default -> 1;
    };
    assertThat(DiagnosisResult.exitCode(Fixtures.verdict(reason, "x"))).isEqualTo(expected);
    assertThat(expected == 2).isEqualTo(!reason.isConclusive());
  }

  @Test
  void theSeedCaseExitsOneWithThePictureOnStdout() {
    AtomicReference<CaptureRequest> asked = new AtomicReference<>();
    int code = cli((json, hook) -> {
      asked.set(read(json));
      return Fixtures.seedReport();
    }).run(List.of("web-01", "--connect", "test:///n.xml", "--duration", "6s"));

    assertThat(code).isEqualTo(1);
    assertThat(asked.get().getDomain()).isEqualTo("web-01");
    assertThat(asked.get().getNode()).isEqualTo("node-7");
    assertThat(asked.get().getDurationSeconds()).isEqualTo(6);
    // The fixed report's hops go through the real verdict engine.
    assertThat(stdout()).contains("|--X--| guest").contains("verdict   GuestNotProcessingReceive (fault located)");
    assertThat(stderr()).isEmpty();
  }

  @Test
  void jsonCarriesTheWholeResult() throws Exception {
    int code = cli((json, hook) -> Fixtures.seedReport()).run(List.of("web-01", "--json"));

    JsonNode result = new ObjectMapper().readTree(stdout());
    assertThat(code).isEqualTo(1);
    assertThat(result.path("exitCode").asInt()).isEqualTo(1);
    assertThat(result.path("verdict").path("reason").asText()).isEqualTo("GuestNotProcessingReceive");
    assertThat(result.path("verdict").path("location").asText()).isEqualTo("guest");
    assertThat(result.path("path").path("vmAddress").asText()).isEqualTo("10.107.98.51");
    assertThat(result.path("hops")).hasSize(3);
    assertThat(result.path("hops").get(2).path("toVm").path("tcpSyn").asLong()).isEqualTo(9);
    assertThat(result.path("window").path("endedEarly").asBoolean()).isTrue();
    assertThat(result.path("probes").path("sent").asBoolean()).isTrue();
  }

  @Test
  void yamlCarriesTheSameResult() throws Exception {
    cli((json, hook) -> Fixtures.seedReport()).run(List.of("web-01", "--yaml"));

    JsonNode result = new YAMLMapper().readTree(stdout());
    assertThat(result.path("verdict").path("reason").asText()).isEqualTo("GuestNotProcessingReceive");
    assertThat(result.path("hops").get(0).path("interfaceName").asText()).isEqualTo("eno1");
    assertThat(stdout()).as("one line per evidence line, never folded").contains(
        "  - \"tap vnet3: to VM 9 TcpSyn, 5 IcmpEchoRequest, 3 ArpRequest, 3 ArpReply; from VM 3 ArpRequest\"\n");
  }

  @Test
  void anAgentFailureIsOneLineOnStderrAndExitThree() {
    AgentReport failed = new AgentReport();
    failed.setFailure(new AgentFailure(AgentFailure.DOMAIN_NOT_FOUND,
        "libvirt at test:///default has no domain named 'web-02';\n known domains: test"));

    int code = cli((json, hook) -> failed).run(List.of("web-02"));

    assertThat(code).isEqualTo(3);
    assertThat(stdout()).isEmpty();
    assertThat(stderr()).isEqualTo("vmnetdiag diagnose: libvirt at test:///default has no domain named 'web-02'; "
        + "known domains: test (DomainNotFound)\n");
  }

  @Test
  void badArgumentsNeverReachTheAgent() {
    int code = cli((json, hook) -> {
      throw new AssertionError("the agent must not run");
    }).run(List.of("web-01", "--duration", "5 minutes"));

    assertThat(code).isEqualTo(3);
    assertThat(stderr().lines()).hasSize(1);
    assertThat(stderr()).startsWith("vmnetdiag diagnose: --duration must be");
  }

  @Test
  void helpGoesToStdoutAndExitsZero() {
    assertThat(cli((json, hook) -> null).run(List.of("--help"))).isZero();
    assertThat(stdout()).startsWith("usage: vmnetdiag diagnose DOMAIN").contains("exit codes: 0 healthy");
  }

  private DiagnoseMain cli(DiagnoseMain.Agent agent) {
    return new DiagnoseMain(agent, "node-7", new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static CaptureRequest read(String json) {
    try {
      return new ObjectMapper().readValue(json, CaptureRequest.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
