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
import java.util.stream.Stream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
    AgentReport report = report(8, 400);
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
    ReportCodec.Encoded encoded = codec.encode(report(8, 400));
    String log = String.join("\n", encoded.logLines().subList(1, encoded.logLines().size()));
    assertThatThrownBy(() -> codec.decode(encoded.terminationMessage(), () -> log))
        .isInstanceOf(ReportCodec.ReportException.class)
        .hasMessageContaining("of the report's");
  }

  @Test
  void chunksOfAnotherReportAreDetected() {
    ReportCodec.Encoded first = codec.encode(report(8, 400));
    ReportCodec.Encoded second = codec.encode(report(8, 401));
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

  /** Every way a pod can garble its report: each ends as a ReportException with a message that names it. */
  static Stream<Arguments> malformedReports() throws Exception {
    String zeros = sha256(new byte[0]);
    byte[] bomb = gzip(new byte[ReportCodec.MAX_REPORT_BYTES + 1]);
    byte[] notJson = "{\"hops\": [".getBytes(StandardCharsets.UTF_8);
    byte[] wrongType = "{\"hops\": 7}".getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of("bad base64", inline(zeros, "!!not*base64!!"), "", "not valid base64"),
        Arguments.of("bad base64 padding", inline(zeros, "AAAAA"), "", "not valid base64"),
        Arguments.of("not gzip", inline(zeros, Base64.getEncoder().encodeToString("plain".getBytes())), "",
            "not valid gzip"),
        Arguments.of("gzip bomb", inline(sha256(new byte[ReportCodec.MAX_REPORT_BYTES + 1]),
            Base64.getEncoder().encodeToString(bomb)), "", "larger than " + ReportCodec.MAX_REPORT_BYTES),
        Arguments.of("bad JSON", inline(sha256(notJson), Base64.getEncoder().encodeToString(gzip(notJson))), "",
            "not valid JSON"),
        Arguments.of("JSON of the wrong shape", inline(sha256(wrongType), Base64.getEncoder().encodeToString(gzip(wrongType))),
            "", "not valid JSON"),
        Arguments.of("more parts than fit", ReportCodec.MAGIC + " sha256=" + zeros + " chunks=99999999999", "",
            "log parts"),
        Arguments.of("zero parts", ReportCodec.MAGIC + " sha256=" + zeros + " chunks=0", "", "log parts"),
        Arguments.of("part numbers beyond int", ReportCodec.MAGIC + " sha256=" + zeros + " chunks=2",
            ReportCodec.MAGIC + " chunk 99999999999/2 AAAA\n" + ReportCodec.MAGIC + " chunk 1/2 AAAA", "1 of the report's 2"),
        Arguments.of("wrong checksum", inline(zeros, Base64.getEncoder().encodeToString(gzip(wrongType))), "",
            "checksum"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedReports")
  void malformedReportIsAClearErrorNeverAnotherException(String what, String terminationMessage, String log,
      String message) {
    assertThatThrownBy(() -> codec.decode(terminationMessage, () -> log))
        .isInstanceOf(ReportCodec.ReportException.class)
        .hasMessageContaining(message);
  }

  private static String inline(String sha, String payload) {
    return ReportCodec.MAGIC + " sha256=" + sha + " inline=" + payload;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
