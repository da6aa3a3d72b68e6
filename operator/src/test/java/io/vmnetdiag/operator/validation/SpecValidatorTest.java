package io.vmnetdiag.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.KubevirtTarget;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.Target;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidatorTest {
  static Stream<Arguments> specs() {
    return Stream.of(
        Arguments.of("valid", (Consumer<NetworkDiagnosisSpec>) s -> { }, null),
        Arguments.of("ipv6 address", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setAddress("fd00::51"), null),
        Arguments.of("interface by MAC", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setInterfaceName("52:54:00:AB:cd:01"), null),
        Arguments.of("interface by device", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setInterfaceName("vnet3"), null),
        Arguments.of("short MAC", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setInterfaceName("52:54:00:ab:cd"), "libvirt.interface"),
        Arguments.of("device path", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setInterfaceName("../eth0"), "libvirt.interface"),
        Arguments.of("device name too long", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setInterfaceName("vnet0123456789ab"), "libvirt.interface"),
        Arguments.of("empty interface", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setInterfaceName(""), "libvirt.interface"),
        Arguments.of("no target", (Consumer<NetworkDiagnosisSpec>) s -> s.setTarget(null), "spec.target is required"),
        Arguments.of("both targets", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().setKubevirt(new KubevirtTarget()), "exactly one"),
        Arguments.of("bad node", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setNode("Node_1"), "libvirt.node"),
        Arguments.of("blank domain", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setDomain(" "), "libvirt.domain"),
        Arguments.of("host name address", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setAddress("web.example.com"), "libvirt.address"),
        Arguments.of("address with prefix", (Consumer<NetworkDiagnosisSpec>) s -> s.getTarget().getLibvirt().setAddress("10.0.0.1/24"), "libvirt.address"),
        Arguments.of("zero duration", (Consumer<NetworkDiagnosisSpec>) s -> s.getCapture().setDuration("0s"), "capture.duration"),
        Arguments.of("long duration", (Consumer<NetworkDiagnosisSpec>) s -> s.getCapture().setDuration("301s"), "capture.duration"),
        Arguments.of("minutes", (Consumer<NetworkDiagnosisSpec>) s -> s.getCapture().setDuration("5m"), "capture.duration"),
        Arguments.of("tiny snap", (Consumer<NetworkDiagnosisSpec>) s -> s.getCapture().setSnapLength(10), "snapLength"),
        Arguments.of("bad peer", (Consumer<NetworkDiagnosisSpec>) s -> s.getCapture().setPeers(List.of("10.0.0.300")), "capture.peers"),
        Arguments.of("bad port", (Consumer<NetworkDiagnosisSpec>) s -> s.getCapture().setPorts(List.of(0)), "capture.ports"),
        Arguments.of("kubevirt interface", (Consumer<NetworkDiagnosisSpec>) s -> kubevirt(s, "default"), null),
        Arguments.of("kubevirt interface path", (Consumer<NetworkDiagnosisSpec>) s -> kubevirt(s, "../eth0"), "kubevirt.interface"),
        Arguments.of("kubevirt interface empty", (Consumer<NetworkDiagnosisSpec>) s -> kubevirt(s, ""), "kubevirt.interface"));
  }

  /** A KubeVirt target instead of the libvirt one. */
  private static void kubevirt(NetworkDiagnosisSpec spec, String iface) {
    KubevirtTarget target = new KubevirtTarget();
    target.setName("fedora-01");
    target.setInterfaceName(iface);
    spec.getTarget().setLibvirt(null);
    spec.getTarget().setKubevirt(target);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void findsProblemsNamingTheField(String name, Consumer<NetworkDiagnosisSpec> change, String expected) {
    NetworkDiagnosisSpec spec = validSpec();
    change.accept(spec);
    List<String> problems = new SpecValidator().validate(spec);
    if (expected == null) {
      assertThat(problems).isEmpty();
    } else {
      assertThat(problems).anySatisfy(p -> assertThat(p).contains(expected));
    }
  }

  private static NetworkDiagnosisSpec validSpec() {
    LibvirtTarget libvirt = new LibvirtTarget();
    libvirt.setNode("node-1.example");
    libvirt.setDomain("web-01");
    libvirt.setAddress("10.77.0.51");
    Target target = new Target();
    target.setLibvirt(libvirt);
    NetworkDiagnosisSpec spec = new NetworkDiagnosisSpec();
    spec.setTarget(target);
    spec.setCapture(new CaptureSpec());
    return spec;
  }
}
