package io.vmnetdiag.diagnosis;

import io.vmnetdiag.api.v1alpha1.DropReasonCount;
import io.vmnetdiag.api.v1alpha1.FirewallRuleHit;
import io.vmnetdiag.api.v1alpha1.Hop;
import io.vmnetdiag.api.v1alpha1.HopObservation;
import io.vmnetdiag.api.v1alpha1.HopRole;
import io.vmnetdiag.api.v1alpha1.NeighborLookup;
import io.vmnetdiag.api.v1alpha1.PacketKind;
import io.vmnetdiag.api.v1alpha1.PacketSample;
import io.vmnetdiag.api.v1alpha1.QdiscDrop;
import io.vmnetdiag.api.v1alpha1.ResolvedPath;
import io.vmnetdiag.api.v1alpha1.VlanCount;
import java.util.ArrayList;
import java.util.List;

/** Builds hop observations for tests: {@code tap("vnet3").to(TcpSyn, 36).from(ArpRequest, 6)}. */
final class HopBuilder {
  static final String VM = "10.77.0.51";

  private final HopObservation hop;

  private HopBuilder(HopRole role, String name) {
    hop = new HopObservation(role, name);
  }

  static HopBuilder uplink(String name) {
    return new HopBuilder(HopRole.Uplink, name);
  }

  static HopBuilder bridge(String name) {
    return new HopBuilder(HopRole.Bridge, name);
  }

  /** A hop of any role: a KubeVirt pod's veth, interface or bridge. */
  static HopBuilder of(HopRole role, String name) {
    return new HopBuilder(role, name);
  }

  static HopBuilder tap(String name) {
    return new HopBuilder(HopRole.Tap, name);
  }

  static HopBuilder guest(String name) {
    return new HopBuilder(HopRole.Guest, name);
  }

  HopBuilder to(PacketKind kind, long n) {
    hop.getToVm().add(kind, n);
    return this;
  }

  HopBuilder from(PacketKind kind, long n) {
    hop.getFromVm().add(kind, n);
    return this;
  }

  /** The VM sent {@code n} packets of this kind to the node itself (its MAC): counted in fromVm too. */
  HopBuilder fromToNode(PacketKind kind, long n) {
    hop.getFromVm().add(kind, n);
    hop.getFromVmToNode().add(kind, n);
    return this;
  }

  /** {@code n} of the hop's frames carried 802.1Q tag {@code id}. */
  HopBuilder vlan(int id, long n) {
    hop.getVlans().add(new VlanCount(id, n));
    return this;
  }

  /**
   * The agent tied nftables rule {@code family table chain} (hook forward) handle {@code handle} to this hop:
   * {@code packets} counted during the window, null for a rule without a counter.
   */
  HopBuilder rule(String family, String table, String chain, long handle, String text, String verdict, Long packets,
      String attribution) {
    FirewallRuleHit rule = new FirewallRuleHit();
    rule.setFamily(family);
    rule.setTable(table);
    rule.setChain(chain);
    rule.setHook("forward");
    rule.setHandle(handle);
    rule.setRule(text);
    rule.setVerdict(verdict);
    rule.setPackets(packets);
    rule.setBytes(packets == null ? null : packets * 60);
    rule.setAttribution(attribution);
    hop.getFirewallRules().add(rule);
    return this;
  }

  /** A qdisc on the hop's device dropped {@code drops} packets during the window. */
  HopBuilder qdisc(String kind, String handle, long drops) {
    hop.getQdiscDrops().add(new QdiscDrop(kind, handle, "root", drops, 0));
    return this;
  }

  /** The agent tied {@code count} of the kernel's {@code reason} drops in {@code function} to this hop. */
  HopBuilder dropReason(String reason, String function, long count, String attribution) {
    DropReasonCount drop = new DropReasonCount(reason, function, count);
    drop.setAttribution(attribution);
    hop.getDropReasons().add(drop);
    return this;
  }

  /** The VM's MAC sent frames from this address. */
  HopBuilder source(String address) {
    hop.getVmSourceAddresses().add(address);
    return this;
  }

  HopBuilder kernelDrops(long n) {
    hop.getCapture().setDroppedByKernel(n);
    return this;
  }

  HopBuilder failure(String why) {
    hop.setFailure(why);
    return this;
  }

  HopBuilder samples(PacketSample... samples) {
    hop.getSamples().addAll(List.of(samples));
    return this;
  }

  /** The VM looked up {@code address} {@code requests} times, was handed {@code answers}, asked {@code again} after. */
  HopBuilder lookup(String address, long requests, long answers, long again) {
    hop.getNeighborLookups().add(new NeighborLookup(address, requests, answers, again));
    return this;
  }

  HopObservation build() {
    hop.getCapture().setCaptured(hop.getToVm().total() + hop.getFromVm().total());
    hop.getCapture().setReceived(hop.getCapture().getCaptured() + hop.getCapture().getDroppedByKernel());
    return hop;
  }

  /** A path planning exactly the given hops, for the VM at {@link #VM}. */
  static ResolvedPath pathOf(List<HopObservation> hops) {
    return pathOf(hops, VM);
  }

  /** A path planning exactly the given hops, for the VM at {@code vmAddress}. */
  static ResolvedPath pathOf(List<HopObservation> hops, String vmAddress) {
    ResolvedPath path = new ResolvedPath();
    path.setVmAddress(vmAddress);
    path.setDomain("vm-under-test");
    List<Hop> planned = new ArrayList<>();
    for (HopObservation o : hops) {
      planned.add(new Hop(o.getRole(), o.getInterfaceName()));
    }
    path.setHops(planned);
    return path;
  }
}
