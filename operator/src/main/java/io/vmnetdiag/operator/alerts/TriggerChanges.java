package io.vmnetdiag.operator.alerts;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;

/** Tells the status writer about triggers the informer sees added, changed (spec or status) or deleted. */
final class TriggerChanges implements ResourceEventHandler<DiagnosisTrigger> {
  private final TriggerStatusWriter status;

  TriggerChanges(TriggerStatusWriter status) {
    this.status = status;
  }

  @Override
  public void onAdd(DiagnosisTrigger trigger) {
    status.changed(trigger);
  }

  @Override
  public void onUpdate(DiagnosisTrigger before, DiagnosisTrigger after) {
    // Our own status writes come back here too: the next flush finds nothing changed and writes nothing.
    status.changed(after);
  }

  @Override
  public void onDelete(DiagnosisTrigger trigger, boolean deletedFinalStateUnknown) {
    status.deleted(trigger);
  }
}
