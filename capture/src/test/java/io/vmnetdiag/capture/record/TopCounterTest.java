package io.vmnetdiag.capture.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopCounterTest {
  private static byte[] address(int n) {
    return new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }

  private static int number(byte[] key) {
    return ((key[1] & 0xff) << 16) | ((key[2] & 0xff) << 8) | (key[3] & 0xff);
  }

  @Test
  void countsExactlyWhileThereIsRoom() {
    TopCounter counter = new TopCounter(16);
    for (int n = 1; n <= 10; n++) {
      for (int i = 0; i < n; i++) {
        counter.add(address(n), 0, 4);
      }
    }
    List<TopCounter.Entry> top = counter.top(3);
    assertThat(top).extracting(e -> number(e.key())).containsExactly(10, 9, 8);
    assertThat(top).extracting(TopCounter.Entry::count).containsExactly(10L, 9L, 8L);
    assertThat(counter.size()).isEqualTo(10);
  }

  @Test
  void keysOfDifferentLengthsAndOffsetsAreTheirOwn() {
    TopCounter counter = new TopCounter(8);
    byte[] frame = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    counter.add(frame, 0, 4);
    counter.add(frame, 0, 16);
    counter.add(frame, 4, 4);
    counter.add(new byte[] {0, 1, 2, 3}, 0, 4);
    assertThat(counter.size()).isEqualTo(3);
    assertThat(counter.top(1).get(0).key()).containsExactly(0, 1, 2, 3);
    assertThat(counter.top(1).get(0).count()).isEqualTo(2);
  }

  @Test
  void ignoresKeysItCannotHold() {
    TopCounter counter = new TopCounter(8);
    counter.add(new byte[20], 0, 17);
    counter.add(new byte[20], 0, 0);
    counter.add(new byte[4], 2, 4);
    counter.add(new byte[4], -1, 2);
    assertThat(counter.size()).isZero();
    assertThat(counter.top(5)).isEmpty();
  }

  @Test
  void tenThousandOneOffPeersStayBoundedAndTheHeavyOnesWin() {
    TopCounter counter = new TopCounter(1024);
    Random random = new Random(5);
    int[] heavy = {900_001, 900_002, 900_003, 900_004, 900_005};
    int[] heavyCounts = {500, 400, 300, 200, 150};
    int[] left = heavyCounts.clone();
    int oneOff = 0;
    // The heavy peers are interleaved with a flood of one-off peers, some arriving late.
    while (oneOff < 10_000 || left[0] + left[1] + left[2] + left[3] + left[4] > 0) {
      int pick = random.nextInt(8);
      if (pick < 5 && left[pick] > 0 && (oneOff > 2_000 * pick)) {
        counter.add(address(heavy[pick]), 0, 4);
        left[pick]--;
      } else if (oneOff < 10_000) {
        counter.add(address(oneOff++), 0, 4);
      } else if (pick < 5 && left[pick] > 0) {
        counter.add(address(heavy[pick]), 0, 4);
        left[pick]--;
      }
      assertThat(counter.size()).isLessThanOrEqualTo(1024);
    }
    List<TopCounter.Entry> top = counter.top(5);
    assertThat(top).extracting(e -> number(e.key())).containsExactly(heavy[0], heavy[1], heavy[2], heavy[3], heavy[4]);
    for (int i = 0; i < 5; i++) {
      // A lower bound: never more than was sent, and for a heavy peer close to it.
      assertThat(top.get(i).count()).isLessThanOrEqualTo(heavyCounts[i]).isGreaterThan(heavyCounts[i] * 8L / 10);
    }
  }

  @Test
  void evictionKeepsEveryHeldKeyFindable() {
    TopCounter counter = new TopCounter(64);
    Random random = new Random(9);
    for (int i = 0; i < 50_000; i++) {
      counter.add(address(random.nextInt(300)), 0, 4);
    }
    List<TopCounter.Entry> held = counter.top(64);
    assertThat(held).hasSize(64);
    assertThat(held).extracting(e -> number(e.key())).doesNotHaveDuplicates();
    // Counting a held key again finds it rather than inserting a twin.
    for (TopCounter.Entry entry : held) {
      counter.add(entry.key(), 0, 4);
    }
    assertThat(counter.top(64)).extracting(e -> number(e.key()))
        .containsExactlyInAnyOrderElementsOf(held.stream().map(e -> number(e.key())).toList());
    assertThat(counter.top(64).stream().mapToLong(TopCounter.Entry::count).sum())
        .isEqualTo(held.stream().mapToLong(TopCounter.Entry::count).sum() + 64);
  }

  @Test
  void aFullSmallTableStillTakesNewKeys() {
    TopCounter counter = new TopCounter(3);
    for (int n = 0; n < 100; n++) {
      counter.add(address(n), 0, 4);
      assertThat(counter.size()).isLessThanOrEqualTo(3);
    }
    for (int i = 0; i < 10; i++) {
      counter.add(address(7777), 0, 4);
    }
    assertThat(number(counter.top(1).get(0).key())).isEqualTo(7777);
    assertThat(counter.top(1).get(0).count()).isEqualTo(10);
  }

  @Test
  void rejectsZeroCapacity() {
    assertThatThrownBy(() -> new TopCounter(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
