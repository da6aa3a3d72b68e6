package io.vmnetdiag.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmnetdiag.api.v1alpha1.DiagnosisCondition;
import io.vmnetdiag.api.v1alpha1.LibvirtTarget;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.Target;
import io.vmnetdiag.lab.kubelet.KubeletFault;
import io.vmnetdiag.operator.OperatorSettings;
import io.vmnetdiag.testkit.LabTest;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lab kubelet plays each way a kubelet fails a pod (it runs the real agent where the fault needs a running
 * container), and the operator's status names the real cause at once, or after its retries for a transient one,
 * instead of a timeout minutes later.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@LabTest(tools = {"ip"}, controlPlane = true)
class CaptureFailureCausesLabTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String DOMAIN = "web-kf";
  private static final OperatorSettings.Retry RETRY = new OperatorSettings.Retry(2, Duration.ofSeconds(1),
      Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
  private static String netns;
  private static String node;
  private static LabCluster cluster;

  @BeforeAll
  static void up() throws Exception {
    String id = "kf" + UUID.randomUUID().toString().substring(0, 6);
    netns = "vmnd-" + id;
    node = "lab-node-" + id;
    ip("netns", "add", netns);
    cluster = new LabCluster(id, node, DOMAIN, settings -> settings.withRetry(RETRY)).start(netns);
  }

  @AfterAll
  static void down() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      ip("netns", "delete", netns);
    }
  }

  @Test
  @Order(1)
  void imagePullFailure() {
    NetworkDiagnosis done = diagnoseWith(KubeletFault.IMAGE_PULL, "pull");
    assertFailed(done, "ImagePullFailed", "cannot pull the agent image", "not found");
  }

  @Test
  @Order(2)
  void containerConfigFailure() {
    NetworkDiagnosis done = diagnoseWith(KubeletFault.CONTAINER_CONFIG, "config");
    assertFailed(done, "ContainerConfigFailed", "CreateContainerConfigError");
  }

  @Test
  @Order(3)
  void mountFailure() {
    NetworkDiagnosis done = diagnoseWith(KubeletFault.FAILED_MOUNT, "mount");
    assertFailed(done, "ContainerConfigFailed", "FailedMount", "/var/run/libvirt is not a directory");
  }

  @Test
  @Order(4)
  void oomKill() {
    NetworkDiagnosis done = diagnoseWith(KubeletFault.OOM_KILL, "oom");
    assertFailed(done, "OOMKilled", "memory limit of 256Mi");
    assertThat(done.getStatus().getAttempt()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void evictionIsRetriedThenGivenUp() {
    NetworkDiagnosis done = diagnoseWith(KubeletFault.EVICT, "evict");
    assertFailed(done, "Evicted", "low on resource: memory", "Gave up after 2 attempts");
    assertThat(done.getStatus().getAttempt()).isEqualTo(2);
    assertThat(done.getStatus().getLastFailure().getReason()).isEqualTo("Evicted");
  }

  @Test
  @Order(6)
  void nodeNotReady() {
    NetworkDiagnosis done = diagnoseWith(KubeletFault.NODE_NOT_READY, "notready");
    assertFailed(done, "NodeNotReady", "Ready=Unknown", "NodeStatusUnknown", "Gave up after 2 attempts");
  }

  private static NetworkDiagnosis diagnoseWith(KubeletFault fault, String name) {
    cluster.kubelet().fault(node, fault);
    LibvirtTarget libvirt = new LibvirtTarget();
    libvirt.setNode(node);
    libvirt.setDomain(DOMAIN);
    Target target = new Target();
    target.setLibvirt(libvirt);
    NetworkDiagnosisSpec spec = new NetworkDiagnosisSpec();
    spec.setTarget(target);
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setName(name);
    nd.getMetadata().setNamespace(cluster.namespace());
    nd.setSpec(spec);
    return cluster.diagnose(nd, TIMEOUT);
  }

  private static void assertFailed(NetworkDiagnosis done, String reason, String... message) {
    String yaml = cluster.client().getKubernetesSerialization().asYaml(done.getStatus());
    assertThat(condition(done, "Ready").getReason()).as(yaml).isEqualTo(reason);
    assertThat(condition(done, "Ready").getMessage()).as(yaml).contains(message);
    assertThat(condition(done, "Stalled").getStatus()).as(yaml).isEqualTo("True");
  }

  private static DiagnosisCondition condition(NetworkDiagnosis nd, String type) {
    return nd.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    String[] argv = new String[args.length + 1];
    argv[0] = "ip";
    System.arraycopy(args, 0, argv, 1, args.length);
    Process process = new ProcessBuilder(argv).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", argv)).isZero();
  }
}
