package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.api.report.ReportCodec;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.testkit.CommandResult;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's "Using it" commands, taken from the README itself and run as written with the machine's
 * kubectl (helm install through helm-java, as no helm binary is installed) against the real control plane:
 * the CRD, the namespace label, the chart, the examples (the KubeVirt one with a VMI and virt-launcher pod as
 * KubeVirt writes them), {@code kubectl get nd} with its columns in the
 * documented order, and {@code kubectl explain} of networkdiagnosis.spec and diagnosispolicy.spec with no empty
 * description at any depth.
 */
class ReadmeCommandsTest {
  @RegisterExtension
  static final ControlPlaneExtension CONTROL_PLANE = ControlPlaneExtension.withoutCrd();
  private static final String USER_NAMESPACE = "vms";
  private static final Pattern FIELD = Pattern.compile("^  (\\S+)\\t<([^>]+)>.*$");

  private final Path root = ControlPlane.repositoryRoot();
  private ControlPlane controlPlane;
  private KubernetesClient client;
  private Operator operator;
  private TestingNode node;
  private TestingKubevirt kubevirt;

  @BeforeEach
  void start(ControlPlane controlPlane, KubernetesClient client) {
    this.controlPlane = controlPlane;
    this.client = client;
    this.kubevirt = new TestingKubevirt(client);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      // While the operator runs, so its finalizer lets the diagnosis go and "vms" does not stay terminating.
      client.resources(NetworkDiagnosis.class).inNamespace(USER_NAMESPACE).delete();
      await().atMost(Duration.ofSeconds(30))
          .until(() -> client.resources(NetworkDiagnosis.class).inNamespace(USER_NAMESPACE).list().getItems().isEmpty());
      operator.stop();
    }
    kubevirt.close();
    if (node != null) {
      node.close();
    }
    client.namespaces().withName(USER_NAMESPACE).delete();
    new Helm(root.resolve("helm/vmnetdiag")).uninstall("vmnetdiag").withNamespace("vmnetdiag")
        .withKubeConfig(controlPlane.kubeconfig()).call();
    client.namespaces().withName("vmnetdiag").delete();
    // The README's example policy took the name of the tests' open one: put that back for the tests after this.
    ControlPlane.installCrd(client);
  }

  @Test
  void usingItCommandsWorkAsWritten() throws Exception {
    String readme = Files.readString(root.resolve("README.md"));
    // The section's opening, up to its first subsection (whose commands need a real node).
    int start = readme.indexOf("## Using it");
    String usingIt = readme.substring(start, readme.indexOf("\n### ", start));
    List<String> commands = shellCommands(usingIt);
    assertThat(commands).contains("kubectl apply -f crds/",
        "helm install vmnetdiag helm/vmnetdiag -n vmnetdiag --create-namespace",
        "kubectl apply -f examples/policy/diagnosispolicy.yaml",
        "kubectl apply -f examples/networkdiagnosis-libvirt.yaml",
        "kubectl apply -f examples/networkdiagnosis-kubevirt.yaml");
    assertThat(commands).as("tenant namespaces stay restricted: capture pods run in the chart's capture namespace")
        .noneMatch(c -> c.contains("pod-security.kubernetes.io/enforce=privileged"));

    // The user's namespace exists already, Pod Security restricted; everything else comes from the README's commands.
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(USER_NAMESPACE)
        .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, "restricted").endMetadata().build()).create();
    for (String command : commands) {
      if (command.startsWith("helm install ")) {
        helmInstall(command);
        continue;
      }
      CommandResult result = kubectl(command);
      assertThat(result.exitCode()).as("%s:\n%s", command, result.output()).isZero();
      if (command.equals("kubectl apply -f crds/")) {
        assertThat(kubectl("kubectl wait --for=condition=Established --timeout=60s crd/networkdiagnoses.vmnetdiag.io")
            .exitCode()).isZero();
      }
    }

    // The operator (in-process: this control plane has no kubelet to run the chart's Deployment) diagnoses
    // the example; the test plays node-7's kubelet.
    node = new TestingNode(controlPlane, client, "node-7");
    // The KubeVirt example's VMI, running on node-7 as KubeVirt would have it.
    ControlPlane.installKubevirtVmiCrd(client);
    GenericKubernetesResource vmi = kubevirt.vmi("vmi-bridge.yaml", USER_NAMESPACE, "web-02", Map.of("NODE", "node-7"));
    Pod launcher = kubevirt.launcherPod(vmi, "node-7", "Running");
    kubevirt.activePods(vmi, Map.of(launcher.getMetadata().getUid(), "node-7"));
    operator = VmnetdiagOperator.create(client, OperatorSettings.defaults());
    operator.start();
    TestingCluster cluster = new TestingCluster(client);
    // In the capture namespace the chart created (privileged), which the operator's defaults name too.
    Pod pod = cluster.awaitCapturePod(OperatorSettings.DEFAULT_CAPTURE_NAMESPACE, USER_NAMESPACE, "web-01-unreachable", 1);
    cluster.terminate(pod, new ReportCodec().encode(TestingCluster.echo(pod, NetworkDiagnosisReconcilerTest.seedReport(1)))
        .terminationMessage(), 0);
    cluster.awaitStatus(USER_NAMESPACE, "web-01-unreachable", s -> s.getCompletionTime() != null);
    Pod kubevirtPod = cluster.awaitCapturePod(OperatorSettings.DEFAULT_CAPTURE_NAMESPACE, USER_NAMESPACE,
        "web-02-unreachable", 1);
    assertThat(kubevirtPod.getSpec().getNodeName()).isEqualTo("node-7");
    assertThat(TestingCluster.request(kubevirtPod).getKubevirt().getLauncherPodUid())
        .isEqualTo(launcher.getMetadata().getUid());

    assertGetNdPrintsTheDocumentedTable(usingIt);
    assertExplainDescribesEveryField(usingIt);
  }

  private void assertGetNdPrintsTheDocumentedTable(String usingIt) {
    String console = usingIt.substring(usingIt.indexOf("```console\n") + "```console\n".length());
    List<String> lines = console.substring(0, console.indexOf("```")).lines().toList();
    assertThat(lines.get(0)).startsWith("$ ");
    CommandResult result = kubectl(lines.get(0).substring(2));
    assertThat(result.exitCode()).as(result.output()).isZero();
    List<String> printed = result.output().lines().toList();

    List<String> columns = words(printed.get(0));
    assertThat(columns).as("columns, in the README's order:\n%s", result.output()).isEqualTo(words(lines.get(1)));
    // Every column as documented but AGE, which depends on the clock.
    int age = columns.indexOf("AGE");
    List<String> row = new ArrayList<>(words(printed.get(1)));
    List<String> documentedRow = new ArrayList<>(words(lines.get(2)));
    row.remove(age);
    documentedRow.remove(age);
    assertThat(row).as(result.output()).isEqualTo(documentedRow);
  }

  private void assertExplainDescribesEveryField(String usingIt) {
    assertThat(usingIt).contains("`kubectl explain networkdiagnosis.spec`");
    // The server publishes a new CRD's OpenAPI a moment after it is established.
    await().atMost(Duration.ofSeconds(30)).until(() -> kubectl("kubectl explain networkdiagnosis.spec").exitCode() == 0);
    List<String> undescribed = new ArrayList<>();
    explain("networkdiagnosis.spec", undescribed);
    assertThat(usingIt).contains("`kubectl explain diagnosispolicy.spec.grants`");
    await().atMost(Duration.ofSeconds(30)).until(() -> kubectl("kubectl explain diagnosispolicy.spec").exitCode() == 0);
    explain("diagnosispolicy.spec", undescribed);
    assertThat(undescribed).as("fields kubectl explain shows without a description").isEmpty();
  }

  /** Runs kubectl explain on a path and on every object below it, collecting what has no description. */
  private void explain(String path, List<String> undescribed) {
    CommandResult result = kubectl("kubectl explain " + path);
    assertThat(result.exitCode()).as(result.output()).isZero();
    if (result.output().contains("<empty>")) {
      undescribed.add(path);
    }
    List<String> lines = result.output().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher field = FIELD.matcher(lines.get(i));
      if (!field.matches()) {
        continue;
      }
      int description = i + 1;
      while (description < lines.size() && lines.get(description).startsWith("  enum: ")) {
        description++; // an enum field lists its values first
      }
      String next = description < lines.size() ? lines.get(description) : "";
      if (!next.startsWith("    ") || next.isBlank()) {
        undescribed.add(path + "." + field.group(1));
      }
      if (field.group(2).endsWith("Object")) {
        explain(path + "." + field.group(1), undescribed);
      }
    }
  }

  /** The commands of the sh blocks, without their trailing comments. */
  private static List<String> shellCommands(String markdown) {
    List<String> commands = new ArrayList<>();
    Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (block.find()) {
      block.group(1).lines().map(line -> line.replaceAll("\\s+#.*$", "").strip()).filter(line -> !line.isEmpty())
          .forEach(commands::add);
    }
    return commands;
  }

  /** {@code helm install NAME CHART -n NAMESPACE --create-namespace}, through helm-java. */
  private void helmInstall(String command) {
    List<String> words = words(command);
    assertThat(words).containsExactly("helm", "install", "vmnetdiag", "helm/vmnetdiag", "-n", "vmnetdiag",
        "--create-namespace");
    var release = new Helm(root.resolve(words.get(3))).install().withName(words.get(2)).withNamespace(words.get(5))
        .createNamespace().withKubeConfig(controlPlane.kubeconfig()).call();
    assertThat(release.getStatus()).isEqualTo("deployed");
  }

  private CommandResult kubectl(String command) {
    List<String> words = words(command);
    assertThat(words.get(0)).isEqualTo("kubectl");
    return controlPlane.kubectl(root, words.subList(1, words.size()).toArray(String[]::new));
  }

  private static List<String> words(String line) {
    return Arrays.asList(line.strip().split("\\s+"));
  }

}
