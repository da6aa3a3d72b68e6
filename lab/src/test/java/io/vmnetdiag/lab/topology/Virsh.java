package io.vmnetdiag.lab.topology;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reads a domain back through libvirt's own test driver, to check what it keeps of the written XML. */
final class Virsh {
  private Virsh() {}

  static String dumpxml(Path nodeFile, String domain) throws Exception {
    Process p = new ProcessBuilder("virsh", "-c", "test://" + nodeFile.toAbsolutePath(), "dumpxml", domain)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("virsh dumpxml " + domain + " failed: " + out);
    }
    return out;
  }
}
