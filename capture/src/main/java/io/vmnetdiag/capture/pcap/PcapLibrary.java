package io.vmnetdiag.capture.pcap;

import com.sun.jna.NativeLibrary;
import java.io.File;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Makes sure pcap4j can load libpcap. Runtime-only installs (Debian's libpcap0.8) lack the
 * unversioned {@code libpcap.so}; JNA usually finds a versioned file itself, and when it does not we
 * point pcap4j's {@code org.pcap4j.core.pcapLibName} at one.
 */
public final class PcapLibrary {
  static final String PROPERTY = "org.pcap4j.core.pcapLibName";
  private static final String[] DIRECTORIES = {
      "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu",
      "/lib64", "/lib"};

  private PcapLibrary() {
  }

  /** Sets the pcap4j property when libpcap is not found by name; a no-op when it is set already. */
  public static synchronized void configure() {
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    try {
      NativeLibrary.getInstance("pcap");
      return;
    } catch (UnsatisfiedLinkError e) {
      // fall through to the versioned files
    }
    versionedFile().ifPresent(path -> System.setProperty(PROPERTY, path));
  }

  private static Optional<String> versionedFile() {
    for (String directory : DIRECTORIES) {
      File[] files = new File(directory).listFiles((dir, name) -> name.startsWith("libpcap.so."));
      if (files != null && files.length > 0) {
        return Arrays.stream(files).map(File::getAbsolutePath).max(Comparator.naturalOrder());
      }
    }
    return Optional.empty();
  }
}
