package io.vmnetdiag.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ControlPlaneExtension.class)
class DiagnosisEventsTest {
  @Test
  void theLongestDiagnosisNamesItsEventsTooAsTheServerAcceptsThem(KubernetesClient client, TestNamespace namespace) {
    // 253 characters, the most a name may have, with a '-' where the event name's prefix is cut.
    String longest = "a".repeat(243) + "-" + "b".repeat(9);
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.setMetadata(new ObjectMetaBuilder().withName(longest).withNamespace(namespace.name()).withUid("u-1").build());

    new DiagnosisEvents(Clock.systemUTC()).record(client, nd, EventReason.Diagnosed, "PathHealthy at none");

    assertThat(client.v1().events().inNamespace(namespace.name()).list().getItems())
        .singleElement().satisfies(event -> {
          assertThat(event.getInvolvedObject().getName()).isEqualTo(longest);
          assertThat(event.getMetadata().getName()).hasSizeLessThanOrEqualTo(253).startsWith("a".repeat(243) + ".");
        });
  }

  @Test
  void aShortNameIsKeptWholeBeforeTheSuffix() {
    assertThat(DiagnosisEvents.eventName("web-01", "1a2b3c4d")).isEqualTo("web-01.1a2b3c4d");
  }
}
