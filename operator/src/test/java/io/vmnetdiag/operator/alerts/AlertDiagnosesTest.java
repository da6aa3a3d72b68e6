package io.vmnetdiag.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.Target;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Deterministic names: the same VM in the same cooldown bucket gets the same name, everywhere. */
class AlertDiagnosesTest {
  private static final Duration COOLDOWN = Duration.ofMinutes(15);
  private final Instant bucketStart = Instant.ofEpochSecond(COOLDOWN.getSeconds() * 2_000_000);

  @Test
  void oneNamePerVmAndBucket() {
    AlertTargets.Mapped web = vm("node-a", "web-01");

    assertThat(AlertDiagnoses.name(web, bucketStart, COOLDOWN))
        .isEqualTo(AlertDiagnoses.name(vm("node-a", "web-01"), bucketStart.plus(Duration.ofMinutes(14)), COOLDOWN))
        .isNotEqualTo(AlertDiagnoses.name(web, bucketStart.plus(COOLDOWN), COOLDOWN))
        .isNotEqualTo(AlertDiagnoses.name(vm("node-b", "web-01"), bucketStart, COOLDOWN))
        .startsWith("alert-web-01-");
  }

  @Test
  void longOrOddVmNamesStayValidObjectNames() {
    String name = AlertDiagnoses.name(vm("node-a", "Web_Server.Production.Very-Long-Domain-Name-0001"), bucketStart,
        COOLDOWN);

    assertThat(name).matches(LibvirtTarget.NAME_PATTERN).hasSizeLessThanOrEqualTo(63);
  }

  private static AlertTargets.Mapped vm(String node, String domain) {
    LibvirtTarget libvirt = new LibvirtTarget();
    libvirt.setNode(node);
    libvirt.setDomain(domain);
    Target target = new Target();
    target.setLibvirt(libvirt);
    return new AlertTargets.Mapped(target, "libvirt/vms/" + node + "/" + domain, domain);
  }
}
