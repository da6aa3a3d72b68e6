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
  // A key is its length and its bytes big-endian in two longs (high: bytes 0-7, low: bytes 8-15, a key
  // of up to 8 bytes sits in the low word alone): hashing and comparing are a few word operations.
  private final long[] highs;
  private final long[] lows;
  private final byte[] keyLengths;
  private final int[] hashes;
  private final long[] counts;
  private final long[] overestimates;
  private int size;
  private int hand;
  /** The slot of the key counted last, or -1: packets come in runs from one peer, and a run skips the table. */
  private int lastSlot = -1;

  TopCounter(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    // At most half full, so probe runs stay short.
    int slots = Integer.highestOneBit(capacity * 2 - 1) << 1;
    this.mask = slots - 1;
    this.highs = new long[slots];
    this.lows = new long[slots];
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
    int split = Math.max(0, length - 8);
    add(bigEndian(data, offset, split), bigEndian(data, offset + split, length - split), length);
  }

  /**
   * Counts one occurrence of the key of {@code length} (1 to 16) bytes whose first {@code length - 8} bytes
   * are {@code high} and whose last (up to 8) bytes are {@code low}, both big-endian.
   */
  void add(long high, long low, int length) {
    int last = lastSlot;
    if (last >= 0 && lows[last] == low && highs[last] == high && keyLengths[last] == length) {
      counts[last]++;
      return;
    }
    int hash = hash(high, low, length);
    int slot = hash & mask;
    while (keyLengths[slot] != 0) {
      if (hashes[slot] == hash && lows[slot] == low && highs[slot] == high && keyLengths[slot] == length) {
        counts[slot]++;
        lastSlot = slot;
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
    highs[slot] = high;
    lows[slot] = low;
    keyLengths[slot] = (byte) length;
    hashes[slot] = hash;
    counts[slot] = inherited + 1;
    overestimates[slot] = inherited;
    size++;
    lastSlot = slot;
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
        entries.add(new Entry(key(slot), counts[slot] - overestimates[slot]));
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
    lastSlot = -1; // entries move below
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
    highs[to] = highs[from];
    lows[to] = lows[from];
    keyLengths[to] = keyLengths[from];
    hashes[to] = hashes[from];
    counts[to] = counts[from];
    overestimates[to] = overestimates[from];
  }

  private byte[] key(int slot) {
    int length = keyLengths[slot];
    byte[] key = new byte[length];
    for (int i = 0; i < length; i++) {
      int fromEnd = length - 1 - i; // byte index counted from the key's last byte
      key[i] = (byte) (fromEnd < 8 ? lows[slot] >>> (8 * fromEnd) : highs[slot] >>> (8 * (fromEnd - 8)));
    }
    return key;
  }

  private static long bigEndian(byte[] data, int offset, int length) {
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = value << 8 | (data[offset + i] & 0xff);
    }
    return value;
  }

  private static int hash(long high, long low, int length) {
    // murmur3's 64-bit finaliser: addresses differing in the last byte must spread over the whole table.
    long h = low * 0x9e3779b97f4a7c15L ^ high ^ length;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
