package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.Verdict;
import java.util.List;

/** Decides where a VM's packets are lost from what each hop of its path saw; pure, no I/O. */
public final class VerdictEngine {
  private final CaptureGate captureGate = new CaptureGate();
  private final VerdictRules rules = new VerdictRules();
  private final EvidenceWriter evidenceWriter = new EvidenceWriter();
  private final AddressCheck addressCheck = new AddressCheck();

  /**
   * The verdict for one capture window.
   *
   * @param path the VM's resolved path (its hops and address); may be null
   * @param hops what each hop saw, outside in; any hop may be missing or failed
   */
  public Verdict decide(ResolvedPath path, List<HopObservation> hops) {
    return decide(path, hops, null);
  }

  /**
   * As {@link #decide(ResolvedPath, List)}, quoting the probes the agent followed: one probe seen at every hop
   * and unanswered is the sharpest evidence there is. {@code probes} may be null.
   */
  public Verdict decide(ResolvedPath path, List<HopObservation> hops, ProbeReport probes) {
    return decide(path, hops, probes, null);
  }

  /**
   * As {@link #decide(ResolvedPath, List, ProbeReport)}, quoting the kernel's drop reasons the agent counted on the
   * node: node-wide counts, so they are evidence only and never decide the verdict. {@code kernelDrops} may be null.
   */
  public Verdict decide(ResolvedPath path, List<HopObservation> hops, ProbeReport probes, KernelDrops kernelDrops) {
    PathView view = PathView.of(path, hops);
    Finding finding = captureGate.unobserved(view).or(() -> addressCheck.mismatch(view)).orElseGet(() -> {
      Finding tentative = rules.decide(view);
      return captureGate.lossy(tentative).orElse(tentative);
    });
    // A port that forwards nothing is named first: nftables rules or qdiscs cannot have seen what it never passed.
    Finding noted = DropReasonEvidence.noting(QdiscEvidence.noting(FirewallEvidence.noting(PortStateEvidence.noting(
        LinkStateEvidence.noting(ProbeEvidence.noting(finding, probes), path), view), view), view), view);
    // a loss on the node keeps a line for the node-wide drop reasons; any other verdict shows them if there is room
    List<String> nodeWide = DropReasonEvidence.nodeWideLine(kernelDrops).stream().toList();
    if (DropReasonEvidence.LOSS_ON_NODE.contains(noted.reason())) {
      return evidenceWriter.write(view, noted, nodeWide);
    }
    Verdict verdict = evidenceWriter.write(view, noted);
    return verdict.getEvidence().size() + nodeWide.size() > EvidenceWriter.MAX_LINES ? verdict
        : evidenceWriter.write(view, noted, nodeWide);
  }
}
