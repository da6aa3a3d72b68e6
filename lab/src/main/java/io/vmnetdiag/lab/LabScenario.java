package io.vmnetdiag.lab;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.lab.topology.LabShape;
import io.vmnetdiag.lab.topology.LabTopology;
import io.vmnetdiag.lab.topology.LabVm;
import io.vmnetdiag.lab.topology.LabTraffic;
import io.vmnetdiag.operator.libvirt.LibvirtUris;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

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
  private final LabVm vm;
  private final Path workDir;
  private final Path libvirtNode;
  private final LabCluster cluster;

  private LabScenario(LabTopology topology) throws IOException {
    this(topology, null);
  }

  private LabScenario(LabTopology topology, LabVm vm) throws IOException {
    this.topology = topology;
    this.vm = vm;
    this.workDir = Files.createTempDirectory("vmnetdiag-lab");
    this.libvirtNode = vm != null ? null : topology.writeLibvirtTestNode(workDir.resolve("libvirt-node.xml"), DOMAIN);
    // Diagnoses live in a tenant namespace that stays restricted; capture pods in a capture namespace of the lab's
    // own, the one privileged namespace, as the chart sets it up. The lab's administrator grants the lab's namespace
    // its VM, and sets the libvirt URI as the operator's setting (diagnoses cannot name one).
    this.cluster = new LabCluster(topology.id(), NODE, domain(),
        settings -> settings.withPcapHostDirectory(workDir.resolve("captures").toString())
            .withLibvirtUris(LibvirtUris.of(libvirtUri()))).start(topology.hostNamespace());
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
   * The lab with its guest as a real VM ({@link LabVm}: qemu under the lab's own libvirtd on the lab bridge) and the
   * given traffic. Diagnoses name the VM's domain; the operator's setting names the lab's libvirtd ({@link #libvirtUri()}); the agent, run by
   * the lab kubelet in the node's namespace, reads the domain through that daemon.
   */
  public static LabScenario withRealVm(LabShape shape, LabTraffic traffic) {
    LabTopology topology = LabTopology.up(shape);
    LabVm vm = null;
    try {
      vm = LabVm.start(topology);
      topology.startTraffic(traffic);
      return new LabScenario(topology, vm);
    } catch (IOException | RuntimeException e) {
      if (vm != null) {
        try {
          vm.close();
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
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

  /** The port of the operator's /metrics on loopback. */
  public int metricsPort() {
    return cluster.metricsPort();
  }

  public KubernetesClient client() {
    return cluster.client();
  }

  /** The namespace the lab's diagnoses live in (Pod Security restricted). */
  public String namespace() {
    return cluster.namespace();
  }

  /** The namespace the lab's capture pods run in (Pod Security privileged). */
  public String captureNamespace() {
    return cluster.captureNamespace();
  }

  /** The real VM, or null when the lab's guest is the stand-in (a namespace described by the test driver). */
  public LabVm vm() {
    return vm;
  }

  /** The domain diagnoses name: the real VM's, or {@link #DOMAIN} in the test driver's node. */
  public String domain() {
    return vm != null ? vm.domain() : DOMAIN;
  }

  /** The VM's tap on the node: the one libvirt named for the real VM, or the stand-in guest's veth. */
  public String tap() {
    return vm != null ? vm.tap() : topology.tap();
  }

  /**
   * libvirt URI of the lab node: with the real VM the lab's own libvirtd (its read-write socket, which the agent
   * opens read-only for the domain XML and read-write only for guest-agent calls); otherwise the test driver
   * reading a node file that names the lab's devices.
   */
  public String libvirtUri() {
    return vm != null ? vm.libvirtUri() : "test://" + libvirtNode.toAbsolutePath();
  }

  /** From now on the lab's policy covers the lab's domain only if its libvirt metadata carries this owner tag. */
  public void requireDomainOwner(String owner) {
    cluster.policy().requireDomainOwner(owner);
  }

  /** The embedded default diagnosis for this lab, as a user would write it, under the given name. */
  public NetworkDiagnosis defaultDiagnosis(String name) {
    String yaml = resource(DEFAULT_DIAGNOSIS);
    for (Map.Entry<String, String> e : Map.of(
        "NAME", name, "NAMESPACE", namespace(), "NODE", NODE, "DOMAIN", domain(),
        "ADDRESS", topology.guestAddress()).entrySet()) {
      yaml = yaml.replace("${" + e.getKey() + "}", e.getValue());
    }
    return client().getKubernetesSerialization().unmarshal(yaml, NetworkDiagnosis.class);
  }

  /** Applies a diagnosis and waits until the operator completes it. */
  public NetworkDiagnosis diagnose(NetworkDiagnosis nd, Duration timeout) {
    return cluster.diagnose(nd, timeout);
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
      cluster.close();
    } finally {
      try {
        if (vm != null) {
          vm.close();
        }
      } finally {
        topology.close();
      }
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
