package io.vmnetdiag.agent.kubevirt;

import io.vmnetdiag.api.report.KubevirtCaptureTarget;
import io.vmnetdiag.api.v1alpha1.GuestInterface;
import io.vmnetdiag.api.v1alpha1.GuestView;
import java.util.ArrayList;

/**
 * A KubeVirt VM's guest view: virt-launcher holds the guest agent's channel, so the agent has only what the VMI's
 * status said when the operator resolved it (the guest agent's interfaces, no counters), or why there is none.
 */
public final class KubevirtGuestView {
  private KubevirtGuestView() {
  }

  public static GuestView of(KubevirtCaptureTarget target) {
    if (!target.isGuestAgentConnected()) {
      return GuestView.absent(GuestView.NO_AGENT, "the VMI's AgentConnected condition is not True: KubeVirt sees no"
          + " guest agent in the VM");
    }
    if (target.getGuestInterfaces() == null || target.getGuestInterfaces().isEmpty()) {
      return GuestView.absent(GuestView.AGENT_NOT_ANSWERING, "the VMI's AgentConnected condition is True but its"
          + " status.interfaces lists nothing from the guest agent (infoSource guest-agent)");
    }
    GuestView view = new GuestView();
    view.setSource(GuestView.KUBEVIRT_GUEST_AGENT);
    view.setMessage("as the VMI's status.interfaces reported it when the operator resolved the VMI (KubeVirt"
        + " reports no counters)");
    view.setInterfaces(new ArrayList<>(target.getGuestInterfaces().stream().map(KubevirtGuestView::copy).toList()));
    return view;
  }

  private static GuestInterface copy(GuestInterface reported) {
    GuestInterface nic = new GuestInterface(reported.getName(), reported.getMac());
    nic.setAddresses(new ArrayList<>(reported.getAddresses()));
    return nic;
  }
}
