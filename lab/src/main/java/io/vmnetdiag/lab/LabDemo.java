package io.vmnetdiag.lab;

import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.time.Duration;

/**
 * The lab demo: builds the seed's fault (the guest's NIC stops processing what it receives), runs a real
 * diagnosis end to end and prints the resource as {@code kubectl get nd -o yaml} would. Needs root.
 */
public final class LabDemo {
  private LabDemo() {
  }

  public static void main(String[] args) {
    if (!"root".equals(System.getProperty("user.name"))) {
      System.err.println("The lab demo builds network namespaces and needs root: run it with sudo.");
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
      exit = done.getStatus().getVerdict() == null ? 1 : 0;
    }
    System.exit(exit);
  }
}
