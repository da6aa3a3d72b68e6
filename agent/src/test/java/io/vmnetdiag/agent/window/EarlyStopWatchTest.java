package io.vmnetdiag.agent.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.capture.CaptureWindow;
import io.vmnetdiag.capture.probe.TestingPacer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EarlyStopWatchTest {
  private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
  private final TestingPacer clock = new TestingPacer(START);

  /** The tap as the seed shows it once {@code elapsed} has passed: SYNs handed over, the guest re-asking after 0.6 s. */
  private static HopObservation seedTap(Duration elapsed) {
    HopObservation tap = new HopObservation(HopRole.Tap, "021f00");
    long tenths = elapsed.toMillis() / 100;
    tap.getToVm().add(PacketKind.TcpSyn, 3 * tenths);
    tap.getToVm().add(PacketKind.ArpReply, 1);
    tap.getFromVm().add(PacketKind.ArpRequest, 1 + tenths / 5);
    long again = tenths >= 6 ? 1 + (tenths - 6) / 5 : 0;
    tap.getNeighborLookups().add(new NeighborLookup("10.155.129.247", 1 + again, 1, again));
    return tap;
  }

  @Test
  void theSeedEndsTheWindowOnceTheEvidenceHeldForASecond() {
    Window window = new Window(Duration.ofSeconds(10), EarlyStopWatchTest::seedTap);
    EarlyStopWatch watch = new EarlyStopWatch(clock);

    watch.watch(window);

    assertThat(window.endedAt).as("conclusive from 0.6 s, held 1 s").isEqualTo(START.plusMillis(1600));
    assertThat(watch.reason()).hasValueSatisfying(reason -> assertThat(reason)
        .startsWith("at tap 021f00 the guest kept asking for 10.155.129.247")
        .contains("and answered none of the 48 requests handed to it").endsWith(", for 1000 ms"));
  }

  @Test
  void anAnswerFromTheGuestKeepsTheWindowOpen() {
    Window window = new Window(Duration.ofSeconds(10), elapsed -> {
      HopObservation tap = seedTap(elapsed);
      tap.getFromVm().add(PacketKind.TcpSynAck, 1);
      return tap;
    });
    EarlyStopWatch watch = new EarlyStopWatch(clock);

    watch.watch(window);

    assertThat(window.endedAt).isNull();
    assertThat(watch.reason()).isEmpty();
    assertThat(clock.now()).as("watched to the end").isAfterOrEqualTo(START.plusSeconds(10));
  }

  @Test
  void aHealthyOrSilentPathGetsItsWholeWindow() {
    Window window = new Window(Duration.ofSeconds(3), elapsed -> new HopObservation(HopRole.Tap, "vnet0"));
    EarlyStopWatch watch = new EarlyStopWatch(clock);

    watch.watch(window);

    assertThat(window.endedAt).isNull();
    assertThat(watch.reason()).isEmpty();
  }

  @Test
  void evidenceThatComesAndGoesMustHoldAgain() {
    Window window = new Window(Duration.ofSeconds(10), elapsed -> {
      HopObservation tap = seedTap(elapsed);
      if (elapsed.toMillis() >= 1200 && elapsed.toMillis() < 1400) {
        tap.getFromVm().add(PacketKind.IcmpEchoReply, 1);
        tap.getToVm().add(PacketKind.IcmpEchoRequest, 1);
      }
      return tap;
    });
    EarlyStopWatch watch = new EarlyStopWatch(clock);

    watch.watch(window);

    assertThat(window.endedAt).isEqualTo(START.plusMillis(2400));
  }

  private final class Window implements CaptureWindow {
    private final Instant end;
    private final Function<Duration, HopObservation> tapAt;
    Instant endedAt;

    Window(Duration length, Function<Duration, HopObservation> tapAt) {
      this.end = START.plus(length);
      this.tapAt = tapAt;
    }

    @Override
    public List<HopObservation> liveSnapshots() {
      return List.of(new HopObservation(HopRole.Uplink, "vlan.700"), tapAt.apply(Duration.between(START, clock.now())));
    }

    @Override
    public Instant start() {
      return START;
    }

    @Override
    public Instant end() {
      return endedAt != null ? endedAt : end;
    }

    @Override
    public void endNow() {
      endedAt = clock.now();
    }

    @Override
    public boolean ended() {
      return !clock.now().isBefore(end());
    }
  }
}
