package io.vmnetdiag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.PcapSpec;
import io.vmnetdiag.api.v1alpha1.ProbeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line becomes the request the operator would build from the same choices. */
class DiagnoseArgumentsTest {
  @Test
  void aDomainAloneGetsTheSpecsDefaults() throws Exception {
    DiagnoseArguments args = DiagnoseArguments.parse(List.of("web-01"));
    CaptureRequest request = args.request("node-7");

    assertThat(args.output()).isEqualTo(DiagnoseArguments.Output.Picture);
    assertThat(request.getDomain()).isEqualTo("web-01");
    assertThat(request.getNode()).isEqualTo("node-7");
    assertThat(request.getUri()).isEqualTo(LibvirtTarget.DEFAULT_URI);
    assertThat(request.getAddress()).isNull();
    assertThat(request.getDurationSeconds()).isEqualTo(CaptureSpec.seconds(CaptureSpec.DEFAULT_DURATION));
    assertThat(request.getSnapLength()).isEqualTo(CaptureSpec.DEFAULT_SNAP_LENGTH);
    assertThat(request.getProbeMode()).isEqualTo("Auto");
    assertThat(request.getProbeCount()).isEqualTo(ProbeSpec.DEFAULT_COUNT);
    assertThat(request.isEndWhenConclusive()).isTrue();
    assertThat(request.getPorts()).isEmpty();
    assertThat(request.getPcapDirectory()).isNull();
  }

  @Test
  void everyOptionReachesTheRequestInEitherSpelling() throws Exception {
    CaptureRequest request = DiagnoseArguments.parse(List.of("--connect", "test:///tmp/node.xml", "web-01",
        "--address=10.0.0.5", "--duration", "30s", "--probes", "never", "--ports=22,80", "--pcap", "/tmp/pcaps",
        "--stop", "AtWindowEnd", "--interface", "52:54:00:6B:3C:02")).request("n");

    assertThat(request.getUri()).isEqualTo("test:///tmp/node.xml");
    assertThat(request.getInterfaceName()).isEqualTo("52:54:00:6B:3C:02");
    assertThat(request.getAddress()).isEqualTo("10.0.0.5");
    assertThat(request.getDurationSeconds()).isEqualTo(30);
    assertThat(request.getProbeMode()).isEqualTo("Never");
    assertThat(request.getPorts()).containsExactly(22, 80);
    assertThat(request.getPcapDirectory()).isEqualTo("/tmp/pcaps");
    assertThat(request.getPcapMaxFiles()).isEqualTo(PcapSpec.DEFAULT_MAX_FILES);
    assertThat(request.isEndWhenConclusive()).isFalse();
  }

  @Test
  void outputFormats() throws Exception {
    assertThat(DiagnoseArguments.parse(List.of("vm", "--json")).output()).isEqualTo(DiagnoseArguments.Output.Json);
    assertThat(DiagnoseArguments.parse(List.of("--yaml", "vm")).output()).isEqualTo(DiagnoseArguments.Output.Yaml);
    assertThat(DiagnoseArguments.parse(List.of("--help")).help()).isTrue();
  }

  @Test
  void badInputIsNamedInOneLine() {
    assertBad(List.of("vm", "--interface", "a/b"), "--interface must be a MAC address or a device name");
    assertBad(List.of("vm", "--frobnicate"), "unknown option --frobnicate");
    assertBad(List.of(), "name the libvirt domain");
    assertBad(List.of("a", "b"), "one domain at a time");
    assertBad(List.of("vm", "--duration", "0s"), "--duration must be whole seconds between 1s and 300s");
    assertBad(List.of("vm", "--duration", "301s"), "got \"301s\"");
    assertBad(List.of("vm", "--duration", "10m"), "got \"10m\"");
    assertBad(List.of("vm", "--duration"), "--duration needs a value");
    assertBad(List.of("vm", "--ports", "22,x"), "--ports takes ports between 1 and 65535");
    assertBad(List.of("vm", "--ports", "0"), "--ports takes ports between 1 and 65535");
    assertBad(List.of("vm", "--ports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"), "at most 16 ports");
    assertBad(List.of("vm", "--probes", "sometimes"), "--probes is one of Auto, Always, Never");
    assertBad(List.of("vm", "--stop", "never"), "--stop is one of WhenConclusive, AtWindowEnd");
    assertBad(List.of("vm", "--address", "web-01.local"), "--address must be an IP address");
    assertBad(List.of("vm", "--connect", "qemu+ssh://host/system"), "--connect must be a local libvirt URI");
    assertBad(List.of("vm", "--json", "--yaml"), "--json and --yaml exclude each other");
    assertBad(List.of("vm", "--json=yes"), "--json takes no value");
  }

  private static void assertBad(List<String> args, String message) {
    assertThatThrownBy(() -> DiagnoseArguments.parse(args)).isInstanceOf(UsageException.class)
        .hasMessageContaining(message).extracting(Throwable::getMessage).asString().doesNotContain("\n");
  }
}
