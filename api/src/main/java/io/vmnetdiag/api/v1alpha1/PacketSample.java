package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One captured packet, as data and as tcpdump prints it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PacketSample {
  @JsonPropertyDescription("When it was captured (RFC 3339, microseconds).")
  private String time;

  @JsonPropertyDescription("ToVm or FromVm.")
  private TrafficDirection direction;

  @JsonPropertyDescription("The packet kind.")
  private PacketKind kind;

  @JsonPropertyDescription("The outer 802.1Q VLAN id, for a tagged frame (tcpdump -nn does not print it).")
  private Integer vlan;

  @JsonPropertyDescription("Source IP address; for ARP the sender's protocol address.")
  private String source;

  @JsonPropertyDescription("Destination IP address; for ARP the target's protocol address.")
  private String destination;

  @JsonPropertyDescription("TCP or UDP source port.")
  private Integer sourcePort;

  @JsonPropertyDescription("TCP or UDP destination port.")
  private Integer destinationPort;

  @JsonPropertyDescription("For neighbour resolution (ARP, IPv6 neighbour discovery): the address asked for or announced.")
  private String target;

  @JsonPropertyDescription("ICMP / ICMPv6 echo identifier.")
  private Integer icmpId;

  @JsonPropertyDescription("ICMP / ICMPv6 echo sequence number.")
  private Integer icmpSequence;

  @JsonPropertyDescription("The packet as tcpdump -nn prints it (time of day in UTC).")
  private String text;

  public String getTime() { return time; }
  public void setTime(String time) { this.time = time; }
  public TrafficDirection getDirection() { return direction; }
  public void setDirection(TrafficDirection direction) { this.direction = direction; }
  public PacketKind getKind() { return kind; }
  public void setKind(PacketKind kind) { this.kind = kind; }
  public Integer getVlan() { return vlan; }
  public void setVlan(Integer vlan) { this.vlan = vlan; }
  public String getSource() { return source; }
  public void setSource(String source) { this.source = source; }
  public String getDestination() { return destination; }
  public void setDestination(String destination) { this.destination = destination; }
  public Integer getSourcePort() { return sourcePort; }
  public void setSourcePort(Integer sourcePort) { this.sourcePort = sourcePort; }
  public Integer getDestinationPort() { return destinationPort; }
  public void setDestinationPort(Integer destinationPort) { this.destinationPort = destinationPort; }
  public String getTarget() { return target; }
  public void setTarget(String target) { this.target = target; }
  public Integer getIcmpId() { return icmpId; }
  public void setIcmpId(Integer icmpId) { this.icmpId = icmpId; }
  public Integer getIcmpSequence() { return icmpSequence; }
  public void setIcmpSequence(Integer icmpSequence) { this.icmpSequence = icmpSequence; }
  public String getText() { return text; }
  public void setText(String text) { this.text = text; }
}
