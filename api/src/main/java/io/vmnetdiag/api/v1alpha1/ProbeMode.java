package io.vmnetdiag.api.v1alpha1;

/** When the agent sends active probes towards the VM. */
public enum ProbeMode {
  /** Only when nothing is sent towards the VM in the first quarter of the window; all probes go before its middle. */
  Auto,
  Always,
  Never
}
