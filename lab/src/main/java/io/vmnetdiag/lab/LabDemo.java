package io.vmnetdiag.lab;

import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The lab demo: builds the seed's fault (the guest's NIC stops processing what it receives), runs a real
 * diagnosis end to end and prints the resource as {@code kubectl get nd -o yaml} would. Needs root.
 */
public final class LabDemo {
  private LabDemo() {
  }

  /** The first packets of the tap's pcap file, as tcpdump reads them, before the lab (and the file) goes. */
  private static void showTapPcap(NetworkDiagnosis done) {
    var status = done.getStatus();
    if (status.getPcap() == null) {
      return;
    }
    status.getHops().stream()
        .filter(h -> h.getRole() == HopRole.Tap && !h.getPcapFiles().isEmpty())
        .findFirst()
        .ifPresent(tap -> {
          Path file = Path.of(status.getPcap().getDirectory(), tap.getPcapFiles().get(0).getName());
          System.err.println("tcpdump -nn -r " + file + " (first packets):");
          try {
            Process tcpdump = new ProcessBuilder("tcpdump", "-nn", "-r", file.toString()).start();
            new String(tcpdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().limit(8)
                .forEach(line -> System.err.println("  " + line));
            tcpdump.waitFor();
          } catch (IOException e) {
            System.err.println("  (tcpdump could not run: " + e.getMessage() + ")");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  public static void main(String[] args) {
    if (!"root".equals(System.getProperty("user.name"))) {
      System.err.println("The lab demo builds network namespaces and needs root: run it as root (or with sudo).");
      System.exit(1);
    }
    int exit;
    try (LabScenario lab = LabScenario.start()) {
      System.err.println("lab " + lab.topology().id() + ": upstream -> " + lab.topology().uplink() + " -> "
          + lab.topology().bridge() + " -> " + lab.topology().tap() + " -> guest " + lab.topology().guestAddress());
      lab.topology().injectGuestReceiveFault();
      System.err.println("fault injected: the guest's NIC drops everything it receives; diagnosing...");
      NetworkDiagnosis done = lab.diagnose(lab.defaultDiagnosis("web-01-unreachable"), Duration.ofSeconds(90));
      System.out.println(lab.asYaml(done));
      showTapPcap(done);
      exit = done.getStatus().getVerdict() == null ? 1 : 0;
    }
    System.exit(exit);
  }
}
