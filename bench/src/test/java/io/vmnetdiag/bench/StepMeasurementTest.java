package io.vmnetdiag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepMeasurementTest {
  @TempDir
  Path work;

  @Test
  void readsAStepDirectoryAsRunShWritesIt() throws IOException {
    Path step = Files.createDirectories(work.resolve("ladder/01-100k"));
    Files.writeString(step.resolve("step.env"), "label=100k\ntarget_pps=100000\nseconds=8.000\noffered_packets=800000\n"
        + "seen_packets=800000\ntcpdump_w_cpu_nanos=80000000\ntcpdump_nn_cpu_nanos=1600000000\n");
    Files.writeString(step.resolve("agent.out"), "armed_after_process_start_ms=420\narmed=true\ncaptured=800000\n"
        + "kernel_dropped=0\ncpu_nanos_window=960000000\ncpu_nanos_total=1500000000\ndone=true\n");
    Files.writeString(step.resolve("tcpdump-w.err"), "800000 packets captured\n800000 packets received by filter\n"
        + "0 packets dropped by kernel\n");
    Files.writeString(step.resolve("tcpdump-nn.err"), "tcpdump: listening on x\n600000 packets captured\n"
        + "800000 packets received by filter\n200000 packets dropped by kernel\n");
    Files.writeString(step.resolve("steady.env"), "sample.mid.rx_packets=400000\nsample.mid.agent_cpu_nanos=500000000\n"
        + "sample.mid.tcpdump_w_cpu_nanos=40000000\nsample.mid.tcpdump_nn_cpu_nanos=800000000\n"
        + "sample.end.rx_packets=750000\nsample.end.agent_cpu_nanos=535000000\n"
        + "sample.end.tcpdump_w_cpu_nanos=70000000\nsample.end.tcpdump_nn_cpu_nanos=1500000000\n");

    StepMeasurement measured = StepMeasurement.read(step);

    assertThat(measured.offeredPps()).isEqualTo(100_000);
    assertThat(measured.agent().capturedPercent(measured.seenPackets())).isEqualTo(100);
    assertThat(measured.agent().cpuSecondsPerMillion()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(measured.tcpdumpWrite().cpuSecondsPerMillion()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(measured.tcpdumpPrint().kernelDrops()).isEqualTo(200_000);
    assertThat(measured.tcpdumpPrint().capturedPercent(measured.seenPackets())).isEqualTo(75);
    assertThat(measured.cpuRatio()).isCloseTo(12, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(measured.agentStartupMillis()).isEqualTo(420);
    SteadyCpu steady = measured.steady();
    assertThat(steady.packets()).isEqualTo(350_000);
    assertThat(steady.nanosPerPacket(steady.agentNanos())).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(steady.nanosPerPacket(steady.tcpdumpPrintNanos())).isCloseTo(2000, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(steady.ratio()).isCloseTo(35.0 / 30, org.assertj.core.data.Offset.offset(1e-9));
    // 960 ms in the window, of which 100 ns x 800,000 packets = 80 ms is the packets' steady-state share.
    assertThat(measured.agentFixedCpuMillis()).isCloseTo(880, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(AgentCpu.read(step).beforeArmedNanos()).isEqualTo(540_000_000);
    assertThat(BenchReport.ladder(work.resolve("ladder"))).hasSize(1);

    List<AgentCpu> agentCpu = BenchReport.agentCpu(work.resolve("ladder"));
    FootprintMeasurement flood = FootprintMeasurement.read(work.resolve("footprint"));
    String report = BenchReport.render(KeyValues.parse(""), List.of(measured), agentCpu, flood,
        Goals.judge(List.of(measured), flood), Figures.of(List.of(measured), agentCpu, List.of()));
    assertThat(report).contains("## Figures")
        .contains("FIGURE: whole capture (JIT warm-up included), agent/tcpdump -w CPU per packet: 100k 12.00x\n")
        .contains("armed to end of capture = whole-capture CPU - steady-state CPU per packet x packets captured:"
            + " 100k 880 ms; median 880 ms\n")
        .contains("not in the fixed CPU above): 100k 540 ms; median 540 ms\n")
        .doesNotContain("PASS: agent CPU per packet within 1.5x of tcpdump -w at every rate, whole capture")
        .doesNotContain("FAIL: agent CPU per packet within 1.5x of tcpdump -w at every rate, whole capture");
  }

  @Test
  void anEmptyDirectoryGivesUnknownFiguresAndARenderableReport() throws IOException {
    StepMeasurement empty = StepMeasurement.read(Files.createDirectories(work.resolve("ladder/01-max")));
    FootprintMeasurement flood = FootprintMeasurement.read(work.resolve("footprint"));

    assertThat(empty.label()).isEqualTo("01-max");
    assertThat(empty.offeredPps()).isNaN();
    assertThat(empty.cpuRatio()).isNaN();
    AgentCpu cpu = AgentCpu.read(work.resolve("ladder/01-max"));
    assertThat(cpu.restNanos()).isEqualTo(-1);
    assertThat(cpu.perMillion(cpu.windowNanos())).isNaN();
    assertThat(empty.steady().ratio()).isNaN();
    assertThat(empty.agentFixedCpuMillis()).isNaN();
    assertThat(cpu.beforeArmedNanos()).isEqualTo(-1);
    String report = BenchReport.render(KeyValues.parse(""), List.of(empty), List.of(cpu), flood,
        Goals.judge(List.of(empty), flood), Figures.of(List.of(empty), List.of(cpu), List.of()));
    assertThat(report).contains("| 01-max | ? |").contains("| 01-max | ? | ? | ? | ? | ? | ? |")
        .contains("FAIL: agent CPU per packet").contains("FIGURE: whole capture (JIT warm-up included),"
            + " agent/tcpdump -w CPU per packet: 01-max n/a\n")
        .contains("x packets captured: 01-max n/a; median n/a\n");
  }
}
