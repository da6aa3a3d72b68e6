package io.vmnetdiag.operator.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an installation sets on every capture pod (the chart's capture.pod, VMNETDIAG_CAPTURE_POD as JSON): the agent
 * container's resources, tolerations, priority class, extra annotations and pull secrets. The defaults live here.
 *
 * @param requests resource requests of the agent container, by resource name
 * @param limits resource limits of the agent container, by resource name
 * @param tolerations the pod's tolerations
 * @param priorityClassName the pod's priority class; null: none
 * @param annotations added to the pod's annotations; the operator's own win
 * @param imagePullSecrets secrets in the capture namespace for pulling the agent image
 */
public record CapturePodOptions(
    Map<String, Quantity> requests,
    Map<String, Quantity> limits,
    List<Toleration> tolerations,
    String priorityClassName,
    Map<String, String> annotations,
    List<LocalObjectReference> imagePullSecrets) {

  /**
   * Measured: an agent capturing the lab's three hops (three 8 MiB packet rings, a 64 MiB heap cap) peaks at 134 MiB
   * RSS; one hop through the benchmark's 10-million-packet flood at 71 MiB. The limit leaves room for a busier node.
   * CPU (bench/README.md): about 0.28 s to start and arm, 0.18 s fixed per window, then the per-packet cost; the
   * request is what an idle VM's diagnosis needs. nodeName bypasses the scheduler, but a NoExecute taint would still
   * evict the pod: it tolerates every taint.
   */
  public static final CapturePodOptions DEFAULTS = new CapturePodOptions(
      Map.of("cpu", new Quantity("100m"), "memory", new Quantity("160Mi")),
      Map.of("memory", new Quantity("256Mi")),
      List.of(new TolerationBuilder().withOperator("Exists").build()),
      null,
      Map.of(),
      List.of());

  private static final ObjectMapper JSON = new ObjectMapper();

  public CapturePodOptions {
    requests = Map.copyOf(requests);
    limits = Map.copyOf(limits);
    tolerations = List.copyOf(tolerations);
    priorityClassName = priorityClassName == null || priorityClassName.isBlank() ? null : priorityClassName;
    annotations = Map.copyOf(annotations);
    imagePullSecrets = List.copyOf(imagePullSecrets);
  }

  /** The chart's JSON over the defaults: resources key by key, the rest replaced when set. Null or blank: defaults. */
  public static CapturePodOptions fromJson(String json) {
    if (json == null || json.isBlank()) {
      return DEFAULTS;
    }
    Values values;
    try {
      values = JSON.readValue(json, Values.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("VMNETDIAG_CAPTURE_POD is not the chart's capture.pod as JSON: "
          + e.getMessage(), e);
    }
    if (values == null) {
      return DEFAULTS;
    }
    ResourceRequirements resources = values.resources == null ? new ResourceRequirements() : values.resources;
    return new CapturePodOptions(
        merged(DEFAULTS.requests, resources.getRequests()),
        merged(DEFAULTS.limits, resources.getLimits()),
        values.tolerations == null || values.tolerations.isEmpty() ? DEFAULTS.tolerations : values.tolerations,
        values.priorityClassName,
        values.annotations == null ? Map.of() : values.annotations,
        values.imagePullSecrets == null ? List.of() : values.imagePullSecrets);
  }

  private static Map<String, Quantity> merged(Map<String, Quantity> defaults, Map<String, Quantity> set) {
    Map<String, Quantity> merged = new LinkedHashMap<>(defaults);
    if (set != null) {
      merged.putAll(set);
    }
    return merged;
  }

  /** The chart's capture.pod as it arrives; unknown keys are refused (the chart's schema refuses them first). */
  static final class Values {
    public ResourceRequirements resources;
    public List<Toleration> tolerations;
    public String priorityClassName;
    public Map<String, String> annotations;
    public List<LocalObjectReference> imagePullSecrets;
  }
}
