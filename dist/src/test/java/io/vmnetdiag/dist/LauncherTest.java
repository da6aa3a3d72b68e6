package io.vmnetdiag.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.ReportCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's entry point, run from the distribution tree the image is built from. */
class LauncherTest {
  private static final Path DIST = Path.of(System.getProperty("vmnetdiag.dist"));

  @Test
  void agentEntryPointReportsABadRequestThroughItsTerminationMessage(@TempDir Path tmp) throws Exception {
    Path terminationLog = tmp.resolve("termination-log");
    Process agent = launch(List.of("agent"), tmp, terminationLog, "{\"domain\": \"\"}");

    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).isEqualTo(2);
    AgentReport report = new ReportCodec().decode(Files.readString(terminationLog), () -> "");
    assertThat(report.getFailure().getReason()).isEqualTo("BadRequest");
    assertThat(report.getFailure().getMessage()).contains("names no libvirt domain");
  }

  @Test
  void agentJvmOptionsComeFromOneFileInTheImage() throws IOException {
    // The test above runs the agent with this file (a wrong path would make java exit 1, not 2).
    List<String> options = Files.readAllLines(DIST.resolve("conf/agent.jvm")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    assertThat(options).contains("-Xmx64m", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    assertThat(Files.readString(DIST.resolve("bin/vmnetdiag"))).contains("@$home/conf/agent.jvm");
    assertThat(Files.readString(DIST.resolve("Dockerfile"))).contains("COPY conf/ /opt/vmnetdiag/conf/");
  }

  @Test
  void theClassArchiveIsMadeByATrainingRunAndTheAgentLoadsItsClassesFromIt(@TempDir Path tmp) throws Exception {
    Path archive = tmp.resolve("cds/agent.jsa");
    Process training = launch(List.of("class-archive"), tmp, tmp.resolve("t"), null, archive, null);
    String trainingOutput = new String(training.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(training.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(training.exitValue()).as(trainingOutput).isZero();
    assertThat(trainingOutput).contains("class-archive training: agent run ended with PathUnresolved",
        "class-archive: " + archive);
    assertThat(Files.size(archive)).isGreaterThan(1024 * 1024);

    Path terminationLog = tmp.resolve("termination-log");
    Process agent = launch(List.of("agent"), tmp, terminationLog, "{\"domain\": \"\"}", archive,
        "@" + DIST.resolve("conf/agent.jvm") + " -Xlog:class+load=info:file=" + tmp.resolve("classes.log"));
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).isEqualTo(2);
    assertThat(Files.readAllLines(tmp.resolve("classes.log")))
        .anyMatch(line -> line.contains("io.vmnetdiag.agent.NodeAgent source: shared objects file (top)"));
  }

  @Test
  void theImageIsBuiltOnADigestPinnedBaseAndMakesTheClassArchive() throws IOException {
    // No container engine runs these tests: the Dockerfile's lines are what can be checked here.
    List<String> dockerfile = Files.readAllLines(DIST.resolve("Dockerfile"));
    assertThat(dockerfile).filteredOn(line -> line.startsWith("FROM "))
        .singleElement().asString().matches("FROM debian:12-slim@sha256:[0-9a-f]{64}");
    assertThat(dockerfile).containsSubsequence("COPY bin/ /opt/vmnetdiag/bin/", "RUN vmnetdiag class-archive",
        "USER 65532:65532");
  }

  @Test
  void aMissingOrStaleClassArchiveLeavesTheAgentWorking(@TempDir Path tmp) throws Exception {
    Path stale = Files.write(tmp.resolve("stale.jsa"), new byte[64 * 1024]);
    for (Path archive : List.of(tmp.resolve("missing.jsa"), stale)) {
      Path terminationLog = tmp.resolve("termination-log-" + archive.getFileName());
      Process agent = launch(List.of("agent"), tmp, terminationLog, "{\"domain\": \"\"}", archive, null);
      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(agent.exitValue()).as(archive.toString()).isEqualTo(2);
      AgentReport report = new ReportCodec().decode(Files.readString(terminationLog), () -> "");
      assertThat(report.getFailure().getReason()).isEqualTo("BadRequest");
    }
  }

  @Test
  void diagnoseEntryPointRunsTheCli(@TempDir Path tmp) throws Exception {
    Process help = launch(List.of("diagnose", "--help"), tmp, tmp.resolve("t"), null);
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .startsWith("usage: vmnetdiag diagnose DOMAIN").contains("exit codes: 0 healthy, 1 fault located");
    assertThat(help.exitValue()).isZero();

    // libvirt's test driver ships a node with one domain, "test": any other name is bad input, in one line.
    Process unknown = launch(List.of("diagnose", "no-such-vm", "--connect", "test:///default"), tmp, tmp.resolve("t"),
        null);
    assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(unknown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(unknown.exitValue()).as(output).isEqualTo(3);
    assertThat(output).isEqualTo("vmnetdiag diagnose: libvirt at test:///default has no domain named 'no-such-vm'; "
        + "known domains: test (DomainNotFound)\n");
  }

  @Test
  void unknownRoleIsAUsageError(@TempDir Path tmp) throws Exception {
    Process process = launch(List.of("frobnicate"), tmp, tmp.resolve("t"), null);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("usage");
  }

  private static Process launch(List<String> args, Path tmp, Path terminationLog, String request) throws IOException {
    // No class archive unless a test makes one: the tree's own cds/ is not built here.
    return launch(args, tmp, terminationLog, request, tmp.resolve("no-archive.jsa"), null);
  }

  private static Process launch(List<String> args, Path tmp, Path terminationLog, String request, Path classArchive,
      String agentJavaOpts) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("sh", DIST.resolve("bin/vmnetdiag").toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TMPDIR", tmp.toString());
    builder.environment().put("VMNETDIAG_TERMINATION_LOG", terminationLog.toString());
    if (request != null) {
      builder.environment().put("VMNETDIAG_REQUEST", request);
    }
    builder.environment().put("VMNETDIAG_AGENT_CLASS_ARCHIVE", classArchive.toString());
    if (agentJavaOpts != null) {
      builder.environment().put("VMNETDIAG_AGENT_JAVA_OPTS", agentJavaOpts);
    }
    return builder.start();
  }
}
