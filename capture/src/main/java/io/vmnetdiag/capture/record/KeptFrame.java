package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.capture.frame.Direction;
import io.vmnetdiag.capture.frame.PacketSamples;

/** A frame a hop kept as a sample; {@code sequence} numbers the hop's related frames, so one frame kept twice is one. */
record KeptFrame(long sequence, long epochMicros, byte[] frame, int originalLength, Direction direction,
    PacketKind kind) {

  /** The same frame with its bytes copied (into {@code reuse} when it has the right length): capture sources reuse theirs. */
  KeptFrame copy(byte[] reuse) {
    return new KeptFrame(sequence, epochMicros, SampleBuffer.copyInto(reuse, frame), originalLength, direction, kind);
  }

  PacketSample toSample() {
    return PacketSamples.of(epochMicros, frame, originalLength, direction, kind);
  }
}
