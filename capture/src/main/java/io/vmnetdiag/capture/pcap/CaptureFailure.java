package io.vmnetdiag.capture.pcap;

/** Why one hop cannot be captured, as a sentence for {@code HopObservation.failure}. */
public final class CaptureFailure extends Exception {
  CaptureFailure(String sentence) {
    super(sentence);
  }

  /** "{@code prefix}: {@code detail}." with the detail's own trailing period dropped. */
  static CaptureFailure because(String prefix, Throwable cause) {
    String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
    while (detail.endsWith(".")) {
      detail = detail.substring(0, detail.length() - 1);
    }
    CaptureFailure failure = new CaptureFailure(prefix + ": " + detail + ".");
    failure.initCause(cause);
    return failure;
  }
}
