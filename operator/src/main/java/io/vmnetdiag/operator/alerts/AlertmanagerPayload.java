package io.vmnetdiag.operator.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook message, version 4 (notify/webhook: template.Data plus version, groupKey and
 * truncatedAlerts). Fields Alertmanager may add later are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerPayload(
    String version,
    String groupKey,
    Long truncatedAlerts,
    String status,
    String receiver,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    String externalURL,
    List<Alert> alerts) {

  /** The one version this receiver reads. */
  public static final String VERSION = "4";
  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";

  /** One alert of the group. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Alert(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      String startsAt,
      String endsAt,
      String generatorURL,
      String fingerprint) {

    public boolean firing() {
      return FIRING.equals(status);
    }
  }
}
