package io.vmnetdiag.operator.capture;

import io.fabric8.kubernetes.api.model.Pod;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.operator.rerun.RunNumber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Names, labels and annotations of capture pods: deterministic, so a restarted operator finds its own pods.
 * Capture pods live in the capture namespace, not their diagnosis' (owner references cannot cross namespaces),
 * so each pod names its diagnosis: namespace and name in annotations, UID in a label.
 */
public final class CapturePods {
  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  /** The diagnosis' name (hashed when too long for a label), for people reading `kubectl get pods`. */
  public static final String LABEL_DIAGNOSIS = "vmnetdiag.io/diagnosis";
  /** The diagnosis' UID: which pods belong to which diagnosis, and to which incarnation of its name. */
  public static final String LABEL_DIAGNOSIS_UID = "vmnetdiag.io/diagnosis-uid";
  public static final String LABEL_GENERATION = "vmnetdiag.io/generation";
  /** One VM (node and domain, hashed): at most one capture pod per VM at a time. */
  public static final String LABEL_VM = "vmnetdiag.io/vm";
  public static final String ANNOTATION_NAMESPACE = "vmnetdiag.io/diagnosis-namespace";
  public static final String ANNOTATION_NAME = "vmnetdiag.io/diagnosis-name";
  /** The run's nonce, also in the request: how a restarted operator recognises the pod it created. */
  public static final String ANNOTATION_NONCE = "vmnetdiag.io/nonce";
  public static final String MANAGED_BY = "vmnetdiag-operator";
  /** Selects every capture pod this operator manages. */
  public static final String SELECTOR = LABEL_MANAGED_BY + "=" + MANAGED_BY + "," + LABEL_COMPONENT + "=capture";
  public static final String CONTAINER = "agent";
  /** The pod field the API server selects a node's pods by. */
  public static final String FIELD_NODE = "spec.nodeName";

  private static final int MAX_NAME = 63;

  private CapturePods() {
  }

  /** The capture pod name for a diagnosis' current generation, run and attempt. */
  public static String podName(NetworkDiagnosis nd) {
    return podName(nd.getMetadata().getNamespace(), nd.getMetadata().getName(), nd.getMetadata().getGeneration(),
        RunNumber.of(nd), attempt(nd));
  }

  /** The current run's attempt, from 1: each attempt has a pod of its own name, so none meets another's. */
  public static int attempt(NetworkDiagnosis nd) {
    var status = nd.getStatus();
    return status == null || status.getAttempt() == null || status.getObservedGeneration() == null
        || !status.getObservedGeneration().equals(nd.getMetadata().getGeneration()) ? 1 : status.getAttempt();
  }

  /** The first run's first attempt's pod name. */
  public static String podName(String namespace, String name, long generation) {
    return podName(namespace, name, generation, 1, 1);
  }

  /**
   * nd-NAME-HASH-gGEN, then -rRUN for a re-run and -aN from a run's second attempt on: the name for people, a hash
   * of namespace/name because diagnoses of every namespace share the capture namespace (ns a-b name c and ns a name
   * b-c must not meet); each run and attempt its own name, so an earlier pod, possibly still terminating, never
   * meets it.
   */
  public static String podName(String namespace, String name, long generation, long run, int attempt) {
    String suffix = "-" + sha256(namespace + "/" + name).substring(0, 8) + "-g" + generation
        + (run > 1 ? "-r" + run : "") + (attempt > 1 ? "-a" + attempt : "");
    String prefix = "nd-" + name;
    if (prefix.length() + suffix.length() > MAX_NAME) {
      prefix = prefix.substring(0, MAX_NAME - suffix.length());
      if (prefix.endsWith("-") || prefix.endsWith(".")) {
        prefix = prefix.substring(0, prefix.length() - 1) + "x";
      }
    }
    return prefix + suffix;
  }

  /** Labels of a diagnosis' capture pod. */
  public static Map<String, String> labels(NetworkDiagnosis nd, String node, String domain) {
    return Map.of(
        LABEL_NAME, "vmnetdiag",
        LABEL_COMPONENT, "capture",
        LABEL_MANAGED_BY, MANAGED_BY,
        LABEL_DIAGNOSIS, labelValue(nd.getMetadata().getName()),
        LABEL_DIAGNOSIS_UID, nd.getMetadata().getUid(),
        LABEL_GENERATION, String.valueOf(nd.getMetadata().getGeneration()),
        LABEL_VM, vmKey(node, domain));
  }

  /** Annotations of a diagnosis' capture pod: where its diagnosis is, and the run's nonce. */
  public static Map<String, String> annotations(NetworkDiagnosis nd, String nonce) {
    return Map.of(
        ANNOTATION_NAMESPACE, nd.getMetadata().getNamespace(),
        ANNOTATION_NAME, nd.getMetadata().getName(),
        ANNOTATION_NONCE, nonce);
  }

  /** True when the pod was made for this diagnosis (same UID, so not for an earlier one of the same name). */
  public static boolean belongsTo(Pod pod, NetworkDiagnosis nd) {
    return pod.getMetadata().getLabels() != null
        && nd.getMetadata().getUid().equals(pod.getMetadata().getLabels().get(LABEL_DIAGNOSIS_UID));
  }

  /** A label value for one VM: its node and domain, hashed to fit. */
  public static String vmKey(String node, String domain) {
    return "vm-" + sha256(node + "/" + domain).substring(0, 16);
  }

  private static String labelValue(String name) {
    return name.length() <= MAX_NAME ? name : name.substring(0, 54) + "-" + sha256(name).substring(0, 8);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
