package io.vmnetdiag.capture.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.TrafficDirection;
import io.vmnetdiag.capture.frame.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

class HopRecorderTest {
  /** A 60-byte frame of an unknown EtherType whose printed length tells which packet it was. */
  private static byte[] frame() {
    byte[] frame = new byte[60];
    frame[12] = (byte) 0x88;
    frame[13] = (byte) 0xb5;
    return frame;
  }

  private static void recordNumbered(HopRecorder recorder, int count) {
    for (int i = 1; i <= count; i++) {
      recorder.record(Direction.ToVm, PacketKind.TcpSyn, frame(), 1000 + i, i * 1_000_000L);
    }
  }

  private static String lengthOf(PacketSample sample) {
    // "..., ethertype Unknown (0x88b5), length 1001:" as tcpdump prints a frame it cannot decode.
    String text = sample.getText();
    return text.substring(text.lastIndexOf(' ') + 1).replace(":", "");
  }

  @Test
  void countsByDirectionAndKind() {
    HopRecorder recorder = new HopRecorder(2);
    recorder.record(Direction.ToVm, PacketKind.TcpSyn, frame(), 60, 0);
    recorder.record(Direction.ToVm, PacketKind.TcpSyn, frame(), 60, 0);
    recorder.record(Direction.ToVm, PacketKind.ArpReply, frame(), 60, 0);
    recorder.record(Direction.FromVm, PacketKind.ArpRequest, frame(), 60, 0);
    recorder.record(null, PacketKind.IcmpEchoRequest, frame(), 60, 0);

    assertThat(recorder.toVm().get(PacketKind.TcpSyn)).isEqualTo(2);
    assertThat(recorder.toVm().get(PacketKind.ArpReply)).isEqualTo(1);
    assertThat(recorder.toVm().total()).isEqualTo(3);
    assertThat(recorder.fromVm().nonZero()).containsOnlyKeys(PacketKind.ArpRequest);
    assertThat(recorder.packets()).isEqualTo(5);
    assertThat(recorder.relatedPackets()).isEqualTo(4);
    assertThat(recorder.samples()).hasSize(4);
  }

  @Test
  void keepsFirstAndLastSamplesOnly() {
    HopRecorder recorder = new HopRecorder(3);
    recordNumbered(recorder, 10_000);
    List<PacketSample> samples = recorder.samples();
    assertThat(samples).hasSize(6);
    assertThat(samples.stream().map(HopRecorderTest::lengthOf))
        .containsExactly("1001", "1002", "1003", "10998", "10999", "11000");
    assertThat(samples.get(0).getText()).startsWith("00:00:01.000000 ").contains("ethertype Unknown (0x88b5)");
    assertThat(samples.get(0).getTime()).isEqualTo("1970-01-01T00:00:01.000000Z");
    assertThat(samples.get(0).getDirection()).isEqualTo(TrafficDirection.ToVm);
    assertThat(samples.get(0).getKind()).isEqualTo(PacketKind.TcpSyn);
  }

  @Test
  void fewPacketsAreAllSampledOnce() {
    HopRecorder recorder = new HopRecorder(3);
    recordNumbered(recorder, 5);
    assertThat(recorder.samples().stream().map(HopRecorderTest::lengthOf))
        .containsExactly("1001", "1002", "1003", "1004", "1005");
  }

  @Test
  void unrelatedPacketsAreNotSampled() {
    HopRecorder recorder = new HopRecorder(3);
    recorder.record(null, PacketKind.Other, frame(), 60, 0);
    assertThat(recorder.samples()).isEmpty();
  }

  @Test
  void zeroSamplesStillCounts() {
    HopRecorder recorder = new HopRecorder(0);
    recordNumbered(recorder, 100);
    assertThat(recorder.samples()).isEmpty();
    assertThat(recorder.toVm().getTcpSyn()).isEqualTo(100);
  }

  @Test
  void rejectsNegativeSampleCount() {
    assertThatThrownBy(() -> new HopRecorder(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
