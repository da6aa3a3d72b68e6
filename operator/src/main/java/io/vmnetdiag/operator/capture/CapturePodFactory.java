package io.vmnetdiag.operator.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.vmnetdiag.api.report.CaptureRequest;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.OperatorSettings;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the capture pod for one diagnosis, in the capture namespace: pinned to the VM's node, on the host network, with only the
 * capabilities packet capture needs and no API credentials; for a libvirt domain libvirt's socket read-only, for a
 * KubeVirt VMI the host's PID namespace, CAP_SYS_PTRACE and CAP_SYS_ADMIN to enter its virt-launcher pod's network
 * namespace.
 */
public final class CapturePodFactory {
  static final String LIBVIRT_VOLUME = "libvirt-socket";
  static final String TMP_VOLUME = "tmp";
  static final String PCAP_VOLUME = "pcap";

  private final OperatorSettings settings;
  private final CapturePodOptions options;
  private final ObjectMapper mapper = new ObjectMapper();

  public CapturePodFactory(OperatorSettings settings) {
    this.settings = settings;
    this.options = settings.capturePod();
  }

  public Pod build(NetworkDiagnosis nd, CaptureRequest request) {
    long deadline = request.getDurationSeconds() + settings.startupGrace().toSeconds();
    Pod pod = new PodBuilder()
        .withNewMetadata()
          .withName(CapturePods.podName(nd))
          // Out of the tenant's reach: only the operator and administrators may touch pods there.
          .withNamespace(settings.captureNamespace())
          .withLabels(CapturePods.labels(nd, request.getNode(), CaptureRequests.vmName(request)))
          .withAnnotations(annotations(nd, request))
        .endMetadata()
        .withNewSpec()
          .withNodeName(request.getNode())
          .withHostNetwork(true)
          .withDnsPolicy("ClusterFirstWithHostNet")
          .withRestartPolicy("Never")
          // The agent never calls the API server (it reports through its termination message and log),
          // so the capture namespace's default account serves, without a token.
          .withAutomountServiceAccountToken(false)
          .withActiveDeadlineSeconds(deadline)
          .withTerminationGracePeriodSeconds(5L)
          .withTolerations(options.tolerations())
          .withPriorityClassName(options.priorityClassName())
          .withImagePullSecrets(options.imagePullSecrets())
          .withNewSecurityContext()
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
          .endSecurityContext()
          .addNewContainer()
            .withName(CapturePods.CONTAINER)
            .withImage(settings.agentImage())
            .withCommand(settings.agentCommand())
            .addNewEnv().withName(CaptureRequest.ENV).withValue(toJson(request)).endEnv()
            // JNA unpacks its native stub under HOME; the root filesystem stays read-only.
            .addNewEnv().withName("HOME").withValue("/tmp").endEnv()
            // The report goes to the termination message; an agent that dies before writing one leaves the tail of
            // its log there instead, which is what the status then shows.
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withNewSecurityContext()
              // Capabilities are only effective for root without ambient capabilities; all others are dropped.
              // NET_RAW: the packet sockets of capture and probes. NET_ADMIN: reading nftables rules and their
              // counters (the kernel asks for it even to list them); nothing else needs it.
              .withRunAsUser(0L)
              .withRunAsNonRoot(false)
              .withPrivileged(false)
              .withAllowPrivilegeEscalation(false)
              .withReadOnlyRootFilesystem(true)
              .withNewCapabilities().withDrop("ALL").withAdd("NET_RAW", "NET_ADMIN").endCapabilities()
            .endSecurityContext()
            // The defaults and why: CapturePodOptions.DEFAULTS.
            .withNewResources()
              .withRequests(new LinkedHashMap<>(options.requests()))
              .withLimits(new LinkedHashMap<>(options.limits()))
            .endResources()
            .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
          .endContainer()
          .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir()
          .endVolume()
        .endSpec()
        .build();
    if (request.getKubevirt() == null) {
      mountLibvirtSocket(pod);
    } else {
      enterLauncherNamespace(pod);
    }
    if (request.getPcapDirectory() != null) {
      // The node's whole pcap root when the agent keeps it pruned, else the diagnosis' own directory.
      mountPcapDirectory(pod, request.getPcapRoot() != null ? request.getPcapRoot() : request.getPcapDirectory());
    }
    return pod;
  }

  /** The installation's annotations, then the operator's own, which the run depends on. */
  private Map<String, String> annotations(NetworkDiagnosis nd, CaptureRequest request) {
    Map<String, String> annotations = new LinkedHashMap<>(options.annotations());
    annotations.putAll(CapturePods.annotations(nd, request.getRun().getNonce()));
    return annotations;
  }

  /** A libvirt target: the node's libvirt socket directory, read-only. */
  private void mountLibvirtSocket(Pod pod) {
    pod.getSpec().getVolumes().add(0, new VolumeBuilder().withName(LIBVIRT_VOLUME)
        .withNewHostPath().withPath(settings.libvirtSocketDir()).withType("Directory").endHostPath().build());
    pod.getSpec().getContainers().get(0).getVolumeMounts().add(0, new VolumeMountBuilder().withName(LIBVIRT_VOLUME)
        .withMountPath(settings.libvirtSocketDir()).withReadOnly(true).build());
  }

  /**
   * A KubeVirt target, and only it: the agent finds the virt-launcher pod's processes (hostPID), opens
   * /proc/PID/ns/net, which the kernel's ptrace access check refuses without CAP_SYS_PTRACE (the launcher runs as
   * another user, or with capabilities the agent lacks), and enters it with setns, which takes CAP_SYS_ADMIN. No
   * libvirt socket: KubeVirt's libvirt lives in the launcher pod.
   */
  private static void enterLauncherNamespace(Pod pod) {
    pod.getSpec().setHostPID(true);
    pod.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getAdd().addAll(List.of("SYS_PTRACE", "SYS_ADMIN"));
  }

  /** A node directory for pcap files, at the same path as on the node, so the status can name it. */
  private static void mountPcapDirectory(Pod pod, String directory) {
    pod.getSpec().getVolumes().add(new VolumeBuilder().withName(PCAP_VOLUME)
        .withNewHostPath().withPath(directory).withType("DirectoryOrCreate").endHostPath().build());
    pod.getSpec().getContainers().get(0).getVolumeMounts().add(new VolumeMountBuilder()
        .withName(PCAP_VOLUME).withMountPath(directory).build());
  }

  private String toJson(CaptureRequest request) {
    try {
      return mapper.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
