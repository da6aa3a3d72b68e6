package io.vmnetdiag.operator.capture;

import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.validation.SpecValidator;
import java.util.ArrayList;

/** Turns a validated libvirt diagnosis spec into the agent's request. */
public final class CaptureRequests {
  private CaptureRequests() {
  }

  public static CaptureRequest forLibvirt(NetworkDiagnosis nd) {
    LibvirtTarget target = nd.getSpec().getTarget().getLibvirt();
    CaptureSpec capture = nd.getSpec().getCapture() == null ? new CaptureSpec() : nd.getSpec().getCapture();
    CaptureRequest request = new CaptureRequest();
    request.setDiagnosis(nd.getMetadata().getNamespace() + "/" + nd.getMetadata().getName());
    request.setNode(target.getNode());
    request.setDomain(target.getDomain());
    request.setUri(target.getUri() == null ? LibvirtTarget.DEFAULT_URI : target.getUri());
    request.setAddress(target.getAddress());
    request.setDurationSeconds(SpecValidator.durationSeconds(capture));
    request.setSnapLength(capture.getSnapLength() == null ? CaptureSpec.DEFAULT_SNAP_LENGTH : capture.getSnapLength());
    request.setPeers(capture.getPeers() == null ? new ArrayList<>() : new ArrayList<>(capture.getPeers()));
    request.setPorts(capture.getPorts() == null ? new ArrayList<>() : new ArrayList<>(capture.getPorts()));
    return request;
  }
}
