package io.vmnetdiag.capture.pcap;

import java.util.Locale;

/** Which capture source reads the packets: the kernel's ring read directly (default) or pcap4j's loop. */
public enum CaptureEngine {
  /** TPACKET_V3 ring read through one ByteBuffer: no native call per packet (see {@link PacketRing}). */
  RING,
  /** pcap4j's {@code loop()} with a raw listener: one JNA callback per packet, kept as a fallback. */
  PCAP4J;

  /** System property choosing the engine: {@code ring} (default) or {@code pcap4j}. */
  public static final String PROPERTY = "vmnetdiag.capture.engine";

  /** The engine named by {@link #PROPERTY}; anything but "pcap4j" means {@link #RING}. */
  public static CaptureEngine configured() {
    String name = System.getProperty(PROPERTY, "");
    return name.strip().toLowerCase(Locale.ROOT).equals("pcap4j") ? PCAP4J : RING;
  }
}
