package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The alerts a trigger answers, the VM their labels name, and the diagnosis it creates. */
public class DiagnosisTriggerSpec {
  /** The cooldown when a trigger sets none: one alert-started diagnosis per VM per quarter hour. */
  public static final String DEFAULT_COOLDOWN = "15m";
  /** Whole seconds, minutes or hours, at least one second. */
  public static final String COOLDOWN_PATTERN = "^[1-9][0-9]{0,5}(s|m|h)$";

  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Label matchers, all of which a firing alert must satisfy, as in Alertmanager's routes"
      + " (a missing label is the empty string). At least one.")
  private List<AlertMatcher> matchers = new ArrayList<>();

  @Required
  @JsonPropertyDescription("Which alert labels name the VM: exactly one of kubevirt or libvirt.")
  private TriggerTarget target;

  @Default("{}")
  @JsonPropertyDescription("The capture of every diagnosis this trigger creates (window, probes, pcap), as"
      + " spec.capture of a NetworkDiagnosis.")
  private CaptureSpec capture = new CaptureSpec();

  @Default(DEFAULT_COOLDOWN)
  @Pattern(COOLDOWN_PATTERN)
  @JsonPropertyDescription("After an alert-started diagnosis of a VM, further alerts for that VM start none for this"
      + " long (such as 30s, 15m, 2h); nor while one is still running.")
  private String cooldown = DEFAULT_COOLDOWN;

  public List<AlertMatcher> getMatchers() { return matchers; }
  public void setMatchers(List<AlertMatcher> matchers) { this.matchers = matchers; }
  public TriggerTarget getTarget() { return target; }
  public void setTarget(TriggerTarget target) { this.target = target; }
  public CaptureSpec getCapture() { return capture; }
  public void setCapture(CaptureSpec capture) { this.capture = capture; }
  public String getCooldown() { return cooldown; }
  public void setCooldown(String cooldown) { this.cooldown = cooldown; }
}
