package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.DomainOwnerTag;
import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A grant that requires an owner tag, end to end: the operator puts the required owner in the request, the agent
 * (run by the lab kubelet) reads the domain XML through libvirt and refuses the untagged domain before capturing.
 */
@LabScenarioTest
class DomainOwnerDiagnosisTest {

  @Test
  void aDomainWithoutTheOwnerTagTheGrantRequiresIsRefusedBeforeAnyCapture() {
    try (LabScenario lab = LabScenario.start()) {
      lab.requireDomainOwner("team-x");

      NetworkDiagnosis done = lab.diagnose(lab.defaultDiagnosis("not-mine"), Duration.ofSeconds(60));

      String yaml = lab.asYaml(done);
      DiagnosisCondition ready = done.getStatus().getConditions().stream()
          .filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
      assertThat(ready.getReason()).as(yaml).isEqualTo(DomainOwnerTag.NOT_OWNED);
      assertThat(ready.getMessage()).contains("domain '" + lab.domain() + "' does not carry owner 'team-x'");
      assertThat(done.getStatus().getHops()).as("nothing was captured").isNullOrEmpty();
      assertThat(done.getStatus().getVerdict()).isNull();
    }
  }
}
