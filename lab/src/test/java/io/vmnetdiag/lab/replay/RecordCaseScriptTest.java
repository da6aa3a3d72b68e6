package io.vmnetdiag.lab.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.Verdict;
import io.vmnetdiag.capture.pcap.PcapFileReader;
import io.vmnetdiag.diagnosis.VerdictEngine;
import io.vmnetdiag.lab.topology.LabScripts;
import io.vmnetdiag.testkit.LabTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record-case.sh for real (root only): a short recording, replayable, and no lab left behind. */
@LabTest(tools = {"ip", "bridge", "nft", "tcpdump", "ping", "arping", "socat", "trafgen", "sysctl"})
class RecordCaseScriptTest {

  @Test
  void recordsEveryHopAndACaseFileThatReplaysToTheExpectedVerdict(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("guest-firewall");
    List<String> before = namespaces();

    String printed = LabScripts.locate().run("record-case.sh", List.of("guest-firewall", out.toString()),
        Map.of("RECORD_WINDOW", "2"));

    assertThat(printed).startsWith("guest-firewall: Uplink ");
    // Its lab (id rc + 6 random chars) is gone; other people's labs may come and go meanwhile.
    assertThat(namespaces()).as("the case's lab is gone").noneMatch(ns -> ns.startsWith("vnd-rc") && !before.contains(ns));
    RecordedCase recorded = RecordedCase.at(out);
    assertThat(Files.readString(out.resolve("case.json"), StandardCharsets.UTF_8)).contains("\"windowSeconds\": 2");
    assertThat(recorded.hops()).hasSize(4).allSatisfy(hop -> {
      assertThat(hop.pcap()).isRegularFile();
      assertThat(PcapFileReader.read(hop.pcap(), (frame, length, micros) -> { })).isEqualTo(hop.packets()).isPositive();
    });
    assertThat(recorded.vmAddress()).isEqualTo(recorded.actualVmAddress());

    Verdict verdict = new VerdictEngine().decide(recorded.path(), recorded.replayPath());
    assertThat(String.valueOf(verdict.getReason())).as(verdict.getSummary()).isEqualTo(recorded.expectedReason());
  }

  private static List<String> namespaces() throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out.lines().map(l -> l.split("\\s+")[0]).toList();
  }
}
