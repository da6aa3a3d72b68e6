package io.vmnetdiag.api.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vmnetdiag.api.v1alpha1.CaptureWindowReport;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.KernelDrops;
import io.vmnetdiag.api.v1alpha1.PcapLocation;
import io.vmnetdiag.api.v1alpha1.ProbeReport;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import java.util.ArrayList;
import java.util.List;

/** What the node agent found: the resolved path and each hop's observation, or why it could not. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentReport {
  private ResolvedPath path;
  private List<HopObservation> hops = new ArrayList<>();
  private String captureStartedAt;
  private String captureEndedAt;
  private ProbeReport probes;
  private CaptureWindowReport window;
  private KernelDrops kernelDrops;
  private AgentFailure failure;
  /** The request's run, echoed, so the operator can tell this run's report from any other. */
  private RunBinding run;
  /** Where the pcap files went and what was pruned to make room; null when the request asked for none. */
  private PcapLocation pcap;

  public ResolvedPath getPath() { return path; }
  public void setPath(ResolvedPath path) { this.path = path; }
  public List<HopObservation> getHops() { return hops; }
  public void setHops(List<HopObservation> hops) { this.hops = hops; }
  public String getCaptureStartedAt() { return captureStartedAt; }
  public void setCaptureStartedAt(String captureStartedAt) { this.captureStartedAt = captureStartedAt; }
  public String getCaptureEndedAt() { return captureEndedAt; }
  public void setCaptureEndedAt(String captureEndedAt) { this.captureEndedAt = captureEndedAt; }
  public PcapLocation getPcap() { return pcap; }
  public void setPcap(PcapLocation pcap) { this.pcap = pcap; }
  public AgentFailure getFailure() { return failure; }
  public void setFailure(AgentFailure failure) { this.failure = failure; }
  public CaptureWindowReport getWindow() { return window; }
  public void setWindow(CaptureWindowReport window) { this.window = window; }
  public RunBinding getRun() { return run; }
  public void setRun(RunBinding run) { this.run = run; }
  public KernelDrops getKernelDrops() { return kernelDrops; }
  public void setKernelDrops(KernelDrops kernelDrops) { this.kernelDrops = kernelDrops; }
  public ProbeReport getProbes() { return probes; }
  public void setProbes(ProbeReport probes) { this.probes = probes; }
}
