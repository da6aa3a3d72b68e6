package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;

/**
 * What was asked of the VM at a hop and what it answered, counted as the verdict counts them (TCP, ping, neighbour
 * resolution for its address), for decisions taken while the capture runs.
 */
public final class Exchanges {
  private Exchanges() {
  }

  /** Requests towards the VM; answers to the VM's own traffic and what it sends on its own are not requests. */
  public static long asked(HopObservation hop) {
    return Conversation.askedAt(hop);
  }

  /** The VM's answers to the exchanges asked at this hop. */
  public static long answered(HopObservation hop) {
    return Conversation.answeredAt(hop);
  }
}
