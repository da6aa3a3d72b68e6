package io.vmnetdiag.api.v1alpha1;

/** When the agent sends active probes towards the VM. */
public enum ProbeMode {
  /** When nothing asks the VM anything in the first quarter of the window, or nothing it is asked is answered; all probes go before its middle. */
  Auto,
  Always,
  Never
}
