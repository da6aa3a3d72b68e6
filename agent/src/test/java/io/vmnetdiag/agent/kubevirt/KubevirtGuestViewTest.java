package io.vmnetdiag.agent.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guest view of a KubeVirt VM: the VMI status' guest-agent interfaces when connected, else why there is none. */
class KubevirtGuestViewTest {
  @Test
  void aConnectedAgentsInterfacesAreTheViewNamedAsKubevirts() {
    KubevirtCaptureTarget target = new KubevirtCaptureTarget();
    target.setGuestAgentConnected(true);
    GuestInterface eth0 = new GuestInterface("eth0", "52:54:00:aa:bb:cc");
    eth0.setAddresses(List.of("10.0.2.2"));
    target.setGuestInterfaces(List.of(eth0));

    GuestView view = KubevirtGuestView.of(target);

    assertThat(view.getSource()).isEqualTo(GuestView.KUBEVIRT_GUEST_AGENT);
    assertThat(view.getAbsent()).isNull();
    assertThat(view.byMac("52:54:00:AA:BB:CC")).get().extracting(GuestInterface::getAddresses)
        .isEqualTo(List.of("10.0.2.2"));
    assertThat(view.getInterfaces().get(0).delta()).as("KubeVirt reports no counters").isNull();
  }

  @Test
  void noConnectedAgentOrNoneOfItsInterfacesIsAnAbsentViewWithWhy() {
    KubevirtCaptureTarget target = new KubevirtCaptureTarget();
    assertThat(KubevirtGuestView.of(target).getAbsent()).isEqualTo(GuestView.NO_AGENT);
    assertThat(KubevirtGuestView.of(target).getMessage()).contains("AgentConnected");

    target.setGuestAgentConnected(true);
    assertThat(KubevirtGuestView.of(target).getAbsent()).isEqualTo(GuestView.AGENT_NOT_ANSWERING);
    assertThat(KubevirtGuestView.of(target).getMessage()).contains("infoSource guest-agent");
  }
}
