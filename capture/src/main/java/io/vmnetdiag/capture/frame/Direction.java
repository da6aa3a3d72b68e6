package io.vmnetdiag.capture.frame;

/** Which way a frame travels relative to the VM. */
public enum Direction {
  ToVm,
  FromVm
}
