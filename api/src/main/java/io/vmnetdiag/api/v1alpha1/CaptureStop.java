package io.vmnetdiag.api.v1alpha1;

/** When the capture window closes. */
public enum CaptureStop {
  /** As soon as the evidence is conclusive and has held for a second (the seed's fault in about two seconds), else at the window's end. */
  WhenConclusive,
  /** Always at the window's end, for example to keep full pcap files. */
  AtWindowEnd
}
