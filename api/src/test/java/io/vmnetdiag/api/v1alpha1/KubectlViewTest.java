package io.vmnetdiag.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.testkit.CommandResult;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a kubectl user sees, from the real API server with the generated CRDs installed: kubectl explain's
 * descriptions, the vmnetdiag category, and the printer columns of diagnoses whose status is written as the
 * operator writes it (status subresource).
 */
@ExtendWith(ControlPlaneExtension.class)
class KubectlViewTest {
  private KubernetesClient client;
  private String ns;

  @BeforeEach
  void namespace(KubernetesClient client, TestNamespace namespace) {
    this.client = client;
    this.ns = namespace.name();
  }

  @Test
  void explainDescribesTheResourceItsSpecAndItsStatus() {
    // The server publishes a CRD's OpenAPI a moment after it is Established.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(explain("networkdiagnosis")).contains("DESCRIPTION: A request to find where a virtual machine's"
          + " packets are lost: the operator captures at every hop");
      assertThat(explain("networkdiagnosis.spec")).contains("DESCRIPTION: What to diagnose and how: the virtual machine");
      assertThat(explain("networkdiagnosis.status")).contains("DESCRIPTION: The result, written by the operator:");
      assertThat(explain("networkdiagnosis.status.conditions"))
          .contains("DESCRIPTION: Ready plus one condition per stage");
      assertThat(explain("diagnosispolicy")).contains("DESCRIPTION: The administrator's word on who may diagnose");
      assertThat(explain("diagnosispolicy.spec")).contains("DESCRIPTION: The grants:");
    });
  }

  @Test
  void theVmnetdiagCategoryListsDiagnoses() {
    create("web-01");

    CommandResult get = kubectl("get", "vmnetdiag", "-n", ns, "-o", "name");

    assertThat(get.exitCode()).as(get.output()).isZero();
    assertThat(get.output().lines()).contains("networkdiagnosis.vmnetdiag.io/web-01");
  }

  @Test
  void columnsShowTheVerdictOrWhyThereIsNoneYetAndWideAddsNodeAddressAndWindow() {
    NetworkDiagnosis done = create("diagnosed");
    done.setStatus(status("libvirt:node-7/web-01", "True", "Diagnosed"));
    done.getStatus().setVerdict(new Verdict(VerdictReason.GuestNotProcessingReceive, "guest", "s", List.of()));
    ResolvedPath path = new ResolvedPath();
    path.setNode("node-7");
    path.setVmAddress("10.1.2.3");
    done.getStatus().setPath(path);
    CaptureWindowReport window = new CaptureWindowReport();
    window.setPlannedSeconds(10);
    window.setUsedSeconds(2.1);
    done.getStatus().setWindow(window);
    client.resource(done).updateStatus();
    NetworkDiagnosis running = create("running");
    running.setStatus(status("libvirt:node-8/web-02", "Unknown", "CaptureRunning"));
    client.resource(running).updateStatus();

    List<List<String>> table = table(kubectl("get", "networkdiagnosis", "-n", ns, "--sort-by=.metadata.name"));
    List<List<String>> wide = table(kubectl("get", "nd", "-n", ns, "-o", "wide", "--sort-by=.metadata.name"));
    assertThat(table).as("kubectl get: %s", table).hasSize(3).allSatisfy(row -> assertThat(row).hasSize(7));
    assertThat(wide).as("kubectl get -o wide: %s", wide).hasSize(3).allSatisfy(row -> assertThat(row).hasSize(10));

    assertThat(table.get(0)).containsExactly("NAME", "TARGET", "VERDICT", "LOCATION", "READY", "REASON", "AGE");
    assertThat(table.get(1).subList(0, 6))
        .containsExactly("diagnosed", "libvirt:node-7/web-01", "GuestNotProcessingReceive", "guest", "True", "Diagnosed");
    assertThat(table.get(2).subList(0, 6))
        .containsExactly("running", "libvirt:node-8/web-02", "", "", "Unknown", "CaptureRunning");
    assertThat(wide.get(0)).containsExactly("NAME", "TARGET", "VERDICT", "LOCATION", "READY", "REASON", "AGE",
        "NODE", "ADDRESS", "WINDOW");
    assertThat(wide.get(1).subList(7, 10)).containsExactly("node-7", "10.1.2.3", "2.1");
    assertThat(wide.get(2).subList(7, 10)).containsExactly("", "", "");
  }

  private NetworkDiagnosis create(String name) {
    LibvirtTarget libvirt = new LibvirtTarget();
    libvirt.setNode("node-7");
    libvirt.setDomain(name);
    Target target = new Target();
    target.setLibvirt(libvirt);
    NetworkDiagnosisSpec spec = new NetworkDiagnosisSpec();
    spec.setTarget(target);
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setName(name);
    nd.getMetadata().setNamespace(ns);
    nd.setSpec(spec);
    return client.resource(nd).create();
  }

  private static NetworkDiagnosisStatus status(String target, String ready, String reason) {
    NetworkDiagnosisStatus status = new NetworkDiagnosisStatus();
    status.setObservedGeneration(1L);
    status.setTargetName(target);
    status.setConditions(List.of(
        new DiagnosisCondition("Ready", ready, reason, "", 1L, "2026-12-01T10:00:00Z"),
        new DiagnosisCondition("Resolved", "True", "PathResolved", "", 1L, "2026-12-01T10:00:00Z")));
    return status;
  }

  /** kubectl explain's output with its line wrapping undone. */
  private String explain(String field) {
    CommandResult explain = kubectl("explain", field);
    assertThat(explain.exitCode()).as(explain.output()).isZero();
    return explain.output().replaceAll("\\s+", " ");
  }

  /** A kubectl table as rows of cells, cut where the header's columns start (an empty cell prints as blanks). */
  private static List<List<String>> table(CommandResult get) {
    assertThat(get.exitCode()).as(get.output()).isZero();
    List<String> lines = get.output().lines().filter(line -> !line.isBlank()).toList();
    List<Integer> starts = new ArrayList<>();
    Matcher header = Pattern.compile("\\S+").matcher(lines.get(0));
    while (header.find()) {
      starts.add(header.start());
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < starts.size(); i++) {
        int from = Math.min(starts.get(i), line.length());
        int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
        cells.add(line.substring(from, to).strip());
      }
      rows.add(cells);
    }
    return rows;
  }

  private static CommandResult kubectl(String... args) {
    return ControlPlane.shared().kubectl(ControlPlane.repositoryRoot(), args);
  }
}
