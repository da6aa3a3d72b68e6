package io.vmnetdiag.operator.capture;

import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Names and labels of capture pods: deterministic, so a restarted operator finds its own pods. */
public final class CapturePods {
  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String LABEL_DIAGNOSIS = "vmnetdiag.io/diagnosis";
  public static final String LABEL_GENERATION = "vmnetdiag.io/generation";
  public static final String MANAGED_BY = "vmnetdiag-operator";
  /** Selects every capture pod this operator manages. */
  public static final String SELECTOR = LABEL_MANAGED_BY + "=" + MANAGED_BY + "," + LABEL_COMPONENT + "=capture";
  public static final String CONTAINER = "agent";

  private static final int MAX_NAME = 63;

  private CapturePods() {
  }

  /** The capture pod name for a diagnosis' current generation. */
  public static String podName(NetworkDiagnosis nd) {
    String suffix = "-g" + nd.getMetadata().getGeneration();
    String name = "nd-" + nd.getMetadata().getName() + suffix;
    if (name.length() <= MAX_NAME) {
      return name;
    }
    // Long CR names keep a readable prefix and a hash, so two long names never collide.
    String hash = sha256(nd.getMetadata().getName()).substring(0, 8);
    String prefix = ("nd-" + nd.getMetadata().getName()).substring(0, MAX_NAME - suffix.length() - 9);
    return (prefix.endsWith("-") || prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) + "x" : prefix)
        + "-" + hash + suffix;
  }

  /** Labels of a diagnosis' capture pod. */
  public static Map<String, String> labels(NetworkDiagnosis nd) {
    return Map.of(
        LABEL_NAME, "vmnetdiag",
        LABEL_COMPONENT, "capture",
        LABEL_MANAGED_BY, MANAGED_BY,
        LABEL_DIAGNOSIS, labelValue(nd.getMetadata().getName()),
        LABEL_GENERATION, String.valueOf(nd.getMetadata().getGeneration()));
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
