package io.vmnetdiag.lab.kubelet;

/**
 * What a kubelet does to a pod instead of running it to its end, as a real one does when things go wrong; the lab
 * kubelet plays one per node so tests see the operator read each from the status and events a kubelet writes.
 */
public enum KubeletFault {
  /** The image cannot be pulled: the container waits with ErrImagePull, then ImagePullBackOff. */
  IMAGE_PULL,
  /** The container cannot be configured (a missing Secret, say): it waits with CreateContainerConfigError. */
  CONTAINER_CONFIG,
  /** A volume does not mount: the pod stays Pending (ContainerCreating) and a FailedMount event says why. */
  FAILED_MOUNT,
  /** The node evicts the pod under memory pressure: its container killed, the pod Failed with reason Evicted. */
  EVICT,
  /** The kernel's OOM killer ends the agent: exit code 137, reason OOMKilled. */
  OOM_KILL,
  /** The kubelet stops posting node status: the node controller marks the node's Ready condition Unknown. */
  NODE_NOT_READY
}
