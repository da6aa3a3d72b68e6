package io.vmnetdiag.operator.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One alert's outcome, in the response body and the log.
 *
 * @param trigger namespace/name of the DiagnosisTrigger, when one matched
 * @param diagnosis namespace/name of the diagnosis created or found, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertResult(String fingerprint, AlertOutcome outcome, String trigger, String diagnosis, String message) {
}
