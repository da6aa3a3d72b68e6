package io.vmnetdiag.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.vmnetdiag.agent.CaptureRunner;
import io.vmnetdiag.agent.NodeAgent;
import io.vmnetdiag.agent.path.PathResolver;
import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.capture.CaptureWindow;
import io.vmnetdiag.diagnosis.VerdictEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code vmnetdiag diagnose DOMAIN ...}: the node agent's whole flow (resolve through libvirt, capture every hop,
 * probe, stop early) in this process, then the verdict engine, on a libvirt host without Kubernetes.
 */
public final class DiagnoseMain {
  /** The agent's flow; {@code NodeAgent::run} in production. */
  @FunctionalInterface
  public interface Agent {
    AgentReport run(String requestJson, Consumer<CaptureWindow> whileArmed);
  }

  private final Agent agent;
  private final String node;
  private final PrintStream out;
  private final PrintStream err;

  public DiagnoseMain(Agent agent, String node, PrintStream out, PrintStream err) {
    this.agent = agent;
    this.node = node;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // The agent logs for a pod's log; here stderr carries progress and one line per error, never a stack trace.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
          System.getenv().getOrDefault("VMNETDIAG_LOG_LEVEL", "off"));
    }
    int code;
    try {
      code = new DiagnoseMain(DiagnoseMain::realAgent, hostname(), System.out, System.err).run(Arrays.asList(args));
    } catch (RuntimeException | LinkageError e) {
      System.err.println("vmnetdiag diagnose: " + oneLine(String.valueOf(e.getMessage() == null ? e : e.getMessage())));
      code = DiagnosisResult.ERROR;
    }
    System.out.flush();
    System.exit(code);
  }

  /** Runs one diagnosis; returns the exit code. */
  public int run(List<String> args) {
    DiagnoseArguments arguments;
    try {
      arguments = DiagnoseArguments.parse(args);
    } catch (UsageException e) {
      err.println("vmnetdiag diagnose: " + e.getMessage());
      return DiagnosisResult.ERROR;
    }
    if (arguments.help()) {
      out.println(DiagnoseArguments.USAGE);
      return DiagnosisResult.HEALTHY;
    }
    CaptureRequest request = arguments.request(node);
    AgentReport report;
    try (Progress progress = new Progress(err)) {
      report = agent.run(json(request), progress);
    }
    if (report.getFailure() != null) {
      err.println("vmnetdiag diagnose: " + oneLine(report.getFailure().getMessage())
          + " (" + report.getFailure().getReason() + ")");
      return DiagnosisResult.ERROR;
    }
    DiagnosisResult result = DiagnosisResult.of(report,
        new VerdictEngine().decide(report.getPath(), report.getHops(), report.getProbes(), report.getKernelDrops()));
    out.print(switch (arguments.output()) {
      case Picture -> PathPicture.render(result);
      case Json -> json(result) + "\n";
      case Yaml -> yaml(result);
    });
    out.flush();
    return result.exitCode();
  }

  static String json(Object value) {
    try {
      return new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String yaml(Object value) {
    try {
      return new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.SPLIT_LINES).build())
          .setSerializationInclusion(JsonInclude.Include.NON_NULL).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "localhost";
    }
  }

  static String oneLine(String message) {
    return message == null ? "failed" : message.strip().replaceAll("\\s*\\n\\s*", " ");
  }

  /** The real agent, built only when a diagnosis runs, so --help and bad flags never touch libvirt or pcap. */
  private static AgentReport realAgent(String json, Consumer<CaptureWindow> whileArmed) {
    return new NodeAgent(new PathResolver(), CaptureRunner.pcap()).run(json, whileArmed);
  }
}
