package io.vmnetdiag.capture.probe;

/** Why probes could not be sent, as a sentence for the report. */
public final class ProbeFailure extends Exception {
  public ProbeFailure(String sentence) {
    super(sentence);
  }
}
