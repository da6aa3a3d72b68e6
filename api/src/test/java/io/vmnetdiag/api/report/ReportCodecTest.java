package io.vmnetdiag.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReportCodecTest {
  private final ReportCodec codec = new ReportCodec();

  @Test
  void smallReportTravelsInlineInTheTerminationMessage() {
    AgentReport report = report(3, 2);
    ReportCodec.Encoded encoded = codec.encode(report);

    assertThat(encoded.logLines()).isEmpty();
    assertThat(encoded.terminationMessage().length()).isLessThanOrEqualTo(ReportCodec.TERMINATION_MESSAGE_LIMIT);
    AgentReport decoded = codec.decode(encoded.terminationMessage(), () -> {
      throw new AssertionError("the log must not be read for an inline report");
    });
    assertThat(decoded).usingRecursiveComparison().isEqualTo(report);
  }

  @Test
  void reportLargerThanTheTerminationLimitTravelsThroughTheLogIntact() {
    AgentReport report = report(40, 400);
    ReportCodec.Encoded encoded = codec.encode(report);

    assertThat(encoded.terminationMessage().length()).isLessThanOrEqualTo(ReportCodec.TERMINATION_MESSAGE_LIMIT);
    assertThat(encoded.logLines()).hasSizeGreaterThan(1);
    List<String> log = new ArrayList<>();
    log.add("agent: starting capture");
    log.addAll(encoded.logLines());
    Collections.shuffle(log, new Random(7));
    AgentReport decoded = codec.decode(encoded.terminationMessage(), () -> String.join("\n", log));
    assertThat(decoded).usingRecursiveComparison().isEqualTo(report);
  }

  @Test
  void missingChunkIsAClearError() {
    ReportCodec.Encoded encoded = codec.encode(report(40, 400));
    String log = String.join("\n", encoded.logLines().subList(1, encoded.logLines().size()));
    assertThatThrownBy(() -> codec.decode(encoded.terminationMessage(), () -> log))
        .isInstanceOf(ReportCodec.ReportException.class)
        .hasMessageContaining("of the report's");
  }

  @Test
  void chunksOfAnotherReportAreDetected() {
    ReportCodec.Encoded first = codec.encode(report(40, 400));
    ReportCodec.Encoded second = codec.encode(report(40, 401));
    assertThat(second.logLines()).hasSameSizeAs(first.logLines());
    String log = String.join("\n", first.logLines());
    assertThatThrownBy(() -> codec.decode(second.terminationMessage(), () -> log))
        .isInstanceOf(ReportCodec.ReportException.class);
  }

  @Test
  void foreignTerminationMessageIsAClearError() {
    assertThatThrownBy(() -> codec.decode("Error: exec failed", () -> ""))
        .isInstanceOf(ReportCodec.ReportException.class)
        .hasMessageContaining("not a vmnetdiag report");
    assertThatThrownBy(() -> codec.decode(null, () -> ""))
        .hasMessageContaining("without a report");
  }

  private static AgentReport report(int hops, int samplesPerHop) {
    AgentReport report = new AgentReport();
    ResolvedPath path = new ResolvedPath();
    path.setDomain("web-01");
    path.setVmMac("52:54:00:12:34:56");
    report.setPath(path);
    Random random = new Random(samplesPerHop);
    for (int h = 0; h < hops; h++) {
      HopObservation hop = new HopObservation(HopRole.Tap, "vnet" + h);
      hop.getToVm().add(PacketKind.TcpSyn, random.nextInt(1000));
      for (int s = 0; s < samplesPerHop; s++) {
        PacketSample sample = new PacketSample();
        sample.setKind(PacketKind.TcpSyn);
        sample.setDirection(TrafficDirection.ToVm);
        sample.setSource("10.77.0." + random.nextInt(250));
        sample.setSourcePort(random.nextInt(65535));
        sample.setDestination("10.77.0.51");
        sample.setDestinationPort(22);
        sample.setText("08:0" + (s % 10) + ":13." + random.nextInt(999999) + " IP " + sample.getSource() + "."
            + sample.getSourcePort() + " > 10.77.0.51.22: Flags [S]");
        hop.getSamples().add(sample);
      }
      report.getHops().add(hop);
    }
    return report;
  }
}
