package io.vmnetdiag.capture;

import java.nio.file.Path;

/**
 * Where and how much pcap to keep: one ring of files per hop in {@code directory}, each file at most
 * {@code maxFileBytes}, at most {@code maxFiles} files per hop (the oldest is overwritten).
 */
public record PcapSettings(Path directory, long maxFileBytes, int maxFiles) {
  public static final long MIN_FILE_BYTES = 64 * 1024;
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
  public static final int MAX_FILES = 16;

  public PcapSettings {
    if (directory == null) {
      throw new IllegalArgumentException("The pcap directory is missing");
    }
    if (maxFileBytes < MIN_FILE_BYTES || maxFileBytes > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("A pcap file must be between " + MIN_FILE_BYTES + " and "
          + MAX_FILE_BYTES + " bytes, got " + maxFileBytes);
    }
    if (maxFiles < 1 || maxFiles > MAX_FILES) {
      throw new IllegalArgumentException("Between 1 and " + MAX_FILES + " pcap files per hop, got " + maxFiles);
    }
  }
}
