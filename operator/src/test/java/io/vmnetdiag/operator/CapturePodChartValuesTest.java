package io.vmnetdiag.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.operator.capture.CapturePodOptions;
import io.vmnetdiag.operator.capture.CapturePods;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's capture.pod values reach the capture pods: the chart is rendered with helm-java, the operator gets
 * the Deployment's VMNETDIAG_CAPTURE_POD, and the pod it creates on the real API server carries them.
 */
@ExtendWith(ControlPlaneExtension.class)
class CapturePodChartValuesTest {
  private OperatorTestBed bed;
  private PriorityClass priorityClass;
  private KubernetesClient client;

  @AfterEach
  void stop() {
    if (bed != null) {
      bed.close();
    }
    if (priorityClass != null) {
      client.resource(priorityClass).delete();
    }
  }

  @Test
  void valuesSetInTheChartAreOnTheCapturePod(ControlPlane controlPlane, KubernetesClient client, TestNamespace ns) {
    this.client = client;
    // The API server admits a pod only with an existing priority class.
    priorityClass = client.resource(new PriorityClassBuilder().withNewMetadata().withName(ns.name() + "-capture")
        .endMetadata().withValue(1000).build()).create();
    String podJson = renderedCapturePodEnv(client, """
        capture:
          pod:
            resources: {requests: {memory: 200Mi}, limits: {cpu: "1"}}
            tolerations: [{key: dedicated, operator: Equal, value: vms, effect: NoSchedule}]
            priorityClassName: %s
            annotations: {example.com/team: net}
            imagePullSecrets: [{name: regcred}]
        """.formatted(priorityClass.getMetadata().getName()));

    Pod pod = capturePodWith(controlPlane, client, ns, podJson);

    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
        .as("memory set in the chart, cpu kept from the defaults")
        .containsOnly(entry("cpu", "100m"), entry("memory", "200Mi"));
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
        .containsOnly(entry("cpu", "1"), entry("memory", "256Mi"));
    // The chart's toleration replaces the tolerate-all default; the server adds its own for not-ready and
    // unreachable nodes (DefaultTolerationSeconds), which the default made needless.
    assertThat(pod.getSpec().getTolerations()).noneMatch(t -> t.getKey() == null);
    assertThat(pod.getSpec().getTolerations()).filteredOn(t -> "dedicated".equals(t.getKey())).singleElement()
        .satisfies(t -> {
      assertThat(t.getKey()).isEqualTo("dedicated");
      assertThat(t.getOperator()).isEqualTo("Equal");
      assertThat(t.getValue()).isEqualTo("vms");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo(priorityClass.getMetadata().getName());
    assertThat(pod.getSpec().getPriority()).as("resolved by the server from the class").isEqualTo(1000);
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("example.com/team", "net")
        .containsKeys(CapturePods.annotations(TestingCluster.libvirtDiagnosis(bed.ns, "web-01", "node-a", "web-01"),
            "n").keySet().toArray(String[]::new));
    assertThat(pod.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly("regcred");
  }

  @Test
  void chartDefaultsKeepTodaysCapturePod(ControlPlane controlPlane, KubernetesClient client, TestNamespace ns) {
    this.client = client;
    String podJson = renderedCapturePodEnv(client, "");

    Pod pod = capturePodWith(controlPlane, client, ns, podJson);

    assertThat(CapturePodOptions.fromJson(podJson)).isEqualTo(CapturePodOptions.DEFAULTS);
    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
        .containsOnly(entry("cpu", "100m"), entry("memory", "160Mi"));
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
        .containsOnly(entry("memory", "256Mi"));
    assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getOperator, Toleration::getKey)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Exists", null));
    assertThat(pod.getSpec().getPriorityClassName()).isNull();
    assertThat(pod.getSpec().getImagePullSecrets()).isEmpty();
  }

  /** The capture pod the operator creates, with the chart's VMNETDIAG_CAPTURE_POD, as the API server stored it. */
  private Pod capturePodWith(ControlPlane controlPlane, KubernetesClient client, TestNamespace ns, String podJson) {
    bed = OperatorTestBed.start(controlPlane, client, ns, "node-a",
        settings -> settings.withCapturePod(CapturePodOptions.fromJson(podJson)), Clock.systemUTC());
    client.resource(TestingCluster.libvirtDiagnosis(bed.ns, "web-01", "node-a", "web-01")).create();
    return bed.cluster.awaitCapturePod(bed.captureNs, bed.ns, "web-01", 1);
  }

  /** The chart's VMNETDIAG_CAPTURE_POD, rendered for the test's API server as helm install does. */
  private static String renderedCapturePodEnv(KubernetesClient client, String values) {
    Helm chart = new Helm(ControlPlane.repositoryRoot().resolve("helm/vmnetdiag"));
    List<HasMetadata> objects = new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
        .unmarshal(chart.template().withName("vmnetdiag").withValuesFile(valuesFile(values)).skipCrds()
            .withKubeVersion(client.getKubernetesVersion().getGitVersion()).call());
    Deployment deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .findFirst().orElseThrow();
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> "VMNETDIAG_CAPTURE_POD".equals(e.getName())).map(EnvVar::getValue).findFirst().orElseThrow();
  }

  private static java.util.Map.Entry<String, Quantity> entry(String name, String quantity) {
    return java.util.Map.entry(name, new Quantity(quantity));
  }

  private static Path valuesFile(String yaml) {
    try {
      Path file = Files.createTempFile("vmnetdiag-values-", ".yaml");
      file.toFile().deleteOnExit();
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
