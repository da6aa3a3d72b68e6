package io.vmnetdiag.capture.filter;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A unicast Ethernet address, validated and normalised to lower case. */
public record MacAddress(String text) {
  private static final Pattern SHAPE = Pattern.compile("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$");

  /** Accepts only {@code aa:bb:cc:dd:ee:ff} (any case) naming a single NIC. */
  public MacAddress {
    if (text == null) {
      throw new IllegalArgumentException("VM MAC address is missing");
    }
    String original = text;
    text = text.strip().toLowerCase(Locale.ROOT);
    if (!SHAPE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "VM MAC address '" + original + "' is not of the form aa:bb:cc:dd:ee:ff");
    }
    // A group address would make "ether host" match every broadcast/multicast frame.
    if ((Character.digit(text.charAt(1), 16) & 0x01) != 0) {
      throw new IllegalArgumentException(
          "VM MAC address '" + original + "' is a broadcast/multicast address, not a NIC's address");
    }
  }

  /** Same as the constructor; reads better at call sites. */
  public static MacAddress parse(String value) {
    return new MacAddress(value);
  }

  /** The six octets. */
  public byte[] bytes() {
    return HexFormat.ofDelimiter(":").parseHex(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
