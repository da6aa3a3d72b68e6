package io.vmnetdiag.agent;

import io.vmnetdiag.api.report.AgentReport;
import io.vmnetdiag.api.report.ReportCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands the report to Kubernetes: the termination message, plus the log when it is too large. */
public final class ReportOutput {
  private static final Logger log = LoggerFactory.getLogger(ReportOutput.class);
  private final ReportCodec codec = new ReportCodec();
  private final Path terminationLog;
  private final PrintStream stdout;

  public ReportOutput(Path terminationLog, PrintStream stdout) {
    this.terminationLog = terminationLog;
    this.stdout = stdout;
  }

  public void emit(AgentReport report) {
    ReportCodec.Encoded encoded = codec.encode(report);
    // Log chunks first: by the time the termination message exists, the log already holds them.
    encoded.logLines().forEach(stdout::println);
    stdout.flush();
    try {
      Files.writeString(terminationLog, encoded.terminationMessage(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      log.error("cannot write the termination message to {}: {}", terminationLog, e.toString());
    }
  }
}
