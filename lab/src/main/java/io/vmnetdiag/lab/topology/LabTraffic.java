package io.vmnetdiag.lab.topology;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code lab-traffic.sh start} runs: the clients' connections and pings (normal or busy), the guest's
 * ping to its gateway, and optionally the guest's background chatter and listeners on the VM's ports.
 *
 * @param busy every client opens a connection every 0.1 s instead of one client a second
 * @param noisyGuest IPv6 on in the guest (RS, MLD, DAD) plus DHCP-like, NTP-like and gratuitous ARP chatter
 * @param guestServices listeners in the guest on the VM's ports, so SYN-ACKs and data flow
 * @param duration how long the loops run before they end by themselves (whole seconds, at least one)
 */
public record LabTraffic(boolean busy, boolean noisyGuest, boolean guestServices, Duration duration) {
  /** The loops' default lifetime, as the script's. */
  public static final Duration DEFAULT_DURATION = Duration.ofMinutes(10);

  public LabTraffic {
    if (duration == null || duration.toSeconds() < 1) {
      throw new IllegalArgumentException("traffic duration must be at least one second: " + duration);
    }
  }

  /** The default: one client a second, a quiet guest without listeners, 10 minutes. */
  public static LabTraffic normal() {
    return new LabTraffic(false, false, false, DEFAULT_DURATION);
  }

  public LabTraffic withBusyLoad() {
    return new LabTraffic(true, noisyGuest, guestServices, duration);
  }

  public LabTraffic withNoisyGuest() {
    return new LabTraffic(busy, true, guestServices, duration);
  }

  public LabTraffic withGuestServices() {
    return new LabTraffic(busy, noisyGuest, true, duration);
  }

  public LabTraffic lasting(Duration duration) {
    return new LabTraffic(busy, noisyGuest, guestServices, duration);
  }

  /** The script's environment for these options. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LAB_TRAFFIC_SECONDS", String.valueOf(duration.toSeconds()));
    env.put("LAB_LOAD", busy ? "busy" : "normal");
    env.put("LAB_GUEST", noisyGuest ? "noisy" : "quiet");
    env.put("LAB_GUEST_SERVICES", guestServices ? "1" : "0");
    return env;
  }
}
