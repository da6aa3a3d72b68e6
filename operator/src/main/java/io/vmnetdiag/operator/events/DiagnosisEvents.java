package io.vmnetdiag.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on a diagnosis (or a DiagnosisTrigger), so `kubectl describe nd` tells its story. Events are a
 * courtesy: failing to record one never fails a reconcile.
 */
public final class DiagnosisEvents {
  private static final Logger log = LoggerFactory.getLogger(DiagnosisEvents.class);
  static final String COMPONENT = "vmnetdiag-operator";
  private static final int MAX_MESSAGE = 1024;
  private static final int MAX_NAME = 253;

  private final Clock clock;

  public DiagnosisEvents(Clock clock) {
    this.clock = clock;
  }

  /**
   * The diagnosis' name and a unique suffix, within the 253 characters of a DNS subdomain: a long diagnosis name is
   * cut, and its cut end made alphanumeric, since a label may not end in '-' or '.'.
   */
  static String eventName(String diagnosis, String suffix) {
    String prefix = diagnosis.length() + 1 + suffix.length() <= MAX_NAME ? diagnosis
        : diagnosis.substring(0, MAX_NAME - 1 - suffix.length());
    return prefix.replaceAll("[-.]+$", "") + "." + suffix;
  }

  public void record(KubernetesClient client, HasMetadata nd, EventReason reason, String message) {
    String now = clock.instant().toString();
    String name = eventName(nd.getMetadata().getName(), UUID.randomUUID().toString().substring(0, 8));
    try {
      client.resource(new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(nd.getMetadata().getNamespace()).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(nd.getApiVersion())
              .withKind(nd.getKind())
              .withNamespace(nd.getMetadata().getNamespace())
              .withName(nd.getMetadata().getName())
              .withUid(nd.getMetadata().getUid())
              .withResourceVersion(nd.getMetadata().getResourceVersion())
              .build())
          .withType(reason.type())
          .withReason(reason.name())
          .withMessage(message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE))
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .withNewSource().withComponent(COMPONENT).endSource()
          .build()).create();
    } catch (KubernetesClientException e) {
      log.debug("cannot record event {} on {}: {}", reason, name, e.getMessage());
    }
  }
}
