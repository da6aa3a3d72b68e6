package io.vmnetdiag.capture.pcap;

/** Receives each captured frame from a capture source, on the source's loop thread. */
@FunctionalInterface
interface FrameSink {
  /**
   * One frame: {@code frame.length} is the number of captured bytes. The array may be reused for a later
   * frame once this returns, so a sink that keeps bytes must copy them.
   */
  void accept(byte[] frame, int originalLength, long epochMicros);
}
