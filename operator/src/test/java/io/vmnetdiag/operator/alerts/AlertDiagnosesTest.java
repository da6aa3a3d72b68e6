package io.vmnetdiag.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.DiagnosisTriggerSpec;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.TriggerReference;
import io.vmnetdiag.operator.status.StatusDraft;
import java.util.Map;
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

  @Test
  void theDiagnosisCarriesTheAlertAndItsStatusLinksBack() {
    DiagnosisTrigger trigger = new DiagnosisTrigger();
    trigger.setMetadata(new ObjectMetaBuilder().withName("probe-failed").withNamespace("vms").build());
    DiagnosisTriggerSpec spec = new DiagnosisTriggerSpec();
    spec.getCapture().setDuration("7s");
    trigger.setSpec(spec);
    AlertmanagerPayload.Alert alert = new AlertmanagerPayload.Alert("firing", Map.of("domain", "web-01"), Map.of(),
        "2026-12-01T10:00:00Z", "0001-01-01T00:00:00Z", "http://prometheus:9090/graph", "0123456789abcdef");

    NetworkDiagnosis nd = AlertDiagnoses.build(trigger, alert, vm("node-a", "web-01"), "alert-web-01-x");
    nd.getSpec().getCapture().setDuration("9s");

    assertThat(spec.getCapture().getDuration()).as("the trigger's template is copied, not shared").isEqualTo("7s");
    assertThat(nd.getMetadata().getNamespace()).isEqualTo("vms");
    assertThat(nd.getMetadata().getLabels()).containsKey(AlertDiagnoses.LABEL_VM);
    TriggerReference link = StatusDraft.from(nd, Instant.now()).build().getTrigger();
    assertThat(link.getName()).isEqualTo("probe-failed");
    assertThat(link.getAlertFingerprint()).isEqualTo("0123456789abcdef");
    assertThat(link.getAlertStartsAt()).isEqualTo("2026-12-01T10:00:00Z");

    NetworkDiagnosis handWritten = new NetworkDiagnosis();
    handWritten.getMetadata().setName("web-01");
    assertThat(StatusDraft.from(handWritten, Instant.now()).build().getTrigger()).isNull();
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
