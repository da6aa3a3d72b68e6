package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Active probes towards the VM, so an idle VM can be diagnosed too. */
public class ProbeSpec {
  public static final int DEFAULT_COUNT = 3;

  @Default("Auto")
  @JsonPropertyDescription("Auto: probe only when nothing is sent towards the VM in the first quarter of the window (what the VM sends on its own does not count) (all probes are sent before its middle). Always or Never.")
  private ProbeMode mode = ProbeMode.Auto;

  @Default("3")
  @Min(1)
  @Max(20)
  @JsonPropertyDescription("Probes of each kind (ARP who-has, ICMP echo, TCP SYN per listed port), sent at most 5 per second; 1 to 20.")
  private Integer count = DEFAULT_COUNT;

  public ProbeMode getMode() { return mode; }
  public void setMode(ProbeMode mode) { this.mode = mode; }
  public Integer getCount() { return count; }
  public void setCount(Integer count) { this.count = count; }
}
