package io.vmnetdiag.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void allowsTheBurstThenTheRate() {
    TokenBucket bucket = new TokenBucket(2, 5, nanos::get);

    int taken = 0;
    while (bucket.tryTake()) {
      taken++;
    }
    assertThat(taken).isEqualTo(5);
    assertThat(bucket.secondsToNext()).isEqualTo(1);
    nanos.addAndGet(1_000_000_000L);
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isFalse();
    nanos.addAndGet(3600_000_000_000L);
    taken = 0;
    while (bucket.tryTake()) {
      taken++;
    }
    assertThat(taken).as("never more than the burst, however long it rested").isEqualTo(5);
  }
}
