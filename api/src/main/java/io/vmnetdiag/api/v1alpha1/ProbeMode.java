package io.vmnetdiag.api.v1alpha1;

/** When the agent sends active probes towards the VM. */
public enum ProbeMode {
  /** Only when nothing to or from the VM flows during the first half of the window. */
  Auto,
  Always,
  Never
}
