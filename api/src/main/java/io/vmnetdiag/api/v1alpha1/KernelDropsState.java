package io.vmnetdiag.api.v1alpha1;

/** Whether the kernel's drop reasons could be counted during the window. */
public enum KernelDropsState {
  /** skb:kfree_skb was traced for the whole window in the agent's own tracefs instance. */
  Counted,
  /** They could not be counted; the message says why (no tracefs, no privilege, no tracepoint). */
  NotAvailable
}
