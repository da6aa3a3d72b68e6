package io.vmnetdiag.capture.pcap;

import io.vmnetdiag.api.v1alpha1.CaptureStats;

/** An armed, filtered capture on one interface: the kernel buffers its packets until {@link #loop} reads them. */
interface CaptureSource {
  /** Hands every packet to {@code sink} on the calling thread until {@link #stop}; a failure ends it early. */
  void loop(FrameSink sink) throws CaptureFailure;

  /** Makes {@link #loop} return soon; safe from any thread, before or during the loop, more than once. */
  void stop();

  /** Fills in the kernel's received and dropped counts since arming; call once the loop has returned. */
  void readStatistics(CaptureStats stats) throws CaptureFailure;

  /** Releases the socket or handle; never while {@link #loop} runs. */
  void close();
}
