package io.vmnetdiag.operator.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vmnetdiag.api.v1alpha1.CaptureSpec;
import io.vmnetdiag.api.v1alpha1.DiagnosisTrigger;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosisSpec;
import io.vmnetdiag.api.v1alpha1.TriggerReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * The NetworkDiagnosis an alert starts: named after its VM and a cooldown-long time bucket, so every replica and
 * every repeated delivery within the bucket computes the same name and the API server keeps only one; labelled
 * with the VM's hash so the receiver finds a VM's earlier diagnoses; annotated with the alert.
 */
public final class AlertDiagnoses {
  /** The hash of the VM's identity (see {@link AlertTargets.Mapped#identity()}). */
  public static final String LABEL_VM = "alerts.vmnetdiag.io/vm";
  public static final String ANNOTATION_TRIGGER = "alerts.vmnetdiag.io/trigger";
  public static final String ANNOTATION_FINGERPRINT = "alerts.vmnetdiag.io/fingerprint";
  public static final String ANNOTATION_STARTS_AT = "alerts.vmnetdiag.io/starts-at";
  public static final String ANNOTATION_GENERATOR_URL = "alerts.vmnetdiag.io/generator-url";
  private static final int MAX_VM_PART = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertDiagnoses() {
  }

  /** alert-VMNAME-HASH-BUCKET: readable, at most 60 characters, the same for every delivery in one bucket. */
  static String name(AlertTargets.Mapped vm, Instant now, Duration cooldown) {
    String readable = vm.vmName().toLowerCase().replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    if (readable.length() > MAX_VM_PART) {
      readable = readable.substring(0, MAX_VM_PART).replaceAll("-+$", "");
    }
    long bucket = now.getEpochSecond() / cooldown.getSeconds();
    return "alert-" + (readable.isEmpty() ? "" : readable + "-") + vmHash(vm.identity()) + "-"
        + Long.toString(bucket, 36);
  }

  /** The label value of a VM: ten hex digits of its identity's SHA-256. */
  static String vmHash(String identity) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static NetworkDiagnosis build(DiagnosisTrigger trigger, AlertmanagerPayload.Alert alert, AlertTargets.Mapped vm,
      String name) {
    NetworkDiagnosis nd = new NetworkDiagnosis();
    Map<String, String> annotations = new java.util.TreeMap<>();
    annotations.put(ANNOTATION_TRIGGER, trigger.getMetadata().getName());
    annotations.put(ANNOTATION_FINGERPRINT, alert.fingerprint());
    annotations.put(ANNOTATION_STARTS_AT, alert.startsAt());
    if (alert.generatorURL() != null && !alert.generatorURL().isBlank()) {
      annotations.put(ANNOTATION_GENERATOR_URL, alert.generatorURL());
    }
    nd.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(trigger.getMetadata().getNamespace())
        .addToLabels(LABEL_VM, vmHash(vm.identity())).withAnnotations(annotations).build());
    NetworkDiagnosisSpec spec = new NetworkDiagnosisSpec();
    spec.setTarget(vm.target());
    // A copy: the trigger in the informer's cache is shared.
    spec.setCapture(JSON.convertValue(trigger.getSpec().getCapture(), CaptureSpec.class));
    nd.setSpec(spec);
    return nd;
  }

  /** The trigger and alert a diagnosis' annotations name, for its status; null for a hand-written diagnosis. */
  public static TriggerReference reference(NetworkDiagnosis nd) {
    Map<String, String> annotations = nd.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(ANNOTATION_TRIGGER)) {
      return null;
    }
    return new TriggerReference(annotations.get(ANNOTATION_TRIGGER), annotations.get(ANNOTATION_FINGERPRINT),
        annotations.get(ANNOTATION_STARTS_AT));
  }
}
