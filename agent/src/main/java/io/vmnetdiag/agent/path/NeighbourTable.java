package io.vmnetdiag.agent.path;

import io.vmnetdiag.api.net.IpLiteral;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The node's IPv4 neighbour (ARP) table, read from {@code /proc/net/arp} by default. */
public final class NeighbourTable {
  /** The kernel's ARP table for the agent's network namespace. */
  public static final Path DEFAULT_PATH = Path.of("/proc/net/arp");

  // ATF_COM: the entry holds a resolved MAC; without it the kernel is still asking.
  private static final int FLAG_COMPLETE = 0x2;
  private static final String NO_MAC = "00:00:00:00:00:00";

  /** One line of the table. */
  public record Entry(String address, String mac, int flags, String device) {
    /** True when the kernel has learned the MAC for this address. */
    public boolean complete() {
      return (flags & FLAG_COMPLETE) != 0 && !NO_MAC.equals(mac);
    }
  }

  private final Path path;

  public NeighbourTable() {
    this(DEFAULT_PATH);
  }

  public NeighbourTable(Path path) {
    this.path = path;
  }

  /** The IPv4 address the node last saw using this MAC, if the table holds a complete entry for it. */
  public Optional<String> addressOf(String mac) {
    if (mac == null) {
      return Optional.empty();
    }
    String wanted = mac.toLowerCase(Locale.ROOT);
    return read().stream()
        .filter(Entry::complete)
        .filter(entry -> entry.mac().equals(wanted))
        .map(Entry::address)
        .findFirst();
  }

  /** The table's entries; empty when the file cannot be read. */
  public List<Entry> read() {
    try {
      return parse(Files.readString(path, StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /**
   * Parses the kernel's format: a header line, then
   * {@code IP-address HW-type Flags HW-address Mask Device}; lines that do not fit are skipped.
   */
  public static List<Entry> parse(String text) {
    List<Entry> entries = new ArrayList<>();
    if (text == null) {
      return entries;
    }
    for (String line : text.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 6 || !IpLiteral.parse(fields[0]).isPresent()) {
        continue; // the header, or a line we do not understand
      }
      Integer flags = parseHex(fields[2]);
      if (flags == null) {
        continue;
      }
      entries.add(new Entry(fields[0], fields[3].toLowerCase(Locale.ROOT), flags, fields[5]));
    }
    return entries;
  }

  private static Integer parseHex(String field) {
    String digits = field.startsWith("0x") || field.startsWith("0X") ? field.substring(2) : field;
    try {
      int value = Integer.parseInt(digits, 16);
      return value < 0 ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
