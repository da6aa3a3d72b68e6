package io.vmnetdiag.lab;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.lab.kubelet.ContainerCommands;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestingNode;
import io.vmnetdiag.lab.kubelet.LabKubelet;
import io.vmnetdiag.lab.topology.LabShape;
import io.vmnetdiag.lab.topology.LabTopology;
import io.vmnetdiag.lab.topology.LabTraffic;
import io.vmnetdiag.operator.OperatorSettings;
import io.vmnetdiag.operator.VmnetdiagOperator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole product on one machine: the seed's topology in network namespaces, the operator against the
 * real control plane (testkit/controlplane: etcd, kube-apiserver, garbage collector), and a lab kubelet
 * that runs capture pods for real on the lab node.
 */
public final class LabScenario implements AutoCloseable {
  public static final String NODE = "lab-node-1";
  public static final String DOMAIN = "lab-vm";
  static final String DEFAULT_DIAGNOSIS = "demo/networkdiagnosis.yaml";

  private final LabTopology topology;
  private final Path workDir;
  private final Path libvirtNode;
  private final KubernetesClient client;
  private final String namespace;
  private final TestingNode node;
  private final LabKubelet kubelet;
  private final Operator operator;

  private LabScenario(LabTopology topology) throws IOException {
    this.topology = topology;
    this.workDir = Files.createTempDirectory("vmnetdiag-lab");
    this.libvirtNode = topology.writeLibvirtTestNode(workDir.resolve("libvirt-node.xml"), DOMAIN);
    ControlPlane controlPlane = ControlPlane.shared();
    this.client = controlPlane.adminClient();
    ControlPlane.installCrd(client);
    // The diagnosis' namespace admits capture pods (hostNetwork) as the README tells users to set it up.
    this.namespace = "vms-" + topology.id();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
        .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, "privileged").endMetadata().build()).create();
    this.node = new TestingNode(controlPlane, client, NODE);
    this.kubelet = new LabKubelet(client, node, ContainerCommands.ofThisJvm())
        .addNode(NODE, topology.hostNamespace())
        .start();
    this.operator = VmnetdiagOperator.create(client,
        OperatorSettings.defaults().withPcapHostDirectory(workDir.resolve("captures").toString()));
    operator.start();
  }

  /** Builds the lab with traffic flowing; the caller decides on the fault. */
  public static LabScenario start() {
    return start(LabShape.DEFAULT, LabTraffic.normal());
  }

  /**
   * Builds a lab of the given shape (e.g. the seed's own names and addresses) with the given traffic
   * (e.g. a busy load and a noisy guest); the caller decides on the fault.
   */
  public static LabScenario start(LabShape shape, LabTraffic traffic) {
    LabTopology topology = LabTopology.up(shape);
    try {
      topology.startTraffic(traffic);
      return new LabScenario(topology);
    } catch (IOException | RuntimeException e) {
      topology.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /**
   * An idle VM on a node that has an address on the bridge in the VM's subnet: no traffic at all, so a diagnosis
   * has only the agent's own probes to go on.
   */
  public static LabScenario idle() {
    LabTopology topology = LabTopology.up(LabShape.DEFAULT);
    try {
      topology.giveBridgeAnAddress();
      return new LabScenario(topology);
    } catch (IOException | RuntimeException e) {
      topology.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  public LabTopology topology() {
    return topology;
  }

  public KubernetesClient client() {
    return client;
  }

  /** The namespace the lab's diagnoses and capture pods live in. */
  public String namespace() {
    return namespace;
  }

  /** libvirt URI of the lab node: the test driver reading a node file that names the lab's devices. */
  public String libvirtUri() {
    return "test://" + libvirtNode.toAbsolutePath();
  }

  /** The embedded default diagnosis for this lab, as a user would write it, under the given name. */
  public NetworkDiagnosis defaultDiagnosis(String name) {
    String yaml = resource(DEFAULT_DIAGNOSIS);
    for (Map.Entry<String, String> e : Map.of(
        "NAME", name, "NAMESPACE", namespace, "NODE", NODE, "DOMAIN", DOMAIN,
        "URI", libvirtUri(), "ADDRESS", topology.guestAddress()).entrySet()) {
      yaml = yaml.replace("${" + e.getKey() + "}", e.getValue());
    }
    return client().getKubernetesSerialization().unmarshal(yaml, NetworkDiagnosis.class);
  }

  /** Applies a diagnosis and waits until the operator completes it. */
  public NetworkDiagnosis diagnose(NetworkDiagnosis nd, Duration timeout) {
    client().resource(nd).create();
    return client().resources(NetworkDiagnosis.class).inNamespace(nd.getMetadata().getNamespace())
        .withName(nd.getMetadata().getName())
        .waitUntilCondition(r -> r != null && r.getStatus() != null && r.getStatus().getCompletionTime() != null,
            timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The resource as {@code kubectl get -o yaml} prints it (which leaves out managedFields). */
  public String asYaml(NetworkDiagnosis nd) {
    NetworkDiagnosis shown = client().getKubernetesSerialization().clone(nd);
    shown.getMetadata().setManagedFields(null);
    return client().getKubernetesSerialization().asYaml(shown);
  }

  private static String resource(String name) {
    try (InputStream in = LabScenario.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      operator.stop();
    } finally {
      kubelet.close();
      node.close();
      client.namespaces().withName(namespace).delete();
      client.close();
      topology.close();
      deleteRecursively(workDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp file is harmless
    }
  }
}
