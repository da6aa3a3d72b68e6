package io.vmnetdiag.capture.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Counts short byte keys (IP addresses, protocol+port) in fixed memory and reports the most frequent.
 * An open-addressing table holds at most {@code capacity} keys; when it is full, a new key replaces
 * the smallest of a few sampled entries and inherits its count as a known over-estimate (the
 * "space-saving" scheme), so a flood of one-off keys cannot push out the heavy ones. Reported counts
 * are lower bounds: the packets surely seen since the key last entered the table. Allocates nothing
 * per key. Not thread-safe.
 */
final class TopCounter {
  static final int MAX_KEY_BYTES = 16;
  private static final int EVICTION_SAMPLE = 8;

  /** One reported key and the packets surely counted for it. */
  record Entry(byte[] key, long count) {}

  private final int capacity;
  private final int mask;
  private final byte[] keys;
  private final byte[] keyLengths;
  private final int[] hashes;
  private final long[] counts;
  private final long[] overestimates;
  private int size;
  private int hand;

  TopCounter(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    // At most half full, so probe runs stay short.
    int slots = Integer.highestOneBit(capacity * 2 - 1) << 1;
    this.mask = slots - 1;
    this.keys = new byte[slots * MAX_KEY_BYTES];
    this.keyLengths = new byte[slots];
    this.hashes = new int[slots];
    this.counts = new long[slots];
    this.overestimates = new long[slots];
  }

  /** Counts one occurrence of {@code data[offset .. offset + length)}; keys of 1 to 16 bytes, others are ignored. */
  void add(byte[] data, int offset, int length) {
    if (length < 1 || length > MAX_KEY_BYTES || offset < 0 || offset + length > data.length) {
      return;
    }
    int hash = hash(data, offset, length);
    int slot = hash & mask;
    while (keyLengths[slot] != 0) {
      if (hashes[slot] == hash && keyLengths[slot] == length && sameKey(slot, data, offset, length)) {
        counts[slot]++;
        return;
      }
      slot = (slot + 1) & mask;
    }
    long inherited = 0;
    if (size == capacity) {
      int victim = sampledMinimum();
      inherited = counts[victim];
      remove(victim);
      slot = hash & mask;
      while (keyLengths[slot] != 0) {
        slot = (slot + 1) & mask;
      }
    }
    System.arraycopy(data, offset, keys, slot * MAX_KEY_BYTES, length);
    keyLengths[slot] = (byte) length;
    hashes[slot] = hash;
    counts[slot] = inherited + 1;
    overestimates[slot] = inherited;
    size++;
  }

  /** Keys held right now (never more than the capacity). */
  int size() {
    return size;
  }

  /** The {@code limit} keys with most packets surely counted, most first; ties in key order. */
  List<Entry> top(int limit) {
    List<Entry> entries = new ArrayList<>(size);
    for (int slot = 0; slot <= mask; slot++) {
      if (keyLengths[slot] != 0) {
        int from = slot * MAX_KEY_BYTES;
        entries.add(new Entry(Arrays.copyOfRange(keys, from, from + keyLengths[slot]),
            counts[slot] - overestimates[slot]));
      }
    }
    entries.sort(Comparator.comparingLong(Entry::count).reversed()
        .thenComparing(Entry::key, Arrays::compareUnsigned));
    return List.copyOf(entries.subList(0, Math.min(limit, entries.size())));
  }

  // Looks at the next few held keys round the table and picks the one with the smallest count.
  private int sampledMinimum() {
    int victim = -1;
    int sample = Math.min(EVICTION_SAMPLE, size);
    for (int seen = 0; seen < sample; hand = (hand + 1) & mask) {
      if (keyLengths[hand] != 0) {
        if (victim < 0 || counts[hand] < counts[victim]) {
          victim = hand;
        }
        seen++;
      }
    }
    return victim;
  }

  // Linear probing without tombstones: later entries of the run shift back into the hole.
  private void remove(int slot) {
    int hole = slot;
    for (int next = (hole + 1) & mask; keyLengths[next] != 0; next = (next + 1) & mask) {
      int home = hashes[next] & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        move(next, hole);
        hole = next;
      }
    }
    keyLengths[hole] = 0;
    size--;
  }

  private void move(int from, int to) {
    System.arraycopy(keys, from * MAX_KEY_BYTES, keys, to * MAX_KEY_BYTES, MAX_KEY_BYTES);
    keyLengths[to] = keyLengths[from];
    hashes[to] = hashes[from];
    counts[to] = counts[from];
    overestimates[to] = overestimates[from];
  }

  private boolean sameKey(int slot, byte[] data, int offset, int length) {
    int base = slot * MAX_KEY_BYTES;
    for (int i = 0; i < length; i++) {
      if (keys[base + i] != data[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private static int hash(byte[] data, int offset, int length) {
    int h = length;
    for (int i = 0; i < length; i++) {
      h = h * 31 + data[offset + i];
    }
    // murmur3's finaliser: addresses differing in the last byte must spread over the whole table.
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }
}
