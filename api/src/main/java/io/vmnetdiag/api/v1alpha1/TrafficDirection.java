package io.vmnetdiag.api.v1alpha1;

/** Which way a packet travels relative to the VM. */
public enum TrafficDirection {
  ToVm,
  FromVm
}
