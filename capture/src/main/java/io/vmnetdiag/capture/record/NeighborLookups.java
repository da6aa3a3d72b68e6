package io.vmnetdiag.capture.record;

import io.vmnetdiag.api.net.IpLiteral;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import io.vmnetdiag.capture.frame.PacketSamples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The VM's own neighbour lookups at one hop, per address asked: how often it asked, how many answers were
 * handed towards it, and how often it asked again after the first answer. A guest that keeps asking for an
 * address whose answer it was handed does not read what it receives: the seed case's decisive fact.
 * Bounded to {@link #MAX_ADDRESSES}; allocates only when a new address is first seen.
 */
final class NeighborLookups {
  static final int MAX_ADDRESSES = 8;

  private final byte[][] addresses = new byte[MAX_ADDRESSES][];
  private final long[] requests = new long[MAX_ADDRESSES];
  private final long[] answers = new long[MAX_ADDRESSES];
  private final long[] requestsAfterAnswer = new long[MAX_ADDRESSES];
  private final long[] firstAnswer = new long[MAX_ADDRESSES];
  private final long[] lastRequest = new long[MAX_ADDRESSES];
  // The decisive frames themselves, whatever else floods the hop: each address's first answer and last request.
  private final KeptFrame[] firstAnswerFrames = new KeptFrame[MAX_ADDRESSES];
  private final KeptFrame[] lastRequestFrames = new KeptFrame[MAX_ADDRESSES];
  private int size;
  // Written by the capture thread only; volatile so the early-stop watch can read it live.
  private volatile long askedAgainAfterAnswer;

  /** The VM asked for the address at {@code frame[offset..offset+length)}; {@code sequence} numbers the frame. */
  void request(KeptFrame request, int offset, int length) {
    byte[] frame = request.frame();
    int i = slot(frame, offset, length);
    if (i < 0) {
      return;
    }
    requests[i]++;
    lastRequest[i] = request.epochMicros();
    KeptFrame previous = lastRequestFrames[i];
    lastRequestFrames[i] = request.copy(previous == null ? null : previous.frame());
    if (answers[i] > 0) {
      requestsAfterAnswer[i]++;
      askedAgainAfterAnswer++;
    }
  }

  /** An answer announcing the address at {@code frame[offset..offset+length)} travelled towards the VM. */
  void answer(KeptFrame answer, int offset, int length) {
    int i = slot(answer.frame(), offset, length);
    if (i < 0) {
      return;
    }
    if (answers[i]++ == 0) {
      firstAnswer[i] = answer.epochMicros();
      firstAnswerFrames[i] = answer.copy(null);
    }
  }

  /** Each address's first answer and last request, as kept frames. */
  void keptInto(List<KeptFrame> kept) {
    for (int i = 0; i < size; i++) {
      if (firstAnswerFrames[i] != null) {
        kept.add(firstAnswerFrames[i]);
      }
      if (lastRequestFrames[i] != null) {
        kept.add(lastRequestFrames[i]);
      }
    }
  }

  /** Requests the VM sent again, for any address, after an answer for it had been handed towards it. */
  long askedAgainAfterAnswer() {
    return askedAgainAfterAnswer;
  }

  List<NeighborLookup> entries() {
    List<NeighborLookup> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      NeighborLookup lookup = new NeighborLookup(IpLiteral.format(addresses[i]), requests[i], answers[i],
          requestsAfterAnswer[i]);
      if (answers[i] > 0) {
        lookup.setFirstAnswer(PacketSamples.time(firstAnswer[i]));
      }
      if (requests[i] > 0) {
        lookup.setLastRequest(PacketSamples.time(lastRequest[i]));
      }
      entries.add(lookup);
    }
    return entries;
  }

  private int slot(byte[] frame, int offset, int length) {
    if (offset < 0 || offset + length > frame.length) {
      return -1;
    }
    for (int i = 0; i < size; i++) {
      if (addresses[i].length == length && Arrays.equals(addresses[i], 0, length, frame, offset, offset + length)) {
        return i;
      }
    }
    if (size == MAX_ADDRESSES) {
      return -1;
    }
    addresses[size] = Arrays.copyOfRange(frame, offset, offset + length);
    return size++;
  }
}
