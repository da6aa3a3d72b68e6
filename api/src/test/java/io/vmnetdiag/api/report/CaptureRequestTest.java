package io.vmnetdiag.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.CaptureStop;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.PcapSpec;
import io.vmnetdiag.api.v1alpha1.ProbeMode;
import io.vmnetdiag.api.v1alpha1.ProbeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one place a spec becomes the agent's request, for the operator and the CLI alike. */
class CaptureRequestTest {
  @Test
  void whatTheSpecLeavesOutTakesItsDefaults() {
    LibvirtTarget target = new LibvirtTarget();
    target.setNode("node-7");
    target.setDomain("web-01");

    CaptureRequest request = CaptureRequest.forLibvirt(target, null, "/pcap");

    assertThat(request.getUri()).as("the administrator's side (operator setting, CLI --connect) sets the URI").isNull();
    assertThat(request.getDurationSeconds()).isEqualTo(CaptureSpec.seconds(CaptureSpec.DEFAULT_DURATION)).isEqualTo(10);
    assertThat(request.getSnapLength()).isEqualTo(CaptureSpec.DEFAULT_SNAP_LENGTH);
    assertThat(request.getProbeMode()).isEqualTo("Auto");
    assertThat(request.getProbeCount()).isEqualTo(ProbeSpec.DEFAULT_COUNT);
    assertThat(request.isEndWhenConclusive()).isTrue();
    assertThat(request.getPcapDirectory()).as("pcap is off unless enabled").isNull();
  }

  @Test
  void theSpecsChoicesReachTheRequest() {
    LibvirtTarget target = new LibvirtTarget();
    target.setDomain("web-01");
    target.setAddress("10.0.0.5");
    CaptureSpec capture = new CaptureSpec();
    capture.setDuration("30s");
    capture.setPorts(List.of(22, 80));
    capture.setStop(CaptureStop.AtWindowEnd);
    capture.getProbes().setMode(ProbeMode.Never);
    capture.getPcap().setEnabled(true);

    CaptureRequest request = CaptureRequest.forLibvirt(target, capture, "/pcap/g1");

    assertThat(request.getDurationSeconds()).isEqualTo(30);
    assertThat(request.getPorts()).containsExactly(22, 80);
    assertThat(request.isEndWhenConclusive()).isFalse();
    assertThat(request.getProbeMode()).isEqualTo("Never");
    assertThat(request.getAddress()).isEqualTo("10.0.0.5");
    assertThat(request.getPcapDirectory()).isEqualTo("/pcap/g1");
    assertThat(request.getPcapMaxFileBytes()).isEqualTo(PcapSpec.DEFAULT_MAX_FILE_MEGABYTES * 1024L * 1024);
    assertThat(request.getPcapMaxFiles()).isEqualTo(PcapSpec.DEFAULT_MAX_FILES);
  }

  @Test
  void durationsOutsideThePatternAreMinusOne() {
    assertThat(CaptureSpec.seconds("10m")).isEqualTo(-1);
    assertThat(CaptureSpec.seconds(null)).isEqualTo(10);
    assertThat(CaptureSpec.seconds("300s")).isEqualTo(CaptureSpec.MAX_DURATION_SECONDS);
  }
}
