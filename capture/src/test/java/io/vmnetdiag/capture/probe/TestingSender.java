package io.vmnetdiag.capture.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records each frame with the virtual time it was sent; can fail from the n-th send or cost time per send. */
final class TestingSender implements FrameSender, FrameSender.Opener {
  final List<byte[]> frames = new ArrayList<>();
  final List<Instant> times = new ArrayList<>();
  final List<String> openedOn = new ArrayList<>();
  private final TestingPacer pacer;
  int failFrom = Integer.MAX_VALUE;
  Duration costPerSend = Duration.ZERO;
  boolean closed;

  TestingSender(TestingPacer pacer) {
    this.pacer = pacer;
  }

  @Override
  public FrameSender open(String interfaceName) {
    openedOn.add(interfaceName);
    return this;
  }

  @Override
  public void send(byte[] frame) throws ProbeFailure {
    if (frames.size() + 1 >= failFrom) {
      throw new ProbeFailure("the interface went away");
    }
    frames.add(frame);
    times.add(pacer.now());
    pacer.advance(costPerSend);
  }

  @Override
  public void close() {
    closed = true;
  }
}
